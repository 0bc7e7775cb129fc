from django.db import migrations, models


def unlink_other_halls(apps, schema_editor):
    """Earlier orders of other halls become a count: a store must not read them.

    The repeat flag of existing orders stays as it was, so past KPIs do not change.
    """
    WorkOrder = apps.get_model("complaints", "WorkOrder")
    Link = WorkOrder.earlier_orders.through
    cross = Link.objects.exclude(from_workorder__store_id=models.F("to_workorder__store_id"))
    counts: dict[int, int] = {}
    for order_id in cross.values_list("from_workorder_id", flat=True):
        counts[order_id] = counts.get(order_id, 0) + 1
    for order_id, count in counts.items():
        WorkOrder.objects.filter(pk=order_id).update(repeat_elsewhere_count=min(count, 32767))
    cross.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0004_english_only_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="workorder",
            name="repeat_elsewhere_count",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="earlier orders at other halls"
            ),
        ),
        migrations.RunPython(unlink_other_halls, migrations.RunPython.noop),
    ]
