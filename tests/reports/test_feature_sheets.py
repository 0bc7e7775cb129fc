"""The feature sheets of every workbook sum to the database, and only to their own store's rows.

Generated data (tests/reports/feature_data.py) for two stores of region A and one of region B
over a week around DAY; each workbook is built through the service like a button press and
opened with openpyxl.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q, Sum
from django.test.utils import CaptureQueriesContext

from complaints import kpi
from complaints.models import WorkOrder
from hallops.models import (
    CashHandIn,
    ChecklistItem,
    ChecklistRun,
    ChecklistTick,
    ClerkDailyReport,
    ClerkReportLine,
    ClerkReportReceipts,
    DutyLog,
    ExpectedTakings,
    TillDifference,
)
from hallops.periods import day_moments
from hallops.selectors.checklists import run_completion, summarise
from hallops.selectors.daily_reports import (
    confirmed_line_counts,
    confirmed_report_totals,
    store_day_report,
)
from hallops.selectors.targets import month_progress
from reports.models import Kind
from reports.periods import period_for
from reports.workbooks import workbook_for
from tests import factories

from .feature_data import seed_operations
from .helpers import bare, column, open_workbook, totals_row
from .test_workbooks import run_on_commit  # noqa: F401  (fixture)

DAY = datetime.date(2025, 3, 12)  # a Wednesday, in the past
WEEK = [DAY + datetime.timedelta(days=d) for d in range(-2, 3)]
CENT = Decimal("0.01")


def money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def table(ws) -> tuple[list, list[dict]]:
    """(header, data rows as {title: value}) of a sheet, up to the blank row before the
    signature lines (the totals row is the last one)."""
    rows = []
    for r in ws.iter_rows():
        values = [c.value for c in r]
        if rows and all(v is None for v in values):
            break
        rows.append(values)
    header = [bare(h) for h in rows[0]]
    return header, [dict(zip(header, r, strict=True)) for r in rows[1:]]


def total(ws, title):
    return totals_row(ws)[column(ws, title)]


def all_text(wb) -> str:
    return "\n".join(str(c.value) for ws in wb.worksheets for r in ws.iter_rows() for c in r
                     if c.value is not None)


@pytest.fixture
def ops(world):
    a_clerks = [world.clerk_a, *(factories.make_user(f"a_clerk{i}", role="clerk",
                                                     store=world.store_a, last_name="甲")
                                 for i in range(2))]
    seed_operations(world.store_a, a_clerks, WEEK, dm=world.dm_a, seed=1)
    b_clerk = factories.make_user("b_only_clerk", role="clerk", store=world.store_b,
                                  first_name="乙店营业员")
    seed_operations(world.store_b, [world.clerk_b, b_clerk], WEEK, dm=world.dm_b, seed=2,
                    tag="BSTORE")
    world.a_clerks = a_clerks
    return world


def confirmed(store, start, end):
    return ClerkDailyReport.objects.filter(store=store, status="confirmed",
                                           business_date__range=(start, end))


def db_figures(store, start, end) -> dict:
    """The database's own sums for `store` over [start, end], straight from the tables."""
    lines = ClerkReportLine.objects.filter(report__in=confirmed(store, start, end))
    receipts = ClerkReportReceipts.objects.filter(report__in=confirmed(store, start, end))
    r = receipts.aggregate(cash=Sum("cash"), cheque=Sum("cheque"), pos=Sum("pos_card"),
                           e=Sum("e_payment"), refunds=Sum("refunds"))
    sessions = Q(session__store=store, session__business_date__range=(start, end))
    bounds = day_moments(start, end)
    orders = WorkOrder.objects.filter(store=store)
    received = orders.filter(received_at__gte=bounds[0], received_at__lt=bounds[1]).exclude(
        status="cancelled")
    handins = CashHandIn.objects.filter(sessions, confirmed_at__isnull=False).aggregate(
        c=Sum("received_cash"), q=Sum("received_cheque"))
    runs = ChecklistRun.objects.filter(store=store, business_date__range=(start, end))
    return {
        "volume": lines.filter(business_type__isnull=False).aggregate(s=Sum("count"))["s"] or 0,
        "marketing": lines.filter(product_line__isnull=False).aggregate(s=Sum("count"))["s"] or 0,
        "cash": money(r["cash"]),
        "net": money(sum(money(r[k]) for k in ("cash", "cheque", "pos", "e")) - money(r["refunds"])),
        "takings": money(ExpectedTakings.objects.filter(sessions).aggregate(s=Sum("amount"))["s"]),
        "overage": money(TillDifference.objects.filter(sessions, kind="overage")
                         .aggregate(s=Sum("amount"))["s"]),
        "shortage": money(TillDifference.objects.filter(sessions, kind="shortage")
                          .aggregate(s=Sum("amount"))["s"]),
        "handed_in": money(handins["c"]) + money(handins["q"]),
        "received": received.count(),
        "overdue": received.filter(was_overdue=True).count(),
        "closed": orders.filter(status="closed", closed_at__gte=bounds[0],
                                closed_at__lt=bounds[1]).count(),
        "logs_signed": DutyLog.objects.filter(store=store, business_date__range=(start, end),
                                              status__in=["submitted", "countersigned"]).count(),
        "items": sum(ChecklistItem.objects.filter(template=run.template).count() for run in runs),
        "ticked": ChecklistTick.objects.filter(run__in=runs).count(),
        "tickets": DutyLog.objects.filter(store=store, business_date__range=(start, end))
        .aggregate(s=Sum("tickets_issued"))["s"],
    }


