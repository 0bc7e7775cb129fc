from django.db import migrations

from hallops.reference import load_reference


def load(apps, schema_editor):
    load_reference(apps, "material_items.json")


class Migration(migrations.Migration):
    dependencies = [("materials", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
