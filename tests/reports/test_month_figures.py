"""Store-month figures kept ahead of time for the regional workbooks (reports/summaries.py):
the workbooks built from them equal the live ones cell for cell; a late write in a closed
month makes the next workbook show it; a missing row is computed on the fly; scopes hold."""

import datetime
from contextlib import contextmanager
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from hallops.models import AttendanceRecord, Store
from hallops.periods import month_dates
from hallops.scoping import all_stores, region_scope, store_scope
from reports import summaries
from reports.engine import PrintInfo, write_workbook
from reports.models import (
    Kind,
    ReportFile,
    StoreDayFigures,
    StoreMonthFigures,
    StoreSpanFigures,
)
from reports.periods import period_for
from reports.workbooks import workbook_for
from tests import factories

from .feature_data import seed_operations
from .test_workbooks import DAY, seeded  # noqa: F401  (fixtures)

TODAY = datetime.date(2025, 6, 1)  # January to May closed, June open
MARCH = datetime.date(2025, 3, 1)
INFO = PrintInfo(title="t", generated=datetime.datetime(2025, 6, 1, 9, 0))


@pytest.fixture
def region_data(seeded):  # noqa: F811
    """Operations across February's end and March's start, attendance in March (seeded)."""
    a = seeded.store_a
    days = [datetime.date(2025, 2, 26) + datetime.timedelta(days=n) for n in range(5)]
    seed_operations(a, [seeded.clerk_a, factories.make_user("mf_clerk", role="clerk", store=a)],
                    days, dm=seeded.dm_a, seed=5)
    return seeded


def cells(kind, region, day, tmp_path, name, today=TODAY) -> dict:
    """{sheet title: [[value, …], …]} of the workbook the engine writes."""
    start, end = period_for(kind, day)
    report = ReportFile(kind=kind, region=region, period_start=start, period_end=end)
    workbook = workbook_for(kind)
    with region_scope(region):
        ctx = workbook.context(report, today)
        path = tmp_path / f"{name}.xlsx"
        write_workbook(path, workbook.plan(ctx), info=INFO)
    book = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book}


def live(monkeypatch):
    """Every month read live, as before the kept figures."""
    monkeypatch.setattr(summaries, "month_closed", lambda first, today: False)


def kept_rows(region, month=MARCH):
    with region_scope(region):
        return {r.store_id: r for r in StoreMonthFigures.objects.filter(month=month)}


@pytest.mark.parametrize("kind,day", [(Kind.REGION_YEARLY, DAY), (Kind.REGION_MONTHLY, DAY)])
def test_the_workbook_from_kept_figures_equals_the_live_one_cell_for_cell(
        region_data, tmp_path, monkeypatch, kind, day):
    region = region_data.region_a
    first = cells(kind, region, day, tmp_path, "first")       # computes and keeps them
    rows = kept_rows(region)
    stores = Store.objects.filter(region=region, is_active=True)
    assert set(rows) == {s.pk for s in stores}
    assert all(not r.stale and r.as_of == TODAY for r in rows.values())
    kept = cells(kind, region, day, tmp_path, "kept")         # read from them
    with monkeypatch.context() as m:
        live(m)
        fresh = cells(kind, region, day, tmp_path, "live")
    assert kept == fresh == first
    # the data is there to compare: late minutes and money in March
    sheet = next(iter(kept.values()))
    assert any(isinstance(v, (int, float)) and v for row in sheet[1:] for v in row[1:])
    a = region_data.store_a
    march = rows[a.pk].headlines
    minutes = AttendanceRecord.objects.filter(store=a, business_date__month=3).aggregate(
        s=Sum("late_minutes"))["s"]
    assert minutes and march["late_minutes"] == minutes
    assert Decimal(rows[a.pk].headlines["takings"]) > 0


def test_the_workbook_reads_the_kept_rows_not_the_operations(region_data, tmp_path):
    """Proof the kept row is what the workbook shows: a row altered behind the workbook's
    back (no write marked it) is what appears."""
    region, a = region_data.region_a, region_data.store_a
    cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "first")
    with store_scope(a):
        row = StoreMonthFigures.objects.get(store=a, month=MARCH)
        row.headlines = {**row.headlines, "late_minutes": 4321}
        row.save(update_fields=["headlines"])
    book = cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "kept")
    table = book["各厅汇总"]
    column = table[0].index("迟到分钟")
    assert next(r for r in table if r[0] == a.code)[column] == 4321


