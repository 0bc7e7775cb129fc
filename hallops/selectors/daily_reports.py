"""Reads of clerk daily reports and the store day summed from the confirmed ones."""

import datetime
import decimal
from dataclasses import dataclass, field

from django.db.models import Sum

from hallops.models import (
    BusinessType,
    ClerkDailyReport,
    ClerkReportLine,
    ClerkReportReceipts,
    MeetingTarget,
    MonthlyTarget,
    ProductLine,
    StoreDay,
)

Status = ClerkDailyReport.Status
SUMMED_FIELDS = ("sim_cards_sold", "handsets_sold", "gifts_redeemed", "points_redeemed",
                 "invoices_voided")


def report_counts(report) -> dict:
    """{("bt"|"pl", pk): count} of one report."""
    return {
        (("bt", line.business_type_id) if line.business_type_id else ("pl", line.product_line_id)):
        line.count
        for line in report.lines.all()
    }


def reports_for_store(store, *, day=None, status=None):
    qs = ClerkDailyReport.objects.filter(store=store).select_related("clerk", "confirmed_by")
    if day is not None:
        qs = qs.filter(business_date=day)
    if status is not None:
        qs = qs.filter(status=status)
    return qs.order_by("-business_date", "clerk__username")


@dataclass
class LineTotal:
    item: object
    total: int = 0
    target: int | None = None
    month_total: int = 0
    month_target: int | None = None

    @property
    def percent(self) -> int | None:
        return round(100 * self.total / self.target) if self.target else None

    @property
    def month_percent(self) -> int | None:
        return round(100 * self.month_total / self.month_target) if self.month_target else None


@dataclass
class StoreDayReport:
    store: object
    day: datetime.date
    reports: list = field(default_factory=list)  # confirmed clerk reports
    pending: list = field(default_factory=list)  # the others of that day
    by_type: list = field(default_factory=list)
    by_line: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    receipts: dict = field(default_factory=dict)
    store_day: StoreDay | None = None

    @property
    def business_volume(self) -> int:
        return sum(t.total for t in self.by_type)

    @property
    def amended_after_confirmation(self) -> bool:
        return bool(self.store_day) and any(
            r.amended_at and r.amended_at > self.store_day.confirmed_at for r in self.reports
        )


def _sum_lines(lines_qs) -> dict:
    out = {}
    for row in lines_qs.values("business_type_id", "product_line_id").annotate(t=Sum("count")):
        key = ("bt", row["business_type_id"]) if row["business_type_id"] else (
            "pl", row["product_line_id"])
        out[key] = row["t"] or 0
    return out


def store_day_report(store, day: datetime.date) -> StoreDayReport:
    """The store's day, summed from the confirmed clerk reports (a bounded number of queries)."""
    all_reports = list(reports_for_store(store, day=day).select_related("receipts"))
    confirmed = [r for r in all_reports if r.status == Status.CONFIRMED]
    result = StoreDayReport(store=store, day=day, reports=confirmed,
                            pending=[r for r in all_reports if r.status != Status.CONFIRMED])
    sums = _sum_lines(ClerkReportLine.objects.filter(report__in=[r.pk for r in confirmed]))
    first = day.replace(day=1)
    month_sums = _sum_lines(ClerkReportLine.objects.filter(
        report__store=store, report__status=Status.CONFIRMED,
        report__business_date__gte=first, report__business_date__lte=day,
        product_line__isnull=False,
    ))
    day_targets = dict(
        MeetingTarget.objects.filter(meeting__store=store, meeting__business_date=day)
        .values("product_line_id").annotate(t=Sum("quantity")).values_list("product_line_id", "t")
    )
    month_targets = dict(
        MonthlyTarget.objects.filter(store=store, month=first, clerk__isnull=True)
        .values_list("product_line_id", "quantity")
    )
    result.by_type = [LineTotal(bt, sums.get(("bt", bt.pk), 0))
                      for bt in BusinessType.objects.all()
                      if bt.is_active or sums.get(("bt", bt.pk))]
    result.by_line = [
        LineTotal(pl, sums.get(("pl", pl.pk), 0), day_targets.get(pl.pk),
                  month_sums.get(("pl", pl.pk), 0), month_targets.get(pl.pk))
        for pl in ProductLine.objects.all() if pl.is_active or sums.get(("pl", pl.pk))
    ]
    result.totals = {name: sum(getattr(r, name) for r in confirmed) for name in SUMMED_FIELDS}
    result.totals["invoices_used"] = sum(r.invoices_used for r in confirmed)
    zero = decimal.Decimal("0.00")
    result.receipts = {
        name: sum((getattr(r.receipts, name) for r in confirmed if _has_receipts(r)), zero)
        for name in (*ClerkReportReceipts.METHODS, "refunds")
    }
    result.receipts["net"] = (sum((result.receipts[m] for m in ClerkReportReceipts.METHODS), zero)
                              - result.receipts["refunds"])
    # From the tills: cash handed in and overage/shortage (summed apart, never netted).
    for name in ("handed_in_cash", "handed_in_cheque", "overage", "shortage"):
        result.receipts[name] = sum((getattr(r.receipts, name) or zero for r in confirmed
                                     if _has_receipts(r)), zero)
    result.receipts["from_till"] = sum(1 for r in confirmed
                                       if _has_receipts(r) and r.receipts.from_till)
    result.receipts["typed"] = len(confirmed) - result.receipts["from_till"]
    result.store_day = StoreDay.objects.filter(store=store, business_date=day).first()
    return result


def _has_receipts(report) -> bool:
    try:
        return report.receipts is not None
    except ClerkReportReceipts.DoesNotExist:
        return False
