import datetime
import decimal
import random

from django.urls import reverse

from hallops.models import AuditEntry, BusinessType, ClerkDailyReport, ProductLine, StoreDay
from hallops.selectors.daily_reports import store_day_report
from tests import factories
from tests.business.factories import make_report

DAY = datetime.date(2026, 3, 10)


def test_it_sums_exactly_the_confirmed_clerk_reports_over_generated_data(world):
    rng = random.Random(6)
    codes = list(BusinessType.objects.values_list("code", flat=True)) + list(
        ProductLine.objects.values_list("code", flat=True))
    clerks = [factories.make_user(f"gen{n}", role="clerk", store=world.store_a) for n in range(12)]
    statuses = ["confirmed"] * 8 + ["submitted", "draft", "returned", "confirmed"]
    expected_counts, expected_handsets = {}, 0
    expected_cash = expected_refunds = decimal.Decimal(0)
    invoice = 1000
    for clerk, status in zip(clerks, statuses, strict=True):
        counts = {code: rng.randint(0, 40) for code in rng.sample(codes, 8)}
        cash = decimal.Decimal(rng.randint(0, 900000)) / 100
        refunds = decimal.Decimal(rng.randint(0, 5000)) / 100
        handsets = rng.randint(0, 5)
        used = rng.randint(1, 50)
        make_report(world.store_a, clerk, DAY, status=status, counts=counts,
                    receipts={"cash": cash, "refunds": refunds}, handsets_sold=handsets,
                    invoice_first=invoice, invoice_last=invoice + used - 1)
        invoice += used
        if status == "confirmed":
            for code, n in counts.items():
                expected_counts[code] = expected_counts.get(code, 0) + n
            expected_cash += cash
            expected_refunds += refunds
            expected_handsets += handsets
    # Noise: another store, and another day, never count.
    make_report(world.store_b, world.clerk_b, DAY, status="confirmed", counts={"payment": 999})
    make_report(world.store_a, clerks[0], DAY + datetime.timedelta(days=1), status="confirmed",
                counts={"payment": 999})

    report = store_day_report(world.store_a, DAY)
    got = {t.item.code: t.total for t in report.by_type + report.by_line if t.total}
    assert got == {k: v for k, v in expected_counts.items() if v}
    assert report.receipts["cash"] == expected_cash
    assert report.receipts["net"] == expected_cash - expected_refunds
    assert report.totals["handsets_sold"] == expected_handsets
    confirmed = ClerkDailyReport.objects.filter(store=world.store_a, business_date=DAY,
                                                status="confirmed")
    assert len(report.reports) == confirmed.count() == 9
    assert report.totals["invoices_used"] == sum(r.invoices_used for r in confirmed)
    assert len(report.pending) == 3


def test_it_shows_the_store_report_with_targets_and_bounded_queries(
        world, clients, django_assert_max_num_queries):
    make_report(world.store_a, world.clerk_a, DAY, status="confirmed",
                counts={"payment": 7, "broadband": 3})
    url = reverse("store_manager:store_report") + f"?date={DAY.isoformat()}"
    with django_assert_max_num_queries(30):
        response = clients.sm_a.get(url)
    page = response.content.decode()
    assert 'data-testid="store-volume">7<' in page
    for n in range(30):
        clerk = factories.make_user(f"many{n}", role="clerk", store=world.store_a)
        make_report(world.store_a, clerk, DAY, status="confirmed", counts={"payment": 1})
    with django_assert_max_num_queries(30):
        response = clients.sm_a.get(url)
    assert 'data-testid="store-volume">37<' in response.content.decode()


def test_it_confirms_the_store_day_only_when_every_clerk_report_is_confirmed(world, clients):
    url = reverse("store_manager:store_day_confirm")
    clients.sm_a.post(url, {"date": DAY.isoformat()})
    assert not StoreDay.objects.exists()  # nothing reported yet
    report = make_report(world.store_a, world.clerk_a, DAY, status="submitted")
    response = clients.sm_a.post(url, {"date": DAY.isoformat()}, follow=True)
    assert not StoreDay.objects.exists()
    assert response.status_code == 200
    ClerkDailyReport.objects.filter(pk=report.pk).update(status="confirmed")
    clients.sm_a.post(url, {"date": DAY.isoformat(), "note": "ok"})
    day = StoreDay.objects.get()
    assert day.confirmed_by == world.sm_a and day.store == world.store_a
    assert AuditEntry.objects.filter(action="store_day.confirmed").exists()
    response = clients.sm_a.post(url, {"date": DAY.isoformat()}, follow=True)
    assert StoreDay.objects.count() == 1
    assert clients.sm_a.post(url, {"date": "garbage"}).status_code == 302
