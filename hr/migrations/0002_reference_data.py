"""Default assessment schemes per role (Chinese + English) and the management stories (管理小故事)
of the handbook, from fixtures/."""

from django.db import migrations

from hallops.reference import load_reference


def _resolve(model_label, fields, apps):
    Scheme = apps.get_model("hr", "AssessmentScheme")
    fields["scheme_id"] = Scheme.objects.get(role=fields.pop("scheme"), is_active=True).pk
    return fields


def load(apps, schema_editor):
    load_reference(apps, "hr_assessment_schemes.json", key="role")
    load_reference(apps, "hr_assessment_items.json", resolve=_resolve)
    load_reference(apps, "management_stories.json")


class Migration(migrations.Migration):
    dependencies = [
        ("hr", "0001_staff_training_assessment_team"),
        ("complaints", "0007_handbook_management_stories"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
