"""Opinions received in the hall are stored as "onsite", the spelling complaint work orders
use for the same thing (complaints.Source.ONSITE), instead of "on_site". Audit entries'
before/after of opinions are moved too, so the audit trail shows the channel in words."""

from django.db import migrations, models

FORWARD = {"on_site": "onsite"}
BACKWARD = {"onsite": "on_site"}


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
    CustomerOpinion = apps.get_model("hallops", "CustomerOpinion")
    for old, new in mapping.items():
        CustomerOpinion.objects.filter(channel=old).update(channel=new)
    AuditEntry = apps.get_model("hallops", "AuditEntry")
    remap_snapshots(AuditEntry.objects.filter(object_type="hallops.customeropinion"), "channel", mapping)


def forward(apps, schema_editor):
    remap(apps, FORWARD)


def backward(apps, schema_editor):
    remap(apps, BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ('hallops', '0054_checklist_reading_kinds_and_ranges'),
    ]

    operations = [
        migrations.AlterField(
            model_name='customeropinion',
            name='channel',
            field=models.CharField(choices=[('onsite', 'In the hall'), ('book', 'Opinion book'), ('phone', 'Phone'), ('10086', '10086'), ('online', 'Online / app'), ('other', 'Other')], max_length=10, verbose_name='channel'),
        ),
        migrations.RunPython(forward, backward),
    ]
