"""Complaint work orders of the period (received, closed, gone overdue) and the standard KPIs
against their targets, read through `complaints.selectors` and `complaints.kpi`."""

from complaints import kpi
from complaints import selectors as complaints
from complaints.models import WorkOrder
from hallops.periods import day_moments
from reports.models import STORE_KINDS, Kind

from . import Column, L, Sheet, T, daily_figures, register_headline, register_sheet
from ._helpers import label, local, person, yes_no

RECEIVED = L("投诉受理", "Complaints received")
CLOSED = L("投诉关闭", "Complaints closed")
OVERDUE = L("投诉曾逾期", "Complaints gone overdue")


@register_sheet(kinds=STORE_KINDS, order=50)
class ComplaintOrdersSheet(Sheet):
    """Each order received or closed in the period; the 0/1 columns sum to the headline counts."""

    key = "complaint_orders"
    title = L("投诉工单", "Complaints")
    columns = (
        Column(L("工单号", "Order no."), T.TEXT, width=18),
        Column(L("来源", "Source"), T.TEXT, width=12),
        Column(L("类别", "Category"), T.TEXT, width=14),
        Column(L("受理时间", "Received at"), T.DATETIME),
        Column(L("状态", "Status"), T.TEXT, width=12),
        Column(L("处理人", "Handler"), T.TEXT, width=12),
        Column(L("回复时限", "Reply by"), T.DATETIME),
        Column(L("回复时间", "Replied at"), T.DATETIME),
        Column(L("按时回复", "Replied on time"), T.TEXT, width=9),
        Column(L("关闭时间", "Closed at"), T.DATETIME),
        Column(L("本期受理", "Received in period"), T.INT),
        Column(L("本期关闭", "Closed in period"), T.INT),
        Column(L("曾逾期", "Gone overdue"), T.INT),
    )

    def rows(self, ctx):
        start, end = day_moments(ctx.start, ctx.end)
        for o in complaints.orders_of_period(ctx.store, ctx.start, ctx.end).iterator(
                chunk_size=500):
            received = (start <= o.received_at < end
                        and o.status != WorkOrder.Status.CANCELLED)
            closed = (o.status == WorkOrder.Status.CLOSED and o.closed_at is not None
                      and start <= o.closed_at < end)
            yield (o.number, o.get_source_display(), str(label(o.category)), local(o.received_at),
                   o.get_status_display(), person(o.handler), local(o.reply_due),
                   local(o.replied_at), yes_no(o.replied_on_time), local(o.closed_at),
                   int(received), int(closed), int(received and o.was_overdue))


@register_sheet(kinds=(Kind.STORE_WEEKLY, Kind.STORE_MONTHLY), order=55)
class ComplaintKpiSheet(Sheet):
    """The standard complaint KPIs (规范化指标) of the period against their targets."""

    key = "complaint_kpis"
    title = L("投诉指标", "Complaint KPIs")
    columns = (
        Column(L("指标", "KPI"), T.TEXT, width=26),
        Column(L("达标工单", "Orders counted"), T.INT, total=False),
        Column(L("基数", "Out of"), T.INT, total=False),
        Column(L("实际", "Actual"), T.PERCENT),
        Column(L("目标", "Target"), T.PERCENT),
        Column(L("方向", "Direction"), T.TEXT, width=6),
        Column(L("达标", "Met"), T.TEXT, width=6),
    )
    totals = False

    def rows(self, ctx):
        _store, figures = kpi.period_kpis_by_store([ctx.store], ctx.start, ctx.end)[0]
        for f in figures:
            target = f.target
            yield (f.label, f.numerator, f.denominator,
                   None if f.value is None else f.value / 100,
                   target.target / 100 if target else None,
                   ("≥" if target.direction == target.Direction.AT_LEAST else "≤") if target
                   else "", yes_no(f.met))


@register_headline(key="complaints_received", title=RECEIVED, order=300)
def received(stores, start, end, today):
    return daily_figures.totals(stores, start, end, "received")


@register_headline(key="complaints_closed", title=CLOSED, order=310)
def closed(stores, start, end, today):
    return daily_figures.totals(stores, start, end, "closed")


@register_headline(key="complaints_overdue", title=OVERDUE, order=320)
def overdue(stores, start, end, today):
    return daily_figures.totals(stores, start, end, "overdue")
