"""The daily report's receipts taken from the clerk's till sessions of that business date.

Which figure goes where (DOMAIN.md §5.1, "receipts by method … cash handed in, and overage or
shortage"):
- receipts by payment method are the takings the billing system (BOSS) reports for the clerk
  (the till's expected takings): cash, cheque, bank card → POS card, mobile + other →
  other e-payment. BOSS figures are net of refunds, so refunds stay 0;
- cash and cheques handed in are what the duty manager received (what the clerk sealed while
  it is unconfirmed), plus later adjustments;
- overage and shortage are the till's differences per method as they stand now (original +
  adjustments), overage and shortage summed apart, never netted.

The cash services call `receipts_sync_for_session` after every step that changes a figure,
so the report follows the till without the clerk typing anything twice.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.models import ClerkDailyReport, ClerkReportReceipts, PaymentMethod, TillSession
from hallops.money import ZERO, require_storable
from hallops.services.audit import audit_record, snapshot

Source = ClerkReportReceipts.Source
TILL_FIELDS = ("cash", "cheque", "pos_card", "e_payment", "refunds", "handed_in_cash",
               "handed_in_cheque", "overage", "shortage", "till_count", "till_status")
# Report column for each payment method of the till.
METHOD_COLUMN = {
    PaymentMethod.CASH: "cash",
    PaymentMethod.CHEQUE: "cheque",
    PaymentMethod.CARD: "pos_card",
    PaymentMethod.MOBILE: "e_payment",
    PaymentMethod.OTHER: "e_payment",
}
# How far a till has come, for "the least advanced till of the day".
STATUS_ORDER = [TillSession.Status.OPEN, TillSession.Status.COUNTED, TillSession.Status.HANDED_IN,
                TillSession.Status.CONFIRMED]


def _handin(session):
    try:
        return session.handin
    except ObjectDoesNotExist:
        return None


def till_receipts(*, store, clerk, day) -> dict | None:
    """The report's till figures for a clerk's day, or None when the clerk had no till."""
    from hallops.selectors.cash import sessions_for_day_qs, till_figures

    sessions = list(sessions_for_day_qs(store).filter(clerk=clerk, business_date=day))
    if not sessions:
        return None
    out: dict[str, Any] = dict.fromkeys(("cash", "cheque", "pos_card", "e_payment", "refunds", "handed_in_cash",
                         "handed_in_cheque", "overage", "shortage"), ZERO)
    handed_any = False
    for session in sessions:
        for row in session.expected.all():
            out[METHOD_COLUMN[row.method]] += row.amount
        figures = till_figures(session)
        for line in figures.lines:
            diff = line.difference_now
            if diff and diff > 0:
                out["overage"] += diff
            elif diff and diff < 0:
                out["shortage"] -= diff
        handin = _handin(session)
        if handin is not None:
            handed_any = True
            adjust = {m: sum((a.amount for a in session.adjustments.all() if a.method == m), ZERO)
                      for m in (PaymentMethod.CASH, PaymentMethod.CHEQUE)}
            cash = handin.received_cash if handin.confirmed_at else handin.cash_amount
            cheque = handin.received_cheque if handin.confirmed_at else handin.cheque_amount
            out["handed_in_cash"] += cash + adjust[PaymentMethod.CASH]
            out["handed_in_cheque"] += cheque + adjust[PaymentMethod.CHEQUE]
    if not handed_any:
        out["handed_in_cash"] = out["handed_in_cheque"] = None
    out["till_count"] = len(sessions)
    out["till_status"] = min((s.status for s in sessions), key=STATUS_ORDER.index)
    return out


def clerk_report_receipts_sync(*, report: ClerkDailyReport, actor=None,
                               reason: str = "") -> ClerkReportReceipts | None:
    """Fill the report's receipts from the clerk's tills of that day (if any).

    A change to a confirmed report (a till adjustment after confirmation) is an amendment:
    it carries the adjustment's reason and leaves an audit entry like any other.
    Called inside the caller's transaction."""
    figures = till_receipts(store=report.store, clerk=report.clerk, day=report.business_date)
    if figures is None:
        return None
    for name, value in figures.items():
        if isinstance(value, Decimal):
            label = cast(Field, ClerkReportReceipts._meta.get_field(name)).verbose_name
            require_storable(value, what=_("The daily report's “%(field)s”") % {"field": label})
    row, _created = ClerkReportReceipts.objects.get_or_create(report=report)
    unchanged = row.source == Source.TILL and all(
        getattr(row, name) == value for name, value in figures.items())
    if unchanged and row.synced_at is not None:
        return row
    before = snapshot(row, ["source", *TILL_FIELDS])
    row.source = Source.TILL
    for name, value in figures.items():
        setattr(row, name, value)
    after = snapshot(row, ["source", *TILL_FIELDS])
    row.synced_at = timezone.now()
    row.save()
    amended = report.status == ClerkDailyReport.Status.CONFIRMED
    if amended:
        report.amended_at = row.synced_at
        report.save(update_fields=["amended_at"])
    audit_record(actor=actor, store=report.store,
                 action="clerk_report.amended" if amended else "clerk_report.receipts_synced",
                 obj=report, before={"receipts": before}, after={"receipts": after},
                 reason=reason)
    return row


def receipts_sync_for_session(session: TillSession, *, actor=None, reason: str = "") -> None:
    """After a till changed: bring the clerk's report of that day (if started) up to date."""
    report = (ClerkDailyReport.objects.select_for_update()
              .filter(clerk_id=session.clerk_id, business_date=session.business_date,
                      store_id=session.store_id)
              .select_related("store", "clerk").first())
    if report is not None:
        clerk_report_receipts_sync(report=report, actor=actor, reason=reason)


def tills_not_handed_in(report: ClerkDailyReport) -> int:
    return TillSession.objects.filter(
        store=report.store_id, clerk=report.clerk_id, business_date=report.business_date,
        status__in=[TillSession.Status.OPEN, TillSession.Status.COUNTED]).count()


def tills_not_confirmed(report: ClerkDailyReport) -> int:
    return TillSession.objects.filter(
        store=report.store_id, clerk=report.clerk_id, business_date=report.business_date,
    ).exclude(status=TillSession.Status.CONFIRMED).count()
