"""Marketing targets against actuals (指标完成): the month's targets of the store and of each
clerk, what the confirmed daily reports say was sold in the period and in the month so far."""

from hallops.selectors import daily_reports as daily
from hallops.selectors.targets import targets_for_month
from reports.models import Kind

from . import Column, L, Sheet, T, register_sheet
from ._helpers import employee_no, label, person, ratio
from .business import counted_items

WHOLE_STORE = L("全厅", "Whole store")


@register_sheet(kinds=(Kind.STORE_WEEKLY, Kind.STORE_MONTHLY), order=38)
class TargetsSheet(Sheet):
    """One row per (store or clerk, product line) of the month the period ends in.

    The store's rows come first; the totals row sums them only (the clerk rows split the same
    sales again), so the 'actual' total equals the store's sales of the period.
    """

    key = "targets"
    title = L("指标完成", "Targets")
    columns = (
        Column(L("月份", "Month"), T.TEXT, width=9),
        Column(L("工号", "Employee no."), T.TEXT, width=10),
        Column(L("对象", "For"), T.TEXT, width=14),
        Column(L("产品线", "Product line"), T.TEXT, width=16),
        Column(L("月指标", "Monthly target"), T.INT, total=False),
        Column(L("本期完成", "Sold in period"), T.INT, total=False),
        Column(L("本月累计", "Sold this month"), T.INT, total=False),
        Column(L("完成率", "Achieved"), T.PERCENT),
    )
    totals = False

    def rows(self, ctx):
        first = ctx.end.replace(day=1)
        store = ctx.store
        _types, lines = counted_items()
        period = daily.confirmed_line_counts([store], ctx.start, ctx.end, by=("clerk",))
        month = daily.confirmed_line_counts([store], first, ctx.end, by=("clerk",))

        def sold(counts, line, clerk_id=None):
            return sum(n for (cid, item), n in counts.items()
                       if item == ("pl", line.pk) and clerk_id in (None, cid))

        targets = list(targets_for_month(store, first).select_related("clerk__profile"))
        store_targets = {t.product_line_id: t.quantity for t in targets if t.clerk_id is None}
        label_month = f"{first:%Y-%m}"
        for line in lines:
            target = store_targets.get(line.pk)
            to_date = sold(month, line)
            yield (label_month, "", str(WHOLE_STORE), str(label(line)), target,
                   sold(period, line), to_date, ratio(to_date, target))
        clerk_targets = sorted((t for t in targets if t.clerk_id is not None),
                               key=lambda t: (employee_no(t.clerk), t.clerk.username,
                                              t.product_line.sort_order))
        for t in clerk_targets:
            to_date = sold(month, t.product_line, t.clerk_id)
            yield (label_month, employee_no(t.clerk), person(t.clerk), str(label(t.product_line)),
                   t.quantity, sold(period, t.product_line, t.clerk_id), to_date,
                   ratio(to_date, t.quantity))
