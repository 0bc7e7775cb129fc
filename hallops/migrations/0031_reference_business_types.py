from django.db import migrations

from hallops.reference import load_reference


def load(apps, schema_editor):
    load_reference(apps, "business_types.json")
    load_reference(apps, "product_lines.json")


class Migration(migrations.Migration):
    dependencies = [("hallops", "0030_business_day")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