def test_it_builds_the_daily_workbook_with_every_feature_summing_to_the_database(
        ops, run_on_commit):  # noqa: F811
    report = run_on_commit(Kind.STORE_DAILY, DAY, store=ops.store_a)
    wb = open_workbook(report)
    db = db_figures(ops.store_a, DAY, DAY)
    assert db["volume"] and db["takings"] and db["received"]  # the generator made some of each

    volume = wb["业务量"]
    assert total(volume, "业务量合计") == db["volume"]
    assert total(volume, "营销量合计") == db["marketing"]
    assert volume.freeze_panes == "A2"
    reports = wb["营业日报"]
    assert money(total(reports, "现金")) == db["cash"]
    assert money(total(reports, "净收款")) == db["net"]
    _header, rows = table(reports)
    assert len(rows) - 1 == confirmed(ops.store_a, DAY, DAY).count()
    assert isinstance(rows[0]["营业日"], datetime.datetime)  # a date cell, not text
    assert reports.cell(row=2, column=4).number_format == '"¥"#,##0.00'

    tills = wb["现金核对"]
    assert money(total(tills, "系统应收")) == db["takings"]
    assert money(total(tills, "清点长款")) == db["overage"]  # every difference was registered
    assert money(total(tills, "清点短款")) == db["shortage"]
    assert money(total(tills, "确认收到")) == db["handed_in"]
    register = wb["长短款登记"]
    assert money(total(register, "长款")) == db["overage"]
    assert money(total(register, "短款")) == db["shortage"]

    orders = wb["投诉工单"]
    assert total(orders, "本期受理") == db["received"]
    assert total(orders, "本期关闭") == db["closed"]
    assert total(orders, "曾逾期") == db["overdue"]
    logs = wb["值班经理日志"]
    assert total(logs, "取号数") == db["tickets"]
    checks = wb["检查完成"]
    assert total(checks, "项目数") == db["items"]
    assert total(checks, "已完成") == db["ticked"]

    summary = {r[0].value: r[1].value for r in wb["概况"].iter_rows(min_row=2)}
    assert summary["业务量合计"] == db["volume"]
    assert money(summary["净收款"]) == db["net"]
    assert money(summary["系统应收"]) == db["takings"]
    assert money(summary["登记长款"]) == db["overage"]
    assert money(summary["上交确认"]) == db["handed_in"]
    assert summary["投诉受理"] == db["received"]
    assert summary["值班经理日志已提交"] == db["logs_signed"]
    assert summary["检查完成率"] == round(db["ticked"] / db["items"], 4)  # a percentage
    assert summary["未确认日报"] == ClerkDailyReport.objects.filter(
        store=ops.store_a, business_date=DAY).exclude(status="confirmed").count()

    text = all_text(wb)
    assert "BSTORE" not in text and "乙店营业员" not in text  # store B never appears
    # A handover typed as "=1+1 …" stays text, never a formula.
    typed = [c for r in logs.iter_rows() for c in r if str(c.value).startswith("=1+1")]
    assert len(typed) == DutyLog.objects.filter(store=ops.store_a, business_date=DAY).count() == 1
    assert all(c.data_type == "s" for c in typed)
    assert not any(c.data_type == "f" for ws in wb.worksheets for r in ws.iter_rows() for c in r)