def test_a_late_correction_in_a_closed_month_changes_the_next_workbook(region_data, tmp_path):
    region, a = region_data.region_a, region_data.store_a
    before = cells(Kind.REGION_YEARLY, region, DAY, tmp_path, "before")
    record = AttendanceRecord.objects.filter(store=a, business_date__month=3).first()
    with store_scope(a):
        record.late_minutes += 100
        record.save(update_fields=["late_minutes"])                 # a late correction
        assert StoreMonthFigures.objects.get(store=a, month=MARCH).stale
        assert not StoreMonthFigures.objects.get(store=a, month=datetime.date(2025, 2, 1)).stale
    other = kept_rows(region)
    assert not any(r.stale for pk, r in other.items() if pk != a.pk)  # other stores untouched
    after = cells(Kind.REGION_YEARLY, region, DAY, tmp_path, "after")
    sheet = after["各厅按月"]
    column = sheet[0].index("迟到分钟")
    row_before = next(r for r in before["各厅按月"] if r[0] == a.code and r[2] == "2025-03")
    row_after = next(r for r in sheet if r[0] == a.code and r[2] == "2025-03")
    assert row_after[column] == row_before[column] + 100
    assert not kept_rows(region)[a.pk].stale                        # recomputed and kept


def test_a_child_row_and_a_bulk_update_mark_their_month_stale(region_data, tmp_path):
    """A row one hop from its store (a till difference → its session's day) and a service's
    bulk update (a report confirmed late, through the registry's provider)."""
    from hallops.models import ClerkDailyReport, TillDifference
    from hallops.registry import provided

    region, a = region_data.region_a, region_data.store_a
    cells(Kind.REGION_YEARLY, region, DAY, tmp_path, "first")
    feb = datetime.date(2025, 2, 1)
    with store_scope(a):
        difference = TillDifference.objects.filter(session__business_date__month=2).first()
        assert difference is not None
        difference.save()
        assert StoreMonthFigures.objects.get(store=a, month=feb).stale
        assert not StoreMonthFigures.objects.get(store=a, month=MARCH).stale
        report = ClerkDailyReport.objects.filter(business_date__month=3).first()
        provided("month_figures_stale", store_id=report.store_id, days=[report.business_date])
        assert StoreMonthFigures.objects.get(store=a, month=MARCH).stale


def test_todays_writes_mark_nothing_and_query_nothing(region_data, django_assert_num_queries):
    a = region_data.store_a
    with django_assert_num_queries(0):
        summaries.mark_stale(a.pk, timezone.localdate())


def test_a_missing_row_is_computed_on_the_fly(region_data, tmp_path, monkeypatch):
    region, a = region_data.region_a, region_data.store_a
    first = cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "first")
    with store_scope(a):
        StoreMonthFigures.objects.filter(store=a).delete()
    again = cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "again")
    assert again == first
    assert not kept_rows(region)[a.pk].stale
    # an outdated row (an older version of the figures) is recomputed too
    with store_scope(a):
        StoreMonthFigures.objects.filter(store=a).update(version=0, headlines={})
    assert cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "third") == first
    assert kept_rows(region)[a.pk].version == summaries.VERSION


def test_the_open_month_is_read_live_and_never_kept(region_data, tmp_path):
    region = region_data.region_a
    cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "open", today=datetime.date(2025, 3, 20))
    assert kept_rows(region) == {}


def test_a_write_during_the_computation_leaves_the_row_stale(region_data, monkeypatch):
    a = region_data.store_a
    compute = summaries.compute

    def racing(stores, first, today):
        out = compute(stores, first, today)
        summaries.mark_stale(a.pk, first)            # a write lands meanwhile
        return out

    monkeypatch.setattr(summaries, "compute", racing)
    with store_scope(a):
        summaries.refresh([a], MARCH, TODAY)
        assert StoreMonthFigures.objects.get(store=a, month=MARCH).stale


