"""Value cards are counted on the clerk's tally by denomination, so the day's card sales
reconcile against it out of the box: the tally's business types for value-card sales
(reference data) and the reference value cards' tally_code pointing at them.

An item whose tally_code was already set in the admin keeps it."""

from django.db import migrations

from hallops.reference import load_reference

CARDS = {"card_50": "value_card_50", "card_100": "value_card_100"}


def forwards(apps, schema_editor):
    load_reference(apps, "business_types_value_cards.json")
    ItemType = apps.get_model("materials", "ItemType")
    for code, tally_code in CARDS.items():
        ItemType.objects.filter(code=code, tally_code="").update(tally_code=tally_code)


def backwards(apps, schema_editor):
    ItemType = apps.get_model("materials", "ItemType")
    for code, tally_code in CARDS.items():
        ItemType.objects.filter(code=code, tally_code=tally_code).update(tally_code="")


class Migration(migrations.Migration):
    dependencies = [
        ("materials", "0002_reference_items"),
        ("hallops", "0058_leave_and_clock_corrections"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
