"""The store's operations by day (营业按日): volume, receipts, cash, complaints, duty logs and
checklists side by side, one row per day. In the regional workbook it is repeated for every
store, read for all stores at once (a fixed number of queries, whatever the number of stores).
"""

from decimal import Decimal

from complaints import selectors as complaints
from hallops.selectors import cash, checklists, dutylog
from hallops.selectors import daily_reports as daily
from reports.models import Kind

from . import Column, L, Sheet, T, register_sheet

ZERO = Decimal("0.00")


def figures_by_store_day(ctx) -> dict:
    """{(store id, day): {figure: value}} for every store of the workbook and day of the period."""
    stores, start, end = ctx.scope_stores, ctx.start, ctx.end
    days = list(ctx.days())
    out: dict = {}

    def slot(key):
        return out.setdefault(key, {
            "volume": 0, "marketing": 0, "net": ZERO, "takings": ZERO, "overage": ZERO,
            "shortage": ZERO, "handed_in": ZERO, "received": 0, "closed": 0, "overdue": 0,
            "logs": 0, "submitted": 0, "items": 0, "ticked": 0})

    for (store_id, day, (kind, _pk)), n in daily.confirmed_line_counts(
            stores, start, end, by=("store", "date")).items():
        slot((store_id, day))["volume" if kind == "bt" else "marketing"] += n
    for key, totals in daily.confirmed_report_totals(stores, start, end,
                                                     by=("store", "date")).items():
        slot(key)["net"] = totals["net"]
    for key, row in cash.days_summary_by_store(stores, days).items():
        slot(key).update({name: row[name] for name in ("takings", "overage", "shortage",
                                                       "handed_in")})
    for key, counts in complaints.period_counts(stores, start, end, by_day=True).items():
        slot(key).update(counts)
    for key, counts in dutylog.log_counts(stores, start, end, by_day=True).items():
        slot(key).update(counts)
    for run in checklists.run_completion(stores, start, end):
        s = slot((run["store_id"], run["business_date"]))
        s["items"] += run["total"] or 0
        s["ticked"] += run["ticked"]
    return out


FIGURES = ("volume", "marketing", "net", "takings", "overage", "shortage", "handed_in",
           "received", "closed", "overdue", "submitted", "items", "ticked")


@register_sheet(kinds=(Kind.STORE_WEEKLY, Kind.STORE_MONTHLY), order=25)
class OperationsByDaySheet(Sheet):
    key = "operations_by_day"
    title = L("营业按日", "Operations by day")
    columns = (
        Column(L("营业日", "Business date"), T.DATE),
        Column(L("业务量", "Business volume"), T.INT),
        Column(L("营销量", "Marketing"), T.INT),
        Column(L("净收款", "Net receipts"), T.MONEY),
        Column(L("系统应收", "Expected takings"), T.MONEY),
        Column(L("登记长款", "Overages recorded"), T.MONEY),
        Column(L("登记短款", "Shortages recorded"), T.MONEY),
        Column(L("上交确认", "Hand-ins confirmed"), T.MONEY),
        Column(L("投诉受理", "Complaints received"), T.INT),
        Column(L("投诉关闭", "Complaints closed"), T.INT),
        Column(L("投诉曾逾期", "Complaints gone overdue"), T.INT),
        Column(L("值班日志已提交", "Duty logs signed off"), T.INT),
        Column(L("检查项", "Checklist items"), T.INT),
        Column(L("已完成检查项", "Items ticked"), T.INT),
    )

    def rows(self, ctx):
        figures = ctx.cached("operations_by_day", lambda: figures_by_store_day(ctx))
        store_id = ctx.store.pk
        for day in ctx.days():
            row = figures.get((store_id, day))
            if row is None:
                yield (day, 0, 0, ZERO, ZERO, ZERO, ZERO, ZERO, 0, 0, 0, 0, 0, 0)
            else:
                yield (day, *(row[name] for name in FIGURES))


@register_sheet(kinds=(Kind.REGION_MONTHLY,), order=110)
class StoreOperationsByDaySheet(OperationsByDaySheet):
    """The store monthly 'operations by day' sheet, repeated for every store of the region."""

    key = "region_store_operations_by_day"
    per_store = True

    def sheet_title(self, ctx):
        return f"{ctx.store.code} {self.title}"
