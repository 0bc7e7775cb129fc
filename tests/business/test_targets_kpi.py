import datetime

from django.urls import reverse

from hallops.models import AttendanceRecord, AuditEntry, MonthlyTarget
from hallops.selectors import kpi as kpi_selectors
from tests import factories
from tests.business.factories import make_report, pl

MONTH = "2026-03"
DAY = datetime.date(2026, 3, 10)


def test_the_store_manager_sets_store_and_clerk_targets(world, clients):
    broadband = pl("broadband")
    url = reverse("store_manager:targets") + f"?month={MONTH}"
    response = clients.sm_a.post(url, {f"t_store_{broadband.pk}": 100,
                                       f"t_{world.clerk_a.pk}_{broadband.pk}": 30})
    assert response.status_code == 302
    targets = {(t.clerk_id, t.quantity)
               for t in MonthlyTarget.objects.filter(product_line=broadband)}
    assert targets == {(None, 100), (world.clerk_a.pk, 30)}
    assert MonthlyTarget.objects.first().month == datetime.date(2026, 3, 1)
    assert AuditEntry.objects.filter(action="targets.saved").exists()
    # Empty removes once confirmed, negative is refused.
    clients.sm_a.post(url, {f"t_store_{broadband.pk}": "",
                            f"t_{world.clerk_a.pk}_{broadband.pk}": 30,
                            "confirm_removals": "on"})
    assert MonthlyTarget.objects.count() == 1
    response = clients.sm_a.post(url, {f"t_store_{broadband.pk}": -5})
    assert response.status_code == 200
    assert MonthlyTarget.objects.count() == 1


def test_it_removes_no_targets_without_confirmation(world, clients):
    broadband = pl("broadband")
    url = reverse("store_manager:targets") + f"?month={MONTH}"
    clients.sm_a.post(url, {f"t_store_{broadband.pk}": 100,
                            f"t_{world.clerk_a.pk}_{broadband.pk}": 30})
    assert MonthlyTarget.objects.count() == 2
    response = clients.sm_a.post(url, {})  # the whole form sent empty
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="confirm-removals"' in page and "将删除 2 个" in page
    assert MonthlyTarget.objects.count() == 2
    assert not AuditEntry.objects.filter(action="targets.saved", before__isnull=False)\
        .exclude(before={}).exists()
    response = clients.sm_a.post(url, {"confirm_removals": "on"})
    assert response.status_code == 302
    assert MonthlyTarget.objects.count() == 0


def test_progress_counts_confirmed_reports_for_clerk_and_manager(world, clients):
    broadband = pl("broadband")
    MonthlyTarget.objects.create(store=world.store_a, month=DAY.replace(day=1),
                                 clerk=world.clerk_a, product_line=broadband, quantity=10)
    make_report(world.store_a, world.clerk_a, DAY, status="confirmed", counts={"broadband": 4})
    make_report(world.store_a, world.clerk_a, DAY + datetime.timedelta(days=1),
                status="submitted", counts={"broadband": 50})
    page = clients.clerk_a.get(reverse("clerk:progress") + f"?month={MONTH}").content.decode()
    assert "40%" in page
    chart = clients.clerk_a.get(reverse("clerk:progress_chart") + f"?month={MONTH}")
    assert chart["Content-Type"].startswith("image/svg+xml") and b"<svg" in chart.content
    page = clients.sm_a.get(reverse("store_manager:progress") + f"?month={MONTH}").content.decode()
    assert "clerk_a" in page and "40%" in page
    chart = clients.sm_a.get(reverse("store_manager:progress_chart") + f"?month={MONTH}")
    assert b"clerk_a" in chart.content


def test_the_kpi_table_combines_volume_marketing_attendance(world, clients, monkeypatch,
                                                              django_assert_max_num_queries):
    broadband = pl("broadband")
    MonthlyTarget.objects.create(store=world.store_a, month=DAY.replace(day=1),
                                 clerk=world.clerk_a, product_line=broadband, quantity=8)
    make_report(world.store_a, world.clerk_a, DAY, status="confirmed",
                counts={"payment": 20, "enquiry": 5, "broadband": 6})
    entry = factories.roster(world.store_a, world.clerk_a, DAY)
    factories.roster(world.store_a, world.clerk_a, DAY + datetime.timedelta(days=1))
    AttendanceRecord.objects.create(
        store=world.store_a, user=world.clerk_a, business_date=DAY, roster_entry=entry,
        clock_in=datetime.datetime(2026, 3, 10, 1, tzinfo=datetime.UTC),
        clock_out=datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC), late_minutes=12)
    rows = {r.clerk.username: r for r in kpi_selectors.kpi_month(world.store_a, 2026, 3,
                                                                 today=datetime.date(2026, 4, 1))}
    row = rows["clerk_a"]
    assert (row.volume, row.marketing, row.marketing_target, row.achievement) == (25, 6, 8, 75)
    assert (row.rostered, row.attended, row.late, row.absent, row.reports) == (2, 1, 1, 1, 1)
    assert row.complaints == 0  # the complaints app provides the hook: none against clerk_a
    assert "clerk_b" not in rows
    with django_assert_max_num_queries(25):
        page = clients.sm_a.get(reverse("store_manager:kpi") + f"?month={MONTH}").content.decode()
    assert 'data-testid="kpi-row"' in page and "75%" in page
    monkeypatch.setattr(kpi_selectors, "complaints_against_clerks",
                        lambda store, first, last: {world.clerk_a.pk: 2})
    rows = {r.clerk.username: r for r in kpi_selectors.kpi_month(world.store_a, 2026, 3)}
    assert rows["clerk_a"].complaints == 2