@pytest.mark.parametrize("kind", [Kind.STORE_WEEKLY, Kind.STORE_MONTHLY])
def test_it_builds_the_weekly_and_monthly_workbooks_by_day_with_targets_and_kpis(
        ops, run_on_commit, kind):  # noqa: F811
    report = run_on_commit(kind, DAY, language="en", store=ops.store_a)
    wb = open_workbook(report)
    start, end = period_for(kind, DAY)
    db = db_figures(ops.store_a, start, end)

    by_day = wb["Operations by day"]
    assert by_day.max_row == (end - start).days + 1 + 2
    assert total(by_day, "Business volume") == db["volume"]
    assert total(by_day, "Marketing") == db["marketing"]
    assert money(total(by_day, "Net receipts")) == db["net"]
    assert money(total(by_day, "Expected takings")) == db["takings"]
    assert money(total(by_day, "Shortages recorded")) == db["shortage"]
    assert money(total(by_day, "Hand-ins confirmed")) == db["handed_in"]
    assert total(by_day, "Complaints received") == db["received"]
    assert total(by_day, "Complaints closed") == db["closed"]
    assert total(by_day, "Duty logs signed off") == db["logs_signed"]
    assert total(by_day, "Items ticked") == db["ticked"]
    _h, rows = table(by_day)
    day_row = next(r for r in rows if r["Business date"] == datetime.datetime(2025, 3, 12))
    assert day_row["Business volume"] == db_figures(ops.store_a, DAY, DAY)["volume"]

    volume_days = wb["Business volume by day"]
    assert total(volume_days, "Business volume") == db["volume"]
    assert total(wb["Business volume"], "Marketing total") == db["marketing"]

    _h, targets = table(wb["Targets"])
    store_rows = [r for r in targets if r["For"] == "Whole store"]
    progress = {p.line.name_en or p.line.name: p for p in month_progress(ops.store_a, 2025, 3)[0]}
    for row in store_rows:
        p = progress[row["Product line"]]
        assert row["Monthly target"] == p.target
        if kind == Kind.STORE_MONTHLY:  # the month's progress, as the targets page shows it
            assert row["Sold this month"] == p.actual
            assert row["Sold in period"] == p.actual
    assert sum(r["Sold in period"] for r in store_rows) == db["marketing"]
    assert [r["For"] for r in targets if r["For"] != "Whole store"] == [
        ops.a_clerks[0].first_name]

    kpis = wb["Complaint KPIs"]
    _h, kpi_rows = table(kpis)
    figures = kpi.period_kpis_by_store([ops.store_a], start, end)[0][1]
    assert [r["Out of"] for r in kpi_rows] == [f.denominator for f in figures]
    reply = next(r for r in kpi_rows if r["KPI"].startswith("Reply rate"))
    assert reply["Out of"] == db["received"]
    assert kpis.cell(row=2, column=4).number_format == "0.0%"

    assert money(total(wb["Cash reconciliation"], "Expected (BOSS)")) == db["takings"]
    assert total(wb["Complaints"], "Received in period") == db["received"]
    assert total(wb["Checklists"], "Ticked") == db["ticked"]
    assert "BSTORE" not in all_text(wb)


