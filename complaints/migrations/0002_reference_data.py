from django.db import migrations

from hallops.reference import load_reference


def _resolve(model_label, fields, apps):
    Category = apps.get_model("complaints", "Category")
    for name in ("parent", "category"):
        if name in fields:
            code = fields.pop(name)
            fields[f"{name}_id"] = Category.objects.get(code=code).pk if code else None
    return fields


def load(apps, schema_editor):
    load_reference(apps, "complaint_categories.json", resolve=_resolve)
    load_reference(apps, "complaint_sla.json", resolve=_resolve)
    load_reference(apps, "complaint_scenarios.json")
    load_reference(apps, "complaint_handbook.json")
    load_reference(apps, "complaint_requirements.json", key="source")
    load_reference(apps, "complaint_kpi_targets.json", key="kpi")
    apps.get_model("complaints", "ComplaintRules").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_work_orders")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
