"""The clerk's day: what the ledger says they sold or used, against their tally and their
daily report (SIM cards, gifts, value cards, the invoice range). A mismatch is shown on the
daily report and in the duty log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext as _

from hallops.models import ClerkDailyReport, TallyCount
from hallops.registry import register_provider

from . import serials
from .ledger import movement_range
from .models import ItemCategory, Movement, MovementKind


@dataclass
class Mismatch:
    what: str
    ledger: str
    reported: str


def _used(store, clerk, day):
    """The day's sold/used and voided entries of the clerk that no correction undid."""
    return (Movement.objects.filter(store=store, clerk=clerk, business_date=day,
                                    kind__in=(MovementKind.SOLD, MovementKind.VOIDED),
                                    corrected_by__isnull=True)
            .select_related("item"))


def clerk_day_check(store, clerk, day: datetime.date,
                    report: ClerkDailyReport | None = None) -> list[Mismatch]:
    moves = list(_used(store, clerk, day))
    if report is None:
        report = ClerkDailyReport.objects.filter(store=store, clerk=clerk,
                                                 business_date=day).first()
    out: list[Mismatch] = []
    # What the clerk was issued (or used) that day is reconciled: a category they had no stock
    # of that day has nothing in the ledger to check.
    tracked = set(Movement.objects.filter(store=store, clerk=clerk, business_date=day)
                  .values_list("item__category", flat=True).distinct().order_by())

    def sold(category):
        return sum(m.quantity for m in moves
                   if m.item.category == category and m.kind == MovementKind.SOLD)

    # Invoices: the numbers used (printed and voided) against the daily report's range.
    invoice_moves = [m for m in moves if m.item.category == ItemCategory.INVOICE]
    if ItemCategory.INVOICE in tracked and (
            invoice_moves or (report and report.invoice_first is not None)):
        used = serials.normalize(r for r in (movement_range(m.item, m) for m in invoice_moves) if r)
        ledger_text = ", ".join(f"{a}–{b}" for a, b in used) or "—"
        reported = "—"
        if report and report.invoice_first is not None:
            reported = f"{report.invoice_first}–{report.invoice_last}"
        same = report is not None and (
            (not used and report.invoice_first is None)
            or (len(used) == 1 and used[0] == (report.invoice_first, report.invoice_last)))
        if not same:
            out.append(Mismatch(_("Invoices used"), ledger_text, reported))
        voided = sum(m.quantity for m in invoice_moves if m.kind == MovementKind.VOIDED)
        if report is not None and voided != report.invoices_voided:
            out.append(Mismatch(_("Invoices voided"), str(voided), str(report.invoices_voided)))
    if report is not None:
        for category, field, label in (
                (ItemCategory.SIM, "sim_cards_sold", _("SIM cards sold")),
                (ItemCategory.GIFT, "gifts_redeemed", _("Gifts redeemed")),
                (ItemCategory.TERMINAL, "handsets_sold", _("Handsets sold"))):
            n = sold(category)
            if category in tracked and n != getattr(report, field):
                out.append(Mismatch(label, str(n), str(getattr(report, field))))
    # Items counted on the tally (value cards…): the ledger's sales against the tally.
    by_code: dict[str, tuple[str, int]] = {}
    for m in moves:
        if m.item.tally_code and m.kind == MovementKind.SOLD:
            label, n = by_code.get(m.item.tally_code, (m.item.label, 0))
            by_code[m.item.tally_code] = (label, n + m.quantity)
    if by_code:
        tally = dict(TallyCount.objects.filter(store=store, clerk=clerk, business_date=day,
                                               business_type__code__in=list(by_code))
                     .values_list("business_type__code").annotate(n=Sum("count")))
        tally.update(dict(TallyCount.objects.filter(store=store, clerk=clerk, business_date=day,
                                                    product_line__code__in=list(by_code))
                          .values_list("product_line__code").annotate(n=Sum("count"))))
        for code, (label, n) in sorted(by_code.items()):
            if tally.get(code, 0) != n:
                out.append(Mismatch(_("%(item)s sold (tally)") % {"item": label}, str(n),
                                    str(tally.get(code, 0))))
    return out


def store_day_mismatches(store, day: datetime.date) -> list[tuple]:
    """(clerk, [Mismatch]) for every clerk whose day does not reconcile."""
    from django.contrib.auth import get_user_model

    ids = set(Movement.objects.filter(store=store, business_date=day, clerk__isnull=False)
              .values_list("clerk_id", flat=True))
    reports = {r.clerk_id: r for r in ClerkDailyReport.objects.filter(store=store,
                                                                      business_date=day)}
    ids |= set(reports)
    out = []
    for clerk in get_user_model().objects.filter(pk__in=ids).order_by("first_name"):
        found = clerk_day_check(store, clerk, day, reports.get(clerk.pk))
        if found:
            out.append((clerk, found))
    return out


def _for_report(*, report: ClerkDailyReport) -> list[Mismatch]:
    return clerk_day_check(report.store, report.clerk, report.business_date, report)


register_provider("materials_day_check", _for_report)
