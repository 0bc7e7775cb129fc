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
    march = dict(monthly_values(ctx))[datetime.date(2025, 3, 1)][a.pk]
    # checklists read grouped by month: a share strictly between 0 and 1 on both sides
    assert 0 < feb["checklist_completion"] < 1 and 0 < march["checklist_completion"] < 1


def test_months_grouped_by_the_database_keep_each_months_edges(seeded):  # noqa: F811
    """Month-grouped reads (roster, attendance, audit counts: date_trunc and conditional
    counts) put every row in the month a read of that month alone puts it: business days
    that start at 05:00 or 07:00 (an entry at 04:59 on the 1st belongs to the month before),
    shifts attended, absent, on leave (clocked in on leave counts as attended) and not yet
    due; a wrong bound or grouping fails here, not only a sum."""
    from hallops.models import AuditEntry
    from hallops.selectors.attendance_figures import FIGURES, attendance_figures
    from reports import selectors
    from reports.sheets import SheetContext, headline_values
    from reports.sheets.region_year import monthly_values, months
    from tests import factories

    tz = datetime.timezone(datetime.timedelta(hours=8))
    a = seeded.store_a
    late_start = factories.make_store(region=seeded.region_a, day_starts_at=datetime.time(7, 0))
    people = [seeded.clerk_a, *(factories.make_user(f"ym_{i}", role="clerk", store=a)
                                for i in range(3))]
    today = datetime.date(2025, 6, 15)

    def shift(person, day, *, clocked=True, on_leave=False, store=a):
        entry = factories.roster(store, person, day)
        if on_leave:
            RosterEntry.objects.filter(pk=entry.pk).update(on_leave=True)
        if clocked:
            at = datetime.datetime.combine(day, datetime.time(8, 40), tzinfo=tz)
            AttendanceRecord.objects.create(store=store, user=person, business_date=day,
                                            roster_entry=entry, clock_in=at, late_minutes=10,
                                            clock_out=at + datetime.timedelta(hours=8))

    shift(people[0], datetime.date(2025, 1, 31))
    shift(people[1], datetime.date(2025, 2, 1), clocked=False)                 # absent
    shift(people[2], datetime.date(2025, 2, 28), clocked=False, on_leave=True)  # on leave
    shift(people[3], datetime.date(2025, 2, 28), on_leave=True)                # attended
    shift(people[0], datetime.date(2025, 3, 1))
    shift(people[1], datetime.date(2025, 6, 30), clocked=False)                # not yet due
    shift(people[2], datetime.date(2025, 6, 30), clocked=False, store=late_start)

    def audit(store, *when):
        for stamp in when:
            entry = AuditEntry.objects.create(store=store, action="roster.saved", object_type="x")
            AuditEntry.objects.filter(pk=entry.pk).update(
                at=datetime.datetime(*stamp, tzinfo=tz))

    stores = list(Store.objects.filter(region=seeded.region_a, is_active=True).order_by("code"))
    ctx = SheetContext(kind=Kind.REGION_YEARLY, start=datetime.date(2025, 1, 1),
                       end=datetime.date(2025, 12, 31), stores=stores, region=seeded.region_a,
                       today=today)
    periods = months(ctx)
    before = selectors.audit_counts_by_store_month(stores, periods)
    audit(a, (2025, 3, 1, 4, 59), (2025, 3, 1, 5, 0), (2025, 4, 1, 4, 59),
          (2025, 1, 1, 4, 59))                      # the last: a business day of 2024
    audit(late_start, (2025, 3, 1, 6, 59), (2025, 3, 1, 7, 0), (2026, 1, 1, 6, 0))

    by_month = attendance_figures(stores, ctx.start, ctx.end, today=today, by="store_month")
    audits = selectors.audit_counts_by_store_month(stores, periods)
    roster = selectors.roster_counts(stores, ctx.start, ctx.end, by="store_month")
    for start, end in periods:
        alone = attendance_figures(stores, start, end, today=today, by="store")
        audit_alone = selectors.audit_counts_by_store(stores, start, end)
        roster_alone = selectors.roster_counts(stores, start, end)
        for store in stores:
            zero = dict.fromkeys(FIGURES, 0)
            assert by_month.get((store.pk, start), zero) == alone.get(store.pk, zero), start
            assert audits.get((store.pk, start), 0) == audit_alone.get(store.pk, 0), start
            got = roster.get((store.pk, start), {})
            want = roster_alone.get(store.pk, {})
            assert (got.get("shifts"), got.get("staff")) == (want.get("shifts"),
                                                             want.get("staff")), start
    for first, values in monthly_values(ctx):
        assert values == headline_values(stores, *month_bounds(first), today, cache={}), first

    feb = attendance_figures(stores, datetime.date(2025, 2, 1), datetime.date(2025, 2, 28),
                             today=today, by="store_month")[(a.pk, datetime.date(2025, 2, 1))]
    assert (feb["rostered"], feb["attended"], feb["absent"], feb["on_leave"]) == (3, 1, 1, 1)
    june = by_month[(a.pk, datetime.date(2025, 6, 1))]
    assert (june["rostered"], june["absent"]) == (1, 0)

    def added(store, month):
        key = (store.pk, datetime.date(2025, month, 1))
        return audits.get(key, 0) - before.get(key, 0)

    assert added(a, 2) == 1             # 03-01 04:59
    assert added(a, 3) == 2             # 03-01 05:00 and 04-01 04:59
    assert added(a, 1) == 0             # 01-01 04:59: 2024's last business day
    assert (added(late_start, 2), added(late_start, 3), added(late_start, 12)) == (1, 1, 1)
    assert roster[(a.pk, datetime.date(2025, 2, 1))]["staff"] == 3


def month_bounds(first):
    from hallops.periods import month_dates

    return month_dates(first)


def test_the_build_form_tells_who_builds_the_yearly_to_which_day_it_runs():
    from django.utils import translation

    from reports.forms import BuildForm
    from reports.models import REGION_KINDS

    with translation.override("zh-hans"):
        regional = str(BuildForm(kinds=[*REGION_KINDS]).fields["day"].help_text)
        store = str(BuildForm(kinds=[Kind.STORE_DAILY]).fields["day"].help_text)
    assert "截至昨日" in regional
    assert "截至" not in store and store.startswith("报表所覆盖")
    with translation.override("en"):
        assert "yesterday's close" in str(BuildForm(kinds=[*REGION_KINDS]).fields["day"].help_text)
