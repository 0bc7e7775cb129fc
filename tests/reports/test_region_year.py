"""The regional yearly workbook: every store's headline figures month by month and the
region's, from the same engine (print setup included)."""

import datetime

from django.db.models import Sum

from hallops.models import AttendanceRecord, RosterEntry, Store
from reports.models import Kind, ReportFile
from reports.periods import period_for, scheduled_period

from .helpers import column, open_workbook, totals_row
from .test_workbooks import DAY, run_on_commit, seeded  # noqa: F401  (fixtures)


def test_it_covers_the_calendar_year_and_is_built_in_january_for_the_last():
    assert period_for(Kind.REGION_YEARLY, DAY) == (datetime.date(2025, 1, 1),
                                                   datetime.date(2025, 12, 31))
    assert scheduled_period(Kind.REGION_YEARLY, datetime.date(2026, 1, 2)) == (
        datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def test_it_builds_the_year_month_by_month_for_the_region_and_each_store(
        seeded, run_on_commit):  # noqa: F811
    report = run_on_commit(Kind.REGION_YEARLY, DAY, region=seeded.region_a)
    assert report.period_label == "2025"
    wb = open_workbook(report)
    assert wb.sheetnames == ["片区按月", "各厅按月"]
    stores = list(Store.objects.filter(region=seeded.region_a, is_active=True).order_by("code"))
    minutes = AttendanceRecord.objects.filter(
        store__in=stores, business_date__year=2025).aggregate(s=Sum("late_minutes"))["s"]
    assert minutes

    region = wb["片区按月"]
    months = [r[0].value for r in region.iter_rows(min_row=2, max_row=13)]
    assert months == [f"2025-{m:02d}" for m in range(1, 13)]
    march = [c.value for c in region[4]]
    assert march[0] == "2025-03"
    assert march[column(region, "迟到分钟")] == minutes  # all of it in March
    assert totals_row(region)[column(region, "迟到分钟")] == minutes

    by_store = wb["各厅按月"]
    rows = [[c.value for c in r] for r in by_store.iter_rows(min_row=2)]
    data = [r for r in rows if r[0] in {s.code for s in stores}]
    assert len(data) == 12 * len(stores)
    a = seeded.store_a
    row = next(r for r in data if r[0] == a.code and r[2] == "2025-03")
    assert row[column(by_store, "迟到分钟")] == AttendanceRecord.objects.filter(
        store=a).aggregate(s=Sum("late_minutes"))["s"]
    assert row[column(by_store, "排班班次")] == RosterEntry.objects.filter(
        store=a, date__month=3).count()
    assert totals_row(by_store)[column(by_store, "迟到分钟")] == minutes
    # printed as the other workbooks: the region on top, identifying columns repeated
    assert by_store.oddHeader.left.text == "片区年报"
    assert by_store.oddHeader.right.text == "2025-01-01 – 2025-12-31"
    assert by_store.print_title_cols.replace("$", "") == "A:C"
    assert report.status == ReportFile.Status.DONE


def test_its_months_read_in_one_pass_equal_each_month_read_alone(seeded):  # noqa: F811
    """The year's store-and-day figures are read once and sliced by month: every headline
    of every store must equal a read of that month alone (operations data across a month's
    end, attendance with absences)."""
    from reports.sheets import SheetContext, headline_values
    from reports.sheets.region_year import monthly_values
    from tests import factories

    from .feature_data import seed_operations

    days = [datetime.date(2025, 2, 27) + datetime.timedelta(days=n) for n in range(4)]
    a = seeded.store_a
    seed_operations(a, [seeded.clerk_a, factories.make_user("y_clerk", role="clerk", store=a)],
                    days, dm=seeded.dm_a, seed=3)
    stores = list(Store.objects.filter(region=seeded.region_a, is_active=True).order_by("code"))
    today = datetime.date(2025, 6, 1)
    ctx = SheetContext(kind=Kind.REGION_YEARLY, start=datetime.date(2025, 1, 1),
                       end=datetime.date(2025, 12, 31), stores=stores, region=seeded.region_a,
                       today=today)
    from hallops.periods import month_dates

    for first, values in monthly_values(ctx):
        start, end = month_dates(first)
        alone = headline_values(stores, start, end, today, cache={})
        assert values == alone, first
    feb = dict(monthly_values(ctx))[datetime.date(2025, 2, 1)][a.pk]
    assert feb["volume"] and feb["takings"]  # the data is there to compare
