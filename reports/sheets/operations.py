"""The store's operations by day (营业按日): volume, receipts, cash, complaints, duty logs and
checklists side by side, one row per day. In the regional workbook it is repeated for every
store, read for all stores at once (a fixed number of queries, whatever the number of stores).
"""

from reports.models import Kind

from . import Column, L, Sheet, T, daily_figures, register_sheet

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
        Column(L("值班经理日志已提交", "Duty logs signed off"), T.INT),
        Column(L("检查项", "Checklist items"), T.INT),
        Column(L("已完成检查项", "Items ticked"), T.INT),
    )

    def rows(self, ctx):
        return operations_rows(daily_figures.for_sheet(ctx), ctx.store.pk, ctx.days())


def operations_rows(figures: dict, store_id: int, days):
    """The rows of one store (OperationsByDaySheet.columns) from `daily_figures.compute`."""
    for day in days:
        row = figures.get((store_id, day)) or daily_figures.empty()
        yield (day, *(row[name] for name in FIGURES))


@register_sheet(kinds=(Kind.REGION_MONTHLY,), order=110)
class StoreOperationsByDaySheet(OperationsByDaySheet):
    """The store monthly 'operations by day' sheet, repeated for every store of the region."""

    key = "region_store_operations_by_day"
    per_store = True

    def rows(self, ctx):
        from .region import kept_figures

        kept = kept_figures(ctx)
        if kept is None:
            return super().rows(ctx)
        return iter(kept[ctx.store.pk][2])

    def sheet_title(self, ctx):
        return f"{ctx.store.code} {self.title}"
