"""Reference data for cash: reason codes, and the default policy with the tail-cash table
from the operator's training material (DOMAIN.md §3)."""

from decimal import Decimal

from django.db import migrations

from hallops.reference import load_reference

# (daily takings over, tail cash limit) in yuan.
TAIL_CASH_TABLE = [
    (Decimal("0"), Decimal("1000")),
    (Decimal("10000"), Decimal("3000")),
    (Decimal("50000"), Decimal("8000")),
    (Decimal("100000"), Decimal("10000")),
]


def load(apps, schema_editor):
    load_reference(apps, "cash_reasons.json")
    CashPolicy = apps.get_model("hallops", "CashPolicy")
    TailCashLimit = apps.get_model("hallops", "TailCashLimit")
    policy = CashPolicy.objects.filter(store__isnull=True).first()
    if policy is None:
        policy = CashPolicy.objects.create(
            store=None, float_cap=Decimal("300.00"), tolerance=Decimal("2.00")
        )
    for over, limit in TAIL_CASH_TABLE:
        TailCashLimit.objects.update_or_create(
            policy=policy, takings_over=over, defaults={"limit": limit}
        )


class Migration(migrations.Migration):
    dependencies = [("hallops", "0020_cash")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
