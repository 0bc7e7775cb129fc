"""Cash reconciliation (现金核对) per till and the discrepancy register (长短款登记), read
through the cash feature's selectors (`till_figures`, `discrepancy_register`, `days_summary_by_store`)."""


from hallops.models import DiscrepancyKind
from hallops.money import ZERO
from hallops.selectors import cash
from reports.models import STORE_KINDS

from . import Column, L, Sheet, T, daily_figures, register_headline, register_sheet
from ._helpers import employee_no, label, local, person, yes_no

OVERAGE = L("长款", "Overage")
SHORTAGE = L("短款", "Shortage")


@register_sheet(kinds=STORE_KINDS, order=40)
class TillSheet(Sheet):
    """One row per till: what the billing system expected, what was counted, the overage and
    shortage of each payment method (never netted), adjustments, and the hand-in."""

    key = "cash_tills"
    title = L("现金核对", "Cash reconciliation")
    columns = (
        Column(L("营业日", "Business date"), T.DATE),
        Column(L("工号", "Employee no."), T.TEXT, width=10),
        Column(L("业务受理员", "Clerk"), T.TEXT, width=14),
        Column(L("班次", "Shift"), T.TEXT, width=8),
        Column(L("状态", "Status"), T.TEXT, width=10),
        Column(L("备用金", "Opening float"), T.MONEY),
        Column(L("投入保险柜", "Safe drops"), T.MONEY),
        Column(L("系统应收", "Expected (BOSS)"), T.MONEY),
        Column(L("清点实收", "Counted"), T.MONEY),
        Column(L("清点长款", "Counted over"), T.MONEY),
        Column(L("清点短款", "Counted short"), T.MONEY),
        Column(L("调整", "Adjustments"), T.MONEY),
        Column(L("上交金额", "Handed in"), T.MONEY),
        Column(L("确认收到", "Received"), T.MONEY),
    )

    def rows(self, ctx):
        sessions = (cash.sessions_for_day_qs(ctx.store)
                    .filter(business_date__gte=ctx.start, business_date__lte=ctx.end)
                    .select_related("clerk__profile")
                    .order_by("business_date", "clerk__username", "shift_type__starts_at", "id"))
        for session in sessions:
            figures = cash.till_figures(session)
            expected = sum((e.amount for e in session.expected.all()), ZERO)
            counted = sum((line.counted for line in figures.lines), ZERO) if figures.counted \
                else None
            diffs = [line.difference for line in figures.lines if line.difference]
            adjustments = sum((a.amount for a in session.adjustments.all()), ZERO)
            handin = getattr(session, "handin", None)
            handed = handin.cash_amount + handin.cheque_amount if handin else None
            received = (handin.received_cash + handin.received_cheque
                        if handin and handin.confirmed_at else None)
            yield (session.business_date, employee_no(session.clerk), person(session.clerk),
                   session.shift_type.code if session.shift_type_id else "",
                   session.get_status_display(), session.opening_float, figures.drops,
                   expected, counted, sum((d for d in diffs if d > 0), ZERO),
                   sum((-d for d in diffs if d < 0), ZERO), adjustments, handed, received)


@register_sheet(kinds=STORE_KINDS, order=45)
class DiscrepancySheet(Sheet):
    """Each line of the discrepancy register (长短款登记簿) of the period's tills."""

    key = "cash_discrepancies"
    title = L("长短款登记", "Overages and shortages")
    # The register is signed by the clerk and the receiver and countersigned (DOMAIN: cash).
    signatures = (L("业务受理员", "Clerk"), L("收款人", "Receiver"), L("值班经理", "Duty manager"))
    columns = (
        Column(L("营业日", "Business date"), T.DATE),
        Column(L("工号", "Employee no."), T.TEXT, width=10),
        Column(L("业务受理员", "Clerk"), T.TEXT, width=14),
        Column(L("支付方式", "Payment method"), T.TEXT, width=12),
        Column(OVERAGE, T.MONEY),
        Column(SHORTAGE, T.MONEY),
        Column(L("原因", "Reason"), T.TEXT, width=18),
        Column(L("资金去向", "Where the money went"), T.TEXT, width=18),
        Column(L("超出容差", "Beyond tolerance"), T.TEXT, width=9),
        Column(L("说明", "Note"), T.TEXT, width=28),
        Column(L("登记人", "Recorded by"), T.TEXT, width=12),
        Column(L("登记时间", "Recorded at"), T.DATETIME),
    )

    def rows(self, ctx):
        lines = (cash.discrepancy_register(ctx.store)
                 .filter(session__business_date__gte=ctx.start,
                         session__business_date__lte=ctx.end)
                 .select_related("session__clerk__profile", "recorded_by")
                 .order_by("session__business_date", "session__clerk__username", "id"))
        for d in lines:
            over = d.amount if d.kind == DiscrepancyKind.OVERAGE else None
            short = d.amount if d.kind == DiscrepancyKind.SHORTAGE else None
            yield (d.session.business_date, employee_no(d.session.clerk), person(d.session.clerk),
                   d.get_method_display(), over, short, str(label(d.reason)),
                   d.get_destination_display(), yes_no(d.beyond_tolerance), d.note,
                   person(d.recorded_by), local(d.recorded_at))


@register_headline(key="takings", title=L("系统应收", "Expected takings"), type=T.MONEY,
                   order=200)
def takings(stores, start, end, today):
    return daily_figures.totals(stores, start, end, "takings")


@register_headline(key="overage", title=L("登记长款", "Overages recorded"), type=T.MONEY, order=210)
def overage(stores, start, end, today):
    return daily_figures.totals(stores, start, end, "overage")


@register_headline(key="shortage", title=L("登记短款", "Shortages recorded"), type=T.MONEY,
                   order=220)
def shortage(stores, start, end, today):
    return daily_figures.totals(stores, start, end, "shortage")


@register_headline(key="handed_in", title=L("上交确认", "Hand-ins confirmed"), type=T.MONEY,
                   order=230)
def handed_in(stores, start, end, today):
    return daily_figures.totals(stores, start, end, "handed_in")