def test_kept_rows_are_store_scoped(region_data, tmp_path):
    region, a, b = region_data.region_a, region_data.store_a, region_data.store_b
    cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "first")
    with store_scope(b):
        assert not StoreMonthFigures.objects.exists()
    with store_scope(a):
        assert StoreMonthFigures.objects.get().store == a


def test_the_nightly_job_keeps_the_month_just_closed_and_every_stale_month(region_data):
    a = region_data.store_a
    with all_stores("month_figures"):
        assert summaries.nightly(today=datetime.date(2025, 4, 2)) == (Store.objects.filter(
            is_active=True).count(), Store.objects.filter(is_active=True).count())
        rows = StoreMonthFigures.objects.filter(month=MARCH)
        assert rows.count() == Store.objects.filter(is_active=True).count()
        assert all(not r.stale and r.as_of == datetime.date(2025, 4, 2) for r in rows)
        summaries.refresh([a], datetime.date(2025, 2, 1), TODAY)
        StoreMonthFigures.objects.filter(store=a, month=datetime.date(2025, 2, 1)).update(
            stale=True)
        nightly, _days = summaries.nightly(today=TODAY)   # May for all, February for a
        assert nightly == Store.objects.filter(is_active=True).count() + 1
        assert not StoreMonthFigures.objects.filter(stale=True).exists()


