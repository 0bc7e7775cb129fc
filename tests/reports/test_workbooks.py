"""Each workbook, built through the service like a button press, sums to the database."""

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from hallops.models import AttendanceRecord, RosterEntry
from reports.models import Kind, ReportFile
from reports.periods import period_for
from reports.services import report_request
from tests import factories

from .helpers import column, open_workbook, seed_day, totals_row

DAY = datetime.date(2025, 3, 12)  # a Wednesday, in the past


@pytest.fixture
def seeded(world):
    a = world.store_a
    extra = [factories.make_user(f"a_staff{i}", role="clerk", store=a) for i in range(3)]
    people = [world.clerk_a, world.dm_a, *extra]
    for offset in range(-2, 3):
        day = DAY + datetime.timedelta(days=offset)
        seed_day(a, people, day, late=people[:offset + 3], absent=people[4:],
                 reason="=cmd|' /C calc'!A0")
    seed_day(world.store_b, [world.clerk_b], DAY, late=[world.clerk_b])
    return world


def build(kind, day, language="zh-hans", **scope):
    start, end = period_for(kind, day)
    report = report_request(kind=kind, start=start, end=end, language=language, **scope)
    report.refresh_from_db()
    return report


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def runner(kind, day, language="zh-hans", **scope):
        with django_capture_on_commit_callbacks(execute=True):
            report = build(kind, day, language, **scope)
        report.refresh_from_db()
        assert report.status == ReportFile.Status.DONE, report.error
        return report

    return runner


def test_it_builds_the_daily_workbook_with_attendance_that_matches_the_database(
        seeded, run_on_commit):
    report = run_on_commit(Kind.STORE_DAILY, DAY, store=seeded.store_a)
    wb = open_workbook(report)
    assert wb.sheetnames == ["概况", "业务量", "营业日报", "现金核对", "长短款登记", "投诉工单",
                             "值班经理日志", "检查完成", "客户分流", "考勤", "操作统计"]
    ws = wb["考勤"]
    assert ws.freeze_panes == "A2"
    records = AttendanceRecord.objects.filter(store=seeded.store_a, business_date=DAY)
    total = totals_row(ws)
    assert total[column(ws, "迟到分钟")] == records.aggregate(s=Sum("late_minutes"))["s"] == 21
    # one row per clock-in plus the absent person, plus the header and totals
    assert ws.max_row == records.count() + 1 + 2
    reasons = [c for row in ws.iter_rows(min_row=2) for c in row
               if isinstance(c.value, str) and c.value.startswith("=cmd")]
    assert len(reasons) == 3 and all(c.data_type == "s" for c in reasons)
    summary = {r[0].value: r[1].value for r in wb["概况"].iter_rows(min_row=2)}
    assert summary["排班班次"] == RosterEntry.objects.filter(store=seeded.store_a, date=DAY).count()
    assert summary["缺勤班次"] == 1
    assert report.row_count == sum(report.sheet_rows.values())
    assert len(report.checksum) == 64


def test_it_builds_the_weekly_and_monthly_workbooks_by_day_in_english(seeded, run_on_commit):
    for kind in (Kind.STORE_WEEKLY, Kind.STORE_MONTHLY):
        report = run_on_commit(kind, DAY, language="en", store=seeded.store_a)
        wb = open_workbook(report)
        # The monthly workbook carries the month's roster too (people app, issue 13).
        assert wb.sheetnames == [
            "Summary", "By day", "Operations by day", "Business volume", "Business volume by day",
            "Clerk daily reports", "Targets", "Cash reconciliation", "Overages and shortages",
            "Complaints", "Complaint KPIs", "Duty logs", "Checklists", "Queue peaks",
            *(["Assessment"] if kind == Kind.STORE_MONTHLY else []),
            "Attendance by person",
            *(["Roster", "Stock in and out", "Service checks and violations", "Service violations"]
              if kind == Kind.STORE_MONTHLY else []),
            "Activity"]
        start, end = period_for(kind, DAY)
        by_day = wb["By day"]
        assert by_day.max_row == (end - start).days + 1 + 2
        total = totals_row(by_day)
        assert total[0] == "Total"
        roster = RosterEntry.objects.filter(store=seeded.store_a, date__range=(start, end))
        records = AttendanceRecord.objects.filter(store=seeded.store_a,
                                                  business_date__range=(start, end))
        assert total[column(by_day, "Shifts rostered")] == roster.count()
        assert total[column(by_day, "Minutes late")] == records.aggregate(
            s=Sum("late_minutes"))["s"]
        people = wb["Attendance by person"]
        assert totals_row(people)[column(people, "Shifts attended")] == records.count()
        assert totals_row(people)[column(people, "Absences")] == 5


def test_it_builds_the_regional_workbook_with_one_row_per_store(seeded, run_on_commit):
    other = factories.make_store("A002", region=seeded.region_a, name="解放路营业厅")
    seed_day(other, [factories.make_user("a2_clerk", role="clerk", store=other)], DAY)
    report = run_on_commit(Kind.REGION_MONTHLY, DAY, region=seeded.region_a)
    wb = open_workbook(report)
    assert wb.sheetnames == ["各厅汇总", "A001 和平路营业厅", "A001 营业按日", "A001 进销存",
                             "A002 解放路营业厅", "A002 营业按日", "A002 进销存"]
    stores = wb["各厅汇总"]
    assert [r[0].value for r in stores.iter_rows(min_row=2, max_row=3)] == ["A001", "A002"]
    start, end = period_for(Kind.REGION_MONTHLY, DAY)
    in_region = RosterEntry.objects.filter(store__region=seeded.region_a,
                                           date__range=(start, end))
    assert totals_row(stores)[column(stores, "排班班次")] == in_region.count()
    late = AttendanceRecord.objects.filter(store__region=seeded.region_a,
                                           business_date__range=(start, end))
    assert totals_row(stores)[column(stores, "迟到分钟")] == late.aggregate(
        s=Sum("late_minutes"))["s"]
    # store B (another region) is not in it
    assert "B001" not in [r[0].value for r in stores.iter_rows(min_row=2)]
    per_store = wb["A001 和平路营业厅"]
    assert totals_row(per_store)[column(per_store, "排班班次")] == in_region.filter(
        store=seeded.store_a).count()


def test_it_replaces_the_file_when_a_workbook_is_rebuilt(seeded, run_on_commit):
    first = run_on_commit(Kind.STORE_DAILY, DAY, store=seeded.store_a)
    old_name = first.file.name
    second = run_on_commit(Kind.STORE_DAILY, DAY, language="en", store=seeded.store_a)
    assert second.pk == first.pk
    assert second.file.name != old_name
    assert not first.file.storage.exists(old_name)
    assert ReportFile.objects.filter(kind=Kind.STORE_DAILY, store=seeded.store_a).count() == 1
    assert second.attempts == 2
    assert timezone.now() >= second.finished_at
