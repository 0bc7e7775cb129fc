"""Work orders take the customer levels of the clerks' service records (one CustomerLevel for
both, hallops.models.customers). Stored levels move to the shared list: GoTone becomes
"GoTone VIP", and a VIP whose tier the order never recorded becomes the lowest tier, silver
(it says VIP without claiming more). Going back, every tier reads as VIP again. Audit entries'
before/after of work orders are moved too, so the audit trail shows the level in words."""

from django.db import migrations, models

FORWARD = {"gotone": "gotone_vip", "vip": "silver"}
BACKWARD = {"gotone_vip": "gotone", "silver": "vip", "gold": "vip", "platinum": "vip"}


def remap_snapshots(entries, field, mapping):
    """Rewrite `field` in the before/after of `entries`; returns how many entries changed."""
    changed = []
    for entry in entries.iterator(chunk_size=2000):
        dirty = False
        for side in ("before", "after"):
            data = getattr(entry, side)
            if isinstance(data, dict) and data.get(field) in mapping:
                data[field] = mapping[data[field]]
                dirty = True
        if dirty:
            changed.append(entry)
    entries.model.objects.bulk_update(changed, ["before", "after"], batch_size=500)
    return len(changed)


def remap(apps, mapping):
    WorkOrder = apps.get_model("complaints", "WorkOrder")
    for old, new in mapping.items():
        WorkOrder.objects.filter(customer_level=old).update(customer_level=new)
    AuditEntry = apps.get_model("hallops", "AuditEntry")
    remap_snapshots(AuditEntry.objects.filter(object_type="complaints.workorder"), "customer_level", mapping)


def forward(apps, schema_editor):
    remap(apps, FORWARD)


def backward(apps, schema_editor):
    remap(apps, BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0005_repeat_elsewhere_count'),
        ('hallops', '0052_cash_entry_caps_and_count_bounds'),
    ]

    operations = [
        migrations.AlterField(
            model_name='workorder',
            name='customer_level',
            field=models.CharField(choices=[('ordinary', 'Ordinary'), ('silver', 'Silver'), ('gold', 'Gold'), ('platinum', 'Platinum / diamond'), ('group', 'Group customer'), ('gotone_vip', 'GoTone VIP')], default='ordinary', max_length=12, verbose_name='customer level'),
        ),
        migrations.RunPython(forward, backward),
    ]