def test_it_builds_the_regional_workbook_with_every_headline_per_store(
        ops, run_on_commit):  # noqa: F811
    other = factories.make_store("A002", region=ops.region_a, name="解放路营业厅")
    dm = factories.make_user("a2_dm", role="duty_manager", store=other)
    seed_operations(other, [factories.make_user("a2_clerk", role="clerk", store=other)], WEEK,
                    dm=dm, seed=3)
    report = run_on_commit(Kind.REGION_MONTHLY, DAY, region=ops.region_a)
    wb = open_workbook(report)
    assert wb.sheetnames == ["各厅汇总", "A001 和平路营业厅", "A001 营业按日", "A001 进销存",
                             "A002 解放路营业厅", "A002 营业按日", "A002 进销存"]
    start, end = period_for(Kind.REGION_MONTHLY, DAY)
    a, a2 = db_figures(ops.store_a, start, end), db_figures(other, start, end)
    stores = wb["各厅汇总"]
    _h, rows = table(stores)
    by_code = {r["编码"]: r for r in rows[:-1]}
    assert set(by_code) == {"A001", "A002"}  # store B is in another region
    for code, db in (("A001", a), ("A002", a2)):
        assert by_code[code]["业务量合计"] == db["volume"]
        assert money(by_code[code]["净收款"]) == db["net"]
        assert money(by_code[code]["系统应收"]) == db["takings"]
        assert money(by_code[code]["登记短款"]) == db["shortage"]
        assert by_code[code]["投诉关闭"] == db["closed"]
        assert by_code[code]["投诉曾逾期"] == db["overdue"]
        assert by_code[code]["检查完成率"] == round(db["ticked"] / db["items"], 4)
    assert total(stores, "业务量合计") == a["volume"] + a2["volume"]
    assert money(total(stores, "系统应收")) == a["takings"] + a2["takings"]
    assert total(stores, "投诉受理") == a["received"] + a2["received"]
    per_store = wb["A002 营业按日"]
    assert money(total(per_store, "上交确认")) == a2["handed_in"]
    assert total(per_store, "业务量") == a2["volume"]
    assert "BSTORE" not in all_text(wb)


def test_it_reads_a_region_in_the_same_number_of_queries_whatever_its_number_of_stores(ops):
    """No query per store: the regional workbook's reads do not grow with the stores."""
    from reports.engine import write_workbook
    from reports.models import ReportFile

    def queries_for_region(n_stores, tmp_name):
        region = factories.make_region()
        for i in range(n_stores):
            store = factories.make_store(region=region)
            dm = factories.make_user(role="duty_manager", store=store)
            seed_operations(store, [factories.make_user(role="clerk", store=store)], WEEK[:2],
                            dm=dm, seed=10 + i)
        report = ReportFile.objects.create(kind=Kind.REGION_MONTHLY, region=region,
                                           period_start=start, period_end=end)
        workbook = workbook_for(report.kind)
        with CaptureQueriesContext(connection) as ctx:
            write_workbook(tmp_name, workbook.plan(workbook.context(report, DAY)))
        return len(ctx.captured_queries)

    import tempfile

    start, end = period_for(Kind.REGION_MONTHLY, DAY)
    with tempfile.TemporaryDirectory() as tmp:
        two = queries_for_region(2, f"{tmp}/two.xlsx")
        five = queries_for_region(5, f"{tmp}/five.xlsx")
    assert two == five


def test_it_sums_the_selectors_the_workbooks_share_like_the_feature_pages(ops):
    """The multi-store selectors agree with the feature's own per-store reads."""
    day_report = store_day_report(ops.store_a, DAY)
    counts = confirmed_line_counts([ops.store_a, ops.store_b], DAY, DAY)
    assert sum(n for (sid, (kind, _pk)), n in counts.items()
               if sid == ops.store_a.pk and kind == "bt") == day_report.business_volume
    totals = confirmed_report_totals([ops.store_a, ops.store_b], DAY, DAY)[ops.store_a.pk]
    assert totals["net"] == day_report.receipts["net"]
    assert totals["handsets_sold"] == day_report.totals["handsets_sold"]
    assert totals["invoices_used"] == day_report.totals["invoices_used"]
    for row in run_completion([ops.store_a], DAY, DAY):
        summary = summarise(ChecklistRun.objects.get(pk=row["id"]))
        assert (row["total"], row["ticked"], row["late"], row["problems"]) == (
            summary.total, summary.ticked, summary.late, summary.problems)
