from django.db import migrations

from hallops.reference import load_reference


def _resolve(label, fields, apps):
    if label == "hallops.checklistitem":
        template = apps.get_model("hallops", "ChecklistTemplate")
        fields["template"] = template.objects.get(code=fields["template"])
    return fields


def load(apps, schema_editor):
    load_reference(apps, "checklists.json", resolve=_resolve)


class Migration(migrations.Migration):
    dependencies = [("hallops", "0010_dutyops")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
