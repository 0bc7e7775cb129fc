from django.db import migrations

from hallops.reference import load_reference


def load(apps, schema_editor):
    load_reference(apps, "floor_queue_types.json")
    load_reference(apps, "floor_desk_ready_items.json")


class Migration(migrations.Migration):
    dependencies = [("floor", "0001_floor")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
