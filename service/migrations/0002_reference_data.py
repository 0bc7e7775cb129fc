from django.db import migrations

from hallops.reference import load_reference


def _resolve(model_label, fields, apps):
    if model_label == "service.checkitem":
        CheckForm = apps.get_model("service", "CheckForm")
        Article = apps.get_model("complaints", "HandbookArticle")
        fields["form_id"] = CheckForm.objects.get(code=fields.pop("form")).pk
        article = fields.pop("article")
        fields["article_id"] = Article.objects.get(code=article).pk if article else None
    return fields


def load(apps, schema_editor):
    # The service norms are articles of the handbook (complaints.HandbookArticle).
    load_reference(apps, "service_norms.json")
    load_reference(apps, "service_check_form.json", resolve=_resolve)


class Migration(migrations.Migration):
    dependencies = [
        ("service", "0001_service_checks"),
        ("complaints", "0008_handbook_service_norms"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
