"""Business volume (业务量) and the clerks' daily reports (营业日报), from the confirmed reports.

The figures are those of the store report (`hallops.selectors.daily_reports`): only confirmed
clerk reports count; the summary says how many of the period are still unconfirmed.
"""

from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from hallops.models import (
    BusinessType,
    ClerkDailyReport,
    ClerkReportLine,
    ClerkReportReceipts,
    ProductLine,
)
from hallops.selectors import daily_reports as daily
from reports.models import STORE_KINDS, Kind

from . import Column, L, Sheet, T, daily_figures, register_headline, register_sheet, shared
from ._helpers import employee_no, label, person
from .headlines_core import unconfirmed_key

RECEIPT_FIELDS = (*ClerkReportReceipts.METHODS, "refunds")
VOLUME = L("业务量合计", "Business volume")
MARKETING = L("营销量合计", "Marketing total")


def counted_items() -> tuple[list, list]:
    """Business types and product lines that are active or were ever counted, in order, so a
    retired type still shows the counts it had (the totals always match the database)."""

    def items(model, field):
        used = ClerkReportLine.objects.filter(**{field: OuterRef("pk")})
        return list(model.objects.filter(Q(is_active=True) | Exists(used)))

    return items(BusinessType, "business_type"), items(ProductLine, "product_line")


class ItemMatrixSheet(Sheet):
    """Rows × (each business type, their total, each product line, their total)."""

    lead_columns: tuple = ()

    @cached_property
    def items(self) -> tuple[list, list]:
        return counted_items()

    @property
    def columns(self):
        types, lines = self.items
        return (*self.lead_columns,
                *(Column(label(t), T.INT) for t in types), Column(VOLUME, T.INT, width=12),
                *(Column(label(p), T.INT) for p in lines), Column(MARKETING, T.INT, width=12))

    def counts(self, counts: dict, key: tuple) -> list[int]:
        types, lines = self.items
        by_type = [counts.get((*key, ("bt", t.pk)), 0) for t in types]
        by_line = [counts.get((*key, ("pl", p.pk)), 0) for p in lines]
        return [*by_type, sum(by_type), *by_line, sum(by_line)]


@register_sheet(kinds=STORE_KINDS, order=30)
class VolumeByClerkSheet(ItemMatrixSheet):
    key = "volume_by_clerk"
    title = L("业务量", "Business volume")
    lead_columns = (Column(L("工号", "Employee no."), T.TEXT, width=10),
                    Column(L("业务受理员", "Clerk"), T.TEXT, width=14))

    def rows(self, ctx):
        counts = daily.confirmed_line_counts(ctx.stores, ctx.start, ctx.end, by=("clerk",))
        ids = {key[0] for key in counts}
        clerks = (get_user_model().objects.filter(pk__in=ids).select_related("profile")
                  .order_by("profile__employee_no", "username"))
        for clerk in clerks:
            yield (employee_no(clerk), person(clerk), *self.counts(counts, (clerk.pk,)))


@register_sheet(kinds=(Kind.STORE_WEEKLY, Kind.STORE_MONTHLY), order=32)
class VolumeByDaySheet(ItemMatrixSheet):
    key = "volume_by_day"
    title = L("按日业务量", "Business volume by day")
    lead_columns = (Column(L("营业日", "Business date"), T.DATE),)

    def rows(self, ctx):
        counts = daily.confirmed_line_counts(ctx.stores, ctx.start, ctx.end, by=("date",))
        for day in ctx.days():
            yield (day, *self.counts(counts, (day,)))


@register_sheet(kinds=STORE_KINDS, order=35)
class ClerkReportsSheet(Sheet):
    key = "clerk_reports"
    title = L("营业日报", "Clerk daily reports")
    signatures = (L("业务受理员", "Clerk"), L("收款人", "Receiver"), L("稽核", "Auditor"))
    columns = (
        Column(L("营业日", "Business date"), T.DATE),
        Column(L("工号", "Employee no."), T.TEXT, width=10),
        Column(L("业务受理员", "Clerk"), T.TEXT, width=14),
        Column(L("现金", "Cash"), T.MONEY),
        Column(L("支票", "Cheque"), T.MONEY),
        Column(L("POS刷卡", "POS card"), T.MONEY),
        Column(L("其他电子支付", "Other e-payment"), T.MONEY),
        Column(L("退款", "Refunds"), T.MONEY),
        Column(L("净收款", "Net receipts"), T.MONEY),
        Column(L("发票起号", "First invoice no."), T.INT, width=14, total=False),
        Column(L("发票止号", "Last invoice no."), T.INT, width=14, total=False),
        Column(L("发票张数", "Invoices used"), T.INT),
        Column(L("作废发票", "Invoices voided"), T.INT),
        Column(L("售卡", "SIM cards sold"), T.INT),
        Column(L("售机", "Handsets sold"), T.INT),
        Column(L("礼品兑换", "Gifts redeemed"), T.INT),
        Column(L("积分兑换", "Points redeemed"), T.INT),
        Column(L("确认人", "Confirmed by"), T.TEXT, width=12),
    )

    def rows(self, ctx):
        confirmed = (
            daily.reports_for_store(ctx.store, status=ClerkDailyReport.Status.CONFIRMED)
            .filter(business_date__gte=ctx.start, business_date__lte=ctx.end)
            .select_related("receipts", "clerk__profile")
            .order_by("business_date", "clerk__profile__employee_no", "clerk__username")
        )
        for r in confirmed.iterator(chunk_size=500):
            receipts = getattr(r, "receipts", None)  # None when the clerk typed no receipts
            money = ([getattr(receipts, m) for m in RECEIPT_FIELDS] if receipts
                     else [None] * len(RECEIPT_FIELDS))
            net = receipts.net if receipts else None
            yield (r.business_date, employee_no(r.clerk), person(r.clerk), *money, net,
                   r.invoice_first, r.invoice_last, r.invoices_used, r.invoices_voided,
                   r.sim_cards_sold, r.handsets_sold, r.gifts_redeemed, r.points_redeemed,
                   person(r.confirmed_by))


@register_headline(key="volume", title=VOLUME, order=100)
def volume(stores, start, end, today):
    return daily_figures.totals(stores, start, end, "volume")


@register_headline(key="marketing", title=MARKETING, order=110)
def marketing(stores, start, end, today):
    return daily_figures.totals(stores, start, end, "marketing")


@register_headline(key="net_receipts", title=L("净收款", "Net receipts"), type=T.MONEY, order=120)
def net_receipts(stores, start, end, today):
    return daily_figures.totals(stores, start, end, "net")


@register_headline(key="reports_unconfirmed", title=L("未确认日报", "Reports not confirmed"),
                   order=130)
def reports_unconfirmed(stores, start, end, today):
    return shared(unconfirmed_key(stores, start, end),
                  lambda: daily.unconfirmed_report_counts(stores, start, end))
