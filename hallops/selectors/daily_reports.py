"""Reads of clerk daily reports and the store day summed from the confirmed ones."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q, Sum

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
from hallops.money import ZERO, round_money

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
        return self.store_day is not None and any(
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
    result.receipts = {
        name: sum((getattr(r.receipts, name) for r in confirmed if _has_receipts(r)), ZERO)
        for name in (*ClerkReportReceipts.METHODS, "refunds")
    }
    result.receipts["net"] = (sum((result.receipts[m] for m in ClerkReportReceipts.METHODS), ZERO)
                              - result.receipts["refunds"])
    # From the tills: cash handed in and overage/shortage (summed apart, never netted).
    for name in ("handed_in_cash", "handed_in_cheque", "overage", "shortage"):
        result.receipts[name] = sum((getattr(r.receipts, name) or ZERO for r in confirmed
                                     if _has_receipts(r)), ZERO)
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


# -- Several stores and days at once (workbooks; no query per store or per day) -------------

def _confirmed_between(stores, start: datetime.date, end: datetime.date):
    return ClerkDailyReport.objects.filter(
        store_id__in=[s.pk for s in stores], status=Status.CONFIRMED,
        business_date__gte=start, business_date__lte=end,
    )


def _confirmed_lines(stores, start: datetime.date, end: datetime.date):
    # Filtered through the join, not `report__in=<subquery>`: twice as fast on SQLite.
    return ClerkReportLine.objects.filter(
        report__store_id__in=[s.pk for s in stores], report__status=Status.CONFIRMED,
        report__business_date__gte=start, report__business_date__lte=end,
    )


def confirmed_line_counts(stores, start: datetime.date, end: datetime.date, *,
                          by: tuple[str, ...] = ("store",)) -> dict:
    """{key: count} summed from the confirmed clerk reports of `stores` in [start, end].

    `by` picks the key among "store", "clerk", "date"; the key always ends with the item
    ("bt"|"pl", pk), e.g. by=("store", "clerk") → (store id, clerk id, ("bt", 3)). The same
    figures as `store_day_report` (confirmed reports only), for many stores and days.
    """
    fields = {"store": "report__store_id", "clerk": "report__clerk_id",
              "date": "report__business_date"}
    group = [fields[b] for b in by]
    rows = (_confirmed_lines(stores, start, end)
            .values(*group, "business_type_id", "product_line_id")
            .annotate(t=Sum("count")).order_by())
    out: dict = {}
    for row in rows:
        item = (("bt", row["business_type_id"]) if row["business_type_id"]
                else ("pl", row["product_line_id"]))
        key = (*(row[g] for g in group), item)
        out[key] = out.get(key, 0) + (row["t"] or 0)
    return out


def confirmed_volumes(stores, start: datetime.date, end: datetime.date, *,
                      by: tuple[str, ...] = ("store",)) -> dict:
    """{key: {"volume", "marketing"}}: business-type and product-line counts of the confirmed
    reports, summed by the database without splitting by item (keys as `confirmed_line_counts`
    gives them, without the item: a store id, or (store id, date) …)."""
    fields = {"store": "report__store_id", "clerk": "report__clerk_id",
              "date": "report__business_date"}
    group = [fields[b] for b in by]
    rows = (_confirmed_lines(stores, start, end)
            .values(*group)
            .annotate(volume=Sum("count", filter=Q(business_type__isnull=False)),
                      marketing=Sum("count", filter=Q(product_line__isnull=False)))
            .order_by())
    return {(row[group[0]] if len(group) == 1 else tuple(row[g] for g in group)):
            {"volume": row["volume"] or 0, "marketing": row["marketing"] or 0} for row in rows}


REPORT_SUMS = (*ClerkReportReceipts.METHODS, "refunds")


def confirmed_report_totals(stores, start: datetime.date, end: datetime.date, *,
                            by: tuple[str, ...] = ("store",)) -> dict:
    """{key: {"reports", receipts by method, "refunds", "net", goods, "invoices_used"}}.

    Summed in the database from the confirmed reports (keys as in `confirmed_line_counts`,
    without the item). Receipts are one row per report, so the join never double counts.
    """
    fields = {"store": "store_id", "clerk": "clerk_id", "date": "business_date"}
    group = [fields[b] for b in by]
    used = ExpressionWrapper(F("invoice_last") - F("invoice_first") + 1,
                             output_field=IntegerField())
    rows = (
        _confirmed_between(stores, start, end).values(*group)
        .annotate(
            reports=Count("id"),
            invoices_used=Sum(used, filter=Q(invoice_first__isnull=False)),
            **{name: Sum(name) for name in SUMMED_FIELDS},
            **{name: Sum(f"receipts__{name}") for name in REPORT_SUMS},
        ).order_by()
    )
    out = {}
    for row in rows:
        key = row[group[0]] if len(group) == 1 else tuple(row[g] for g in group)
        figures = {"reports": row["reports"], "invoices_used": row["invoices_used"] or 0}
        figures.update({name: row[name] or 0 for name in SUMMED_FIELDS})
        figures.update({name: round_money(row[name]) for name in REPORT_SUMS})
        figures["net"] = (sum((figures[m] for m in ClerkReportReceipts.METHODS), ZERO)
                          - figures["refunds"])
        out[key] = figures
    return out


def confirmed_net_receipts(stores, start: datetime.date, end: datetime.date, *,
                           by: tuple[str, ...] = ("store",)) -> dict:
    """{key: net receipts} of the confirmed reports (every method less refunds), summed by
    the database; keys as in `confirmed_report_totals`."""
    fields = {"store": "store_id", "clerk": "clerk_id", "date": "business_date"}
    group = [fields[b] for b in by]
    net = sum((F(f"receipts__{m}") for m in ClerkReportReceipts.METHODS[1:]),
              F(f"receipts__{ClerkReportReceipts.METHODS[0]}")) - F("receipts__refunds")
    rows = (_confirmed_between(stores, start, end).filter(receipts__isnull=False)
            .values(*group).annotate(net=Sum(net)).order_by())
    return {(row[group[0]] if len(group) == 1 else tuple(row[g] for g in group)):
            round_money(row["net"]) for row in rows}


def unconfirmed_report_counts(stores, start: datetime.date, end: datetime.date, *,
                              by_day: bool = False) -> dict:
    """{store id: clerk reports of the period not confirmed yet (draft, submitted, returned)};
    `by_day`: keyed by (store id, business date)."""
    fields = ("store_id", "business_date") if by_day else ("store_id",)
    rows = (ClerkDailyReport.objects.filter(store_id__in=[s.pk for s in stores],
                                            business_date__gte=start, business_date__lte=end)
            .exclude(status=Status.CONFIRMED).values(*fields).annotate(n=Count("id"))
            .order_by())
    if by_day:
        return {(r["store_id"], r["business_date"]): r["n"] for r in rows}
    return {r["store_id"]: r["n"] for r in rows}
