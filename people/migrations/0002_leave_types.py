from django.db import migrations

from hallops.reference import load_reference


def load(apps, schema_editor):
    load_reference(apps, "leave_types.json")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