def test_the_command_rebuilds_the_closed_months_of_every_store(region_data):
    call_command("rebuild_month_figures", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with all_stores("month_figures"):
        stores = Store.objects.filter(is_active=True).count()
        assert StoreMonthFigures.objects.filter(stale=False).count() >= 11 * stores
        today = timezone.localdate()
        again = summaries.rebuild(list(Store.objects.filter(is_active=True)),
                                  today - datetime.timedelta(days=200), today, today,
                                  only_unusable=True)
    assert again == 0


def test_months_read_live_in_one_pass_equal_each_month_read_alone(region_data):
    """The open months' path (one read over their span, sliced by month) equals a read of
    each month alone: run here over the whole year, closed months included."""
    from reports.sheets import SheetContext, headline_values
    from reports.sheets.region_year import _live_values, months

    region = region_data.region_a
    stores = list(Store.objects.filter(region=region, is_active=True).order_by("code"))
    ctx = SheetContext(kind=Kind.REGION_YEARLY, start=datetime.date(2025, 1, 1),
                       end=datetime.date(2025, 12, 31), stores=stores, region=region,
                       today=TODAY)
    values = dict(_live_values(ctx, months(ctx)))
    assert len(values) == 12
    for first, by_store in values.items():
        assert by_store == headline_values(stores, *month_dates(first), TODAY, cache={}), first
    assert values[MARCH][region_data.store_a.pk]["late_minutes"]


@pytest.mark.django_db
def test_the_volume_seed_fills_the_closed_months_it_seeds():
    import io

    call_command("seed_demo", stores=1, days=40, stdout=io.StringIO())
    today = timezone.localdate()
    closed = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    with all_stores("month_figures"):
        stores = list(Store.objects.filter(is_active=True).order_by("code"))
        rows = {r.store_id: r for r in StoreMonthFigures.objects.filter(month=closed)}
        assert set(rows) == {s.pk for s in stores}
        assert not StoreMonthFigures.objects.filter(month=today.replace(day=1)).exists()
        kept = summaries.month_figures(stores, closed, today)
        live = summaries.compute(stores, closed, today)
        # the open month's closed days are kept too (store-day figures), and the rest of
        # the year's days ahead, never today
        days = set(StoreDayFigures.objects.filter(stale=False).values_list("day", flat=True))
    assert kept == live
    assert any(values["shifts"] for values, _days, _ops, _stock in kept.values())
    assert any(stock for *_figures, stock in kept.values())  # the seed's ledger, kept
    first, last = today.replace(day=1), today.replace(month=12, day=31)
    assert days == {first + datetime.timedelta(days=n)
                    for n in range((last - first).days + 1)} - {today}


# --- the open month's closed days (StoreDayFigures) -------------------------------------------

NOW = datetime.datetime(2025, 3, 13, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
OPEN_TODAY = NOW.date()  # March open: the 1st-12th closed and kept, the 13th read live


@pytest.fixture
def open_month(region_data):
    with time_machine.travel(NOW, tick=False):
        yield region_data


def kept_days(region):
    with region_scope(region):
        return {(r.store_id, r.day): r for r in StoreDayFigures.objects.all()}


def kept_runs(region):
    with region_scope(region):
        return {(r.store_id, r.first, r.last): r for r in StoreSpanFigures.objects.all()}


def _days(first, last):
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


AHEAD = _days(datetime.date(2025, 3, 14), datetime.date(2025, 12, 31))  # the year's days ahead
RUNS = [(datetime.date(2025, 3, 1), datetime.date(2025, 3, 12)),
        (datetime.date(2025, 3, 14), datetime.date(2025, 3, 31)),
        *((datetime.date(2025, m, 1), month_dates(datetime.date(2025, m, 1))[1])
          for m in range(4, 13))]


def yearly(region, tmp_path, name):
    return cells(Kind.REGION_YEARLY, region, DAY, tmp_path, name, today=OPEN_TODAY)


class _RolledBack(Exception):
    pass


@contextmanager
def today_left_out(today):
    """The rows dated `today` (the open business day) deleted until the block ends, then
    rolled back: a live read then holds what the yearly shows, every day but the open one."""
    from hallops.businessdate import day_bounds
    from hallops.models import AuditEntry, RosterEntry

    try:
        with transaction.atomic(), all_stores("month_figures"):
            RosterEntry.objects.filter(date=today).delete()
            AttendanceRecord.objects.filter(business_date=today).delete()
            for store in Store.objects.all():
                start, end = day_bounds(today, store=store)
                AuditEntry.objects.filter(store=store, at__gte=start, at__lt=end).delete()
            yield
            raise _RolledBack
    except _RolledBack:
        pass


def live_yearly(region, tmp_path, name, monkeypatch, today=OPEN_TODAY):
    """Every month read live in one pass, as before any figures were kept, with the open
    day's rows left out as the yearly leaves them out."""
    from reports.sheets import region_year

    with monkeypatch.context() as m, today_left_out(today):
        live(m)
        m.setattr(region_year, "_by_day_values", region_year._live_values)
        return cells(Kind.REGION_YEARLY, region, DAY, tmp_path, name, today=today)


def march_row(book, store, title="各厅按月"):
    sheet = book[title]
    return dict(zip(sheet[0], next(r for r in sheet if r[0] == store.code and r[2] == "2025-03"),
                    strict=True))


def test_the_yearly_open_month_from_kept_days_equals_the_live_one_cell_for_cell(
        open_month, tmp_path, monkeypatch):
    region, a = open_month.region_a, open_month.store_a
    stores = {s.pk for s in Store.objects.filter(region=region, is_active=True)}
    first = yearly(region, tmp_path, "first")                  # computes and keeps the days
    rows = kept_days(region)
    closed = [datetime.date(2025, 3, d) for d in range(1, 13)]
    assert set(rows) == {(pk, day) for pk in stores for day in [*closed, *AHEAD]}  # not today
    # one summed run per store and month: March's closed days, March's days ahead, April…
    runs = kept_runs(region)
    assert {(first_, last) for _pk, first_, last in runs} == set(RUNS)
    assert len(runs) == len(stores) * len(RUNS)
    assert all(not r.stale and r.as_of == OPEN_TODAY for r in rows.values())
    kept = yearly(region, tmp_path, "kept")                    # read from them
    fresh = live_yearly(region, tmp_path, "live", monkeypatch)
    assert kept == fresh == first
    march = march_row(kept, a)
    # the figures not additive over days: five people rostered on each of four days (the
    # 10th-12th closed, the 14th ahead; the 13th, today, left out) are five staff, not 20;
    # the completion a ratio
    assert march["排班人数"] == 5 and march["排班班次"] == 20
    assert sum(len(rows[(a.pk, day)].parts["staff"]) for day in closed) == 15
    completion = next(k for k in march if "完成率" in str(k))
    assert march[completion] is not None and 0 < march[completion] <= 1
    assert march["缺勤班次"] == 3                               # the 10th-12th: past days only
    assert march["迟到分钟"]


def test_the_open_day_joins_the_yearly_when_it_closes_and_the_header_says_to_which_day(
        open_month, tmp_path, monkeypatch):
    """Today's figures are partial (tills not counted, reports not filed): the yearly of the
    open year leaves the open business day out and says so in its header; the next morning
    the day is a closed one, in the yearly like any other, equal to a live read."""
    region, a = open_month.region_a, open_month.store_a
    today = march_row(yearly(region, tmp_path, "today"), a)
    with store_scope(a):
        factories.roster(a, factories.make_user("mf_today", role="clerk", store=a), OPEN_TODAY)
    assert march_row(yearly(region, tmp_path, "write"), a) == today     # not in until it closes
    start, end = period_for(Kind.REGION_YEARLY, DAY)
    report = ReportFile(kind=Kind.REGION_YEARLY, region=region, period_start=start,
                        period_end=end)
    with region_scope(region):
        ctx = workbook_for(Kind.REGION_YEARLY).context(report, OPEN_TODAY)
        path = tmp_path / "header.xlsx"
        write_workbook(path, workbook_for(Kind.REGION_YEARLY).plan(ctx), info=INFO)
    header = openpyxl.load_workbook(path)["片区按月"].oddHeader.right.text
    assert header == "2025-01-01 – 2025-12-31 · 数据截至 2025-03-12"
    morning = datetime.datetime(2025, 3, 14, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(morning, tick=False):
        next_day = morning.date()
        closed = cells(Kind.REGION_YEARLY, region, DAY, tmp_path, "next", today=next_day)
        fresh = live_yearly(region, tmp_path, "live", monkeypatch, today=next_day)
    assert closed == fresh
    # the 13th's six shifts now counted; the 14th, today then, left out (five shifts)
    assert march_row(closed, a)["排班班次"] == today["排班班次"] + 6 - 5
    assert march_row(closed, a)["排班人数"] == today["排班人数"] + 1
    # a workbook whose period is closed says nothing of the kind
    last_year = ReportFile(kind=Kind.REGION_YEARLY, region=region,
                           period_start=datetime.date(2024, 1, 1),
                           period_end=datetime.date(2024, 12, 31))
    assert workbook_for(Kind.REGION_YEARLY).context(last_year, OPEN_TODAY).through is None


def test_the_yearly_reads_the_kept_runs_and_days_not_the_operations(open_month, tmp_path):
    """A kept run altered behind the workbook's back is what appears; a day altered, once
    its run is stale, too (the run is summed from the kept days)."""
    region, a = open_month.region_a, open_month.store_a
    before = march_row(yearly(region, tmp_path, "first"), a)
    with store_scope(a):
        run = StoreSpanFigures.objects.get(store=a, first=datetime.date(2025, 3, 1),
                                           last=datetime.date(2025, 3, 12))
        run.parts = {**run.parts, "actions": run.parts["actions"] + 4321}
        run.save(update_fields=["parts"])
    after = march_row(yearly(region, tmp_path, "kept"), a)
    assert after["操作记录"] == before["操作记录"] + 4321
    with store_scope(a):
        row = StoreDayFigures.objects.get(store=a, day=datetime.date(2025, 3, 11))
        row.parts = {**row.parts, "actions": row.parts["actions"] + 1000}
        row.save(update_fields=["parts"])
        StoreSpanFigures.objects.filter(store=a).update(stale=True)
    again = march_row(yearly(region, tmp_path, "again"), a)
    assert again["操作记录"] == before["操作记录"] + 1000


def test_a_late_write_on_a_kept_day_marks_it_stale_and_shows(open_month, tmp_path):
    region, a = open_month.region_a, open_month.store_a
    before = march_row(yearly(region, tmp_path, "before"), a)
    day = datetime.date(2025, 3, 11)
    record = AttendanceRecord.objects.filter(store=a, business_date=day).first()
    with store_scope(a):
        record.late_minutes += 100
        record.save(update_fields=["late_minutes"])
        assert StoreDayFigures.objects.get(store=a, day=day).stale
        assert not StoreDayFigures.objects.get(store=a, day=day.replace(day=10)).stale
    assert not any(r.stale for (pk, _d), r in kept_days(region).items() if pk != a.pk)
    after = march_row(yearly(region, tmp_path, "after"), a)
    assert after["迟到分钟"] == before["迟到分钟"] + 100
    assert not kept_days(region)[(a.pk, day)].stale              # recomputed and kept


def test_todays_write_marks_no_day_and_a_missing_day_is_computed(open_month, tmp_path,
                                                                   django_assert_num_queries):
    region, a = open_month.region_a, open_month.store_a
    first = yearly(region, tmp_path, "first")
    with django_assert_num_queries(0):
        summaries.mark_stale(a.pk, OPEN_TODAY)
    with store_scope(a):
        StoreDayFigures.objects.filter(store=a, day__gte=datetime.date(2025, 3, 11)).delete()
        StoreDayFigures.objects.filter(store=a, day=datetime.date(2025, 3, 1)).update(version=0)
        StoreSpanFigures.objects.filter(store=a).delete()         # summed again from the days
    assert yearly(region, tmp_path, "again") == first
    rows = kept_days(region)
    assert (a.pk, datetime.date(2025, 3, 12)) in rows
    assert rows[(a.pk, datetime.date(2025, 3, 1))].version == summaries.DAY_VERSION


def test_leave_marks_each_kept_day_it_covers(open_month):
    from people.models import LeaveRequest

    a = open_month.store_a
    with all_stores("month_figures"):
        summaries.rebuild_days(list(Store.objects.filter(is_active=True)), OPEN_TODAY)
    from people.models import LeaveType

    kind = LeaveType.objects.first() or LeaveType.objects.create(code="mf_annual")
    with store_scope(a):
        LeaveRequest.objects.create(store=a, user=open_month.clerk_a, leave_type=kind,
                                    start_date=datetime.date(2025, 3, 3),
                                    end_date=datetime.date(2025, 3, 5))
    with store_scope(a):
        stale = set(StoreDayFigures.objects.filter(stale=True).values_list("day", flat=True))
    assert {datetime.date(2025, 3, d) for d in (3, 4, 5)} <= stale
    assert datetime.date(2025, 3, 8) not in stale


def test_a_write_during_the_day_computation_leaves_the_day_stale(open_month, monkeypatch):
    a = open_month.store_a
    compute = summaries.compute_days
    day = datetime.date(2025, 3, 11)

    def racing(stores, start, end, today):
        out = compute(stores, start, end, today)
        summaries.mark_stale(a.pk, day)                  # a write lands meanwhile
        return out

    monkeypatch.setattr(summaries, "compute_days", racing)
    with store_scope(a):
        summaries.refresh_days([a], day, day, OPEN_TODAY)
        assert StoreDayFigures.objects.get(store=a, day=day).stale


def test_the_nightly_job_keeps_yesterday_and_the_command_the_closed_days(open_month):
    with all_stores("month_figures"):
        stores = Store.objects.filter(is_active=True).count()
        months, days = summaries.nightly(today=OPEN_TODAY)
        assert days == stores
        kept = set(StoreDayFigures.objects.values_list("day", flat=True))
        # yesterday; the closed days before it too and the year's days ahead (`keep_year`)
        assert kept == {*_days(datetime.date(2025, 3, 1), datetime.date(2025, 3, 12)), *AHEAD}
        assert StoreSpanFigures.objects.filter(stale=False).count() == stores * len(RUNS)
        call_command("rebuild_month_figures", "--since", "2025-01",
                     stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert StoreDayFigures.objects.filter(stale=False, day__lt=OPEN_TODAY).count() == (
            12 * stores)
        assert summaries.rebuild_days(list(Store.objects.filter(is_active=True)), OPEN_TODAY,
                                      only_unusable=True) == 0
        assert summaries.keep_year(list(Store.objects.filter(is_active=True)), OPEN_TODAY) == 0
        # once March closes its days are gone (its month row replaces them); April's 1st kept
        april = datetime.date(2025, 4, 2)
        summaries.nightly(today=april)
        assert {d for d in StoreDayFigures.objects.values_list("day", flat=True)
                if d < april} == {datetime.date(2025, 4, 1)}
        # the runs cut at March 13 are gone, April's are kept
        assert set(StoreSpanFigures.objects.values_list("first", "last")) == {
            (datetime.date(2025, 4, 1), datetime.date(2025, 4, 1)),
            (datetime.date(2025, 4, 3), datetime.date(2025, 4, 30)), *RUNS[3:]}


def test_kept_days_are_store_scoped(open_month, tmp_path):
    region, a, b = open_month.region_a, open_month.store_a, open_month.store_b
    yearly(region, tmp_path, "first")
    with store_scope(b):
        assert not StoreDayFigures.objects.exists()
    with store_scope(a):
        assert set(StoreDayFigures.objects.values_list("store_id", flat=True)) == {a.pk}


def test_a_queryset_delete_marks_its_days_stale(open_month):
    """post_delete's `origin` is then a queryset, not a model instance."""
    from hallops.models import RosterEntry

    a = open_month.store_a
    day = datetime.date(2025, 3, 11)
    with all_stores("month_figures"):
        summaries.rebuild_days([a], OPEN_TODAY)
    with store_scope(a):
        assert RosterEntry.objects.filter(date=day).delete()[0]
        assert StoreDayFigures.objects.get(store=a, day=day).stale
        assert not StoreDayFigures.objects.get(store=a, day=datetime.date(2025, 3, 10)).stale


# --- the days ahead and the summed runs (StoreSpanFigures) ------------------------------------

def test_a_roster_write_ahead_marks_its_day_and_run_stale_and_shows(open_month, tmp_path,
                                                                      monkeypatch):
    region, a = open_month.region_a, open_month.store_a
    before = march_row(yearly(region, tmp_path, "before"), a)
    day = datetime.date(2025, 3, 20)                      # ahead: only planned things
    with store_scope(a):
        factories.roster(a, factories.make_user("mf_ahead", role="clerk", store=a), day)
        assert StoreDayFigures.objects.get(store=a, day=day).stale
        assert not StoreDayFigures.objects.get(store=a, day=day.replace(day=21)).stale
        runs = {(r.first, r.last): r.stale for r in StoreSpanFigures.objects.all()}
    assert runs[(datetime.date(2025, 3, 14), datetime.date(2025, 3, 31))]
    assert not runs[(datetime.date(2025, 3, 1), datetime.date(2025, 3, 12))]
    assert not runs[(datetime.date(2025, 4, 1), datetime.date(2025, 4, 30))]
    assert not any(r.stale for (pk, _f, _l), r in kept_runs(region).items() if pk != a.pk)
    kept = yearly(region, tmp_path, "after")
    assert march_row(kept, a)["排班班次"] == before["排班班次"] + 1
    assert kept == live_yearly(region, tmp_path, "live", monkeypatch)
    assert not any(r.stale for r in kept_runs(region).values())     # summed again and kept


def test_a_day_ahead_kept_is_not_used_once_it_is_today_or_past(open_month, tmp_path,
                                                                 monkeypatch):
    """A day kept while ahead counts no absence; once past, its absences count: the row
    computed before it is recomputed, and the runs cut at the former today are not read."""
    region, a = open_month.region_a, open_month.store_a
    day = datetime.date(2025, 3, 14)
    with store_scope(a):
        factories.roster(a, factories.make_user("mf_absent", role="clerk", store=a), day)
    yearly(region, tmp_path, "first")
    later = datetime.datetime(2025, 3, 16, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(later, tick=False):
        today = later.date()
        kept = cells(Kind.REGION_YEARLY, region, DAY, tmp_path, "later", today=today)
        rows = kept_days(region)
        assert rows[(a.pk, day)].as_of == today                    # recomputed as a past day
        fresh = live_yearly(region, tmp_path, "live", monkeypatch, today=today)
    assert kept == fresh
    assert march_row(kept, a)["缺勤班次"] > 3             # the 13th and the 14th count now
    assert (a.pk, datetime.date(2025, 3, 1), datetime.date(2025, 3, 15)) in kept_runs(region)


def test_leave_ahead_marks_the_days_ahead_it_covers(open_month, tmp_path):
    from people.models import LeaveRequest, LeaveType

    region, a = open_month.region_a, open_month.store_a
    yearly(region, tmp_path, "first")
    kind = LeaveType.objects.first() or LeaveType.objects.create(code="mf_annual")
    with store_scope(a):
        LeaveRequest.objects.create(store=a, user=open_month.clerk_a, leave_type=kind,
                                    start_date=datetime.date(2025, 3, 18),
                                    end_date=datetime.date(2025, 4, 2))
        stale = set(StoreDayFigures.objects.filter(stale=True).values_list("day", flat=True))
        runs = set(StoreSpanFigures.objects.filter(stale=True).values_list("first", flat=True))
    assert stale == set(_days(datetime.date(2025, 3, 18), datetime.date(2025, 4, 2)))
    assert runs == {datetime.date(2025, 3, 14), datetime.date(2025, 4, 1)}


def test_a_copied_roster_week_marks_the_days_ahead(open_month, tmp_path):
    """roster_week_copy writes with bulk_create (no signal): it marks the days itself."""
    from hallops.services.roster import roster_week_copy

    region, a = open_month.region_a, open_month.store_a
    monday = datetime.date(2025, 3, 10)
    with store_scope(a):
        factories.roster(a, factories.make_user("mf_week", role="clerk", store=a), monday)
    yearly(region, tmp_path, "first")
    with store_scope(a):
        assert roster_week_copy(actor=open_month.sm_a, store=a,
                                monday=datetime.date(2025, 3, 17)) is not None
        stale = set(StoreDayFigures.objects.filter(stale=True).values_list("day", flat=True))
    assert datetime.date(2025, 3, 17) in stale
    assert datetime.date(2025, 3, 24) not in stale


def test_a_write_before_the_day_starts_marks_the_business_day_before(region_data, tmp_path,
                                                                      monkeypatch):
    """At 02:00 on the 14th (Asia/Shanghai) the store's day (05:00) has not started: an
    action now belongs to the 13th, a kept closed day (before the calendar today, the 14th),
    which it marks stale; the next workbook shows it, equal to a live read."""
    from hallops.services.audit import audit_record

    region, a = region_data.region_a, region_data.store_a
    night = datetime.datetime(2025, 3, 14, 2, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(night, tick=False):
        today = timezone.localdate()
        assert today == datetime.date(2025, 3, 14)

        def book(name):
            return cells(Kind.REGION_YEARLY, region, DAY, tmp_path, name, today=today)

        before = march_row(book("before"), a)
        with store_scope(a):
            audit_record(actor=region_data.sm_a, store=a, action="test.night")
            days = {r.day: r.stale for r in StoreDayFigures.objects.all()}
            runs = {(r.first, r.last): r.stale for r in StoreSpanFigures.objects.all()}
        assert days[datetime.date(2025, 3, 13)] and not days[datetime.date(2025, 3, 12)]
        assert runs[(datetime.date(2025, 3, 1), datetime.date(2025, 3, 13))]
        assert not runs[(datetime.date(2025, 3, 15), datetime.date(2025, 3, 31))]
        after = book("after")
        fresh = live_yearly(region, tmp_path, "live", monkeypatch, today=today)
    assert march_row(after, a)["操作记录"] == before["操作记录"] + 1
    assert after == fresh


def test_summed_runs_equal_the_days_they_sum(open_month):
    """A run's parts equal its days' parts summed: money exact, staff a set of people."""
    a = open_month.store_a
    first, last = datetime.date(2025, 3, 1), datetime.date(2025, 3, 12)
    with store_scope(a):
        days = summaries.compute_days([a], first, last, OPEN_TODAY)
        run = summaries.kept_spans([a], [(first, last)], OPEN_TODAY)[(a.pk, first)]
        assert summaries.kept_spans([a], [(first, last)], OPEN_TODAY)[(a.pk, first)] == run
    assert run["staff"] == sorted({p for parts in days.values() for p in parts["staff"]})
    assert run["shifts"] == sum(parts["shifts"] for parts in days.values())
    ops = [parts["ops"] for parts in days.values() if parts["ops"] is not None]
    assert ops and run["ops"]["takings"] == sum(o["takings"] for o in ops)
    assert isinstance(run["ops"]["takings"], Decimal)


def test_the_yearly_reads_a_fixed_number_of_queries_for_the_open_year(open_month, tmp_path,
                                                                       django_assert_num_queries):
    region = open_month.region_a
    yearly(region, tmp_path, "first")
    # the region scope's store ids, the store list, the kept months (one query), the kept
    # runs of the open and later months (one query, whatever the days): 4; today, the open
    # day, is not read
    with django_assert_num_queries(4):
        yearly(region, tmp_path, "again")
