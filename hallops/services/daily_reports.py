"""The clerk's daily report (营业日报): start from the tally, save, submit, confirm or
return, amend after confirmation, and the store manager's confirmation of the store's day."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import (
    BusinessType,
    ClerkDailyReport,
    ClerkReportLine,
    ClerkReportReceipts,
    Notification,
    ProductLine,
    RosterEntry,
    Store,
    StoreDay,
    TallyCount,
)
from hallops.money import ZERO, to_money_or_none
from hallops.people import display_name
from hallops.permissions import Role
from hallops.registry import link, provided
from hallops.services.audit import audit_record, snapshot
from hallops.services.notifications import notification_send, notification_send_to_role
from hallops.services.report_receipts import (
    clerk_report_receipts_sync,
    tills_not_confirmed,
    tills_not_handed_in,
)

Status = ClerkDailyReport.Status
REPORT_FIELDS = ("invoice_first", "invoice_last", "invoices_voided", "sim_cards_sold",
                 "handsets_sold", "gifts_redeemed", "points_redeemed", "note")


def report_snapshot(report: ClerkDailyReport) -> dict:
    """The report with its lines and receipts, for audit entries."""
    data = snapshot(report)
    data["lines"] = {
        (f"bt:{line.business_type_id}" if line.business_type_id else f"pl:{line.product_line_id}"):
        line.count
        for line in report.lines.all()
    }
    receipts = getattr(report, "receipts", None)
    if receipts is not None:
        data["receipts"] = snapshot(receipts, fields=["source", *ClerkReportReceipts.METHODS,
                                                      "refunds"])
    return data


# A missed report may be caught up after a leave or over a month end; older days belong to a
# closed month (its KPI is settled), and a mistyped year left a draft nobody could finish.
REPORT_DAYS_BACK = 31


@transaction.atomic
def clerk_report_start(*, clerk, store, day: datetime.date) -> tuple[ClerkDailyReport, bool]:
    """The clerk's report for `day`, created as a draft prefilled from the tally if new."""
    existing = ClerkDailyReport.objects.filter(clerk=clerk, business_date=day).first()
    if existing is not None:
        if existing.store_id != store.pk:
            raise DomainError(_("You already have a report for %(date)s in another store.")
                              % {"date": day})
        return existing, False
    today = business_date(store=store)
    if day > today:
        raise DomainError(_("A daily report cannot be started for a future date."))
    if day < today - datetime.timedelta(days=REPORT_DAYS_BACK):
        raise DomainError(
            _("A daily report can be started at most %(days)d days back.")
            % {"days": REPORT_DAYS_BACK})
    rostered = RosterEntry.objects.filter(store=store, user=clerk, date=day).exists()
    try:
        with transaction.atomic():
            report = ClerkDailyReport.objects.create(store=store, clerk=clerk, business_date=day,
                                                     was_rostered=rostered)
    except IntegrityError:
        # Two tabs opened the report at once: the other one created it.
        return ClerkDailyReport.objects.get(clerk=clerk, business_date=day), False
    tally = TallyCount.objects.filter(clerk=clerk, business_date=day, count__gt=0)
    ClerkReportLine.objects.bulk_create(
        ClerkReportLine(report=report, business_type_id=t.business_type_id,
                        product_line_id=t.product_line_id, count=t.count)
        for t in tally
    )
    ClerkReportReceipts.objects.create(report=report)
    clerk_report_receipts_sync(report=report, actor=clerk)
    audit_record(actor=clerk, store=store, action="clerk_report.started", obj=report,
                 after=report_snapshot(report))
    return report, True


def _clean_counts(counts: dict) -> dict:
    for key, value in counts.items():
        if value is None:
            counts[key] = 0
        elif int(value) < 0:
            raise DomainError(_("Counts cannot be negative."), field=key)
    return counts


def _check_fields(report: ClerkDailyReport, fields: dict) -> None:
    for name in ("invoices_voided", "sim_cards_sold", "handsets_sold", "gifts_redeemed",
                 "points_redeemed"):
        if fields.get(name) is not None and fields[name] < 0:
            raise DomainError(_("Counts cannot be negative."), field=name)
    first, last = fields.get("invoice_first"), fields.get("invoice_last")
    if (first is None) != (last is None):
        raise DomainError(_("Give both the first and the last invoice number, or neither."),
                          field="invoice_last")
    if first is None:
        if fields.get("invoices_voided"):
            raise DomainError(_("Voided invoices need the range of invoices used."),
                              field="invoices_voided")
        return
    assert last is not None  # both or neither (checked above)
    if first < 0 or last < 0:
        raise DomainError(_("Invoice numbers cannot be negative."), field="invoice_first")
    if last < first:
        raise DomainError(_("The last invoice number %(last)s comes before the first %(first)s.")
                          % {"last": last, "first": first}, field="invoice_last")
    if (fields.get("invoices_voided") or 0) > last - first + 1:
        raise DomainError(_("More invoices voided than used."), field="invoices_voided")
    # Two clerks saving overlapping ranges at once: the store row serialises the check.
    Store.objects.select_for_update().filter(pk=report.store_id).first()
    clash = (
        ClerkDailyReport.objects.filter(store=report.store, business_date=report.business_date,
                                        invoice_first__lte=last, invoice_last__gte=first)
        .exclude(pk=report.pk)
        .select_related("clerk")
        .first()
    )
    if clash is not None:
        raise DomainError(
            _("Invoices %(first)s–%(last)s overlap those of %(clerk)s that day (%(a)s–%(b)s).")
            % {"first": first, "last": last,
               "clerk": display_name(clash.clerk),
               "a": clash.invoice_first, "b": clash.invoice_last},
            field="invoice_first",
        )


def _apply(report: ClerkDailyReport, *, counts: dict | None, fields: dict | None,
           receipts: dict | None) -> None:
    """Validate everything first, then write: a refused change saves nothing."""
    if counts is not None:
        _clean_counts(counts)
    if fields is not None:
        merged = {name: getattr(report, name) for name in REPORT_FIELDS}
        merged.update(fields)
        _check_fields(report, merged)
    if receipts is not None:
        # The one money rule: a third decimal or a negative amount is refused, not rounded.
        receipts = {name: to_money_or_none(value, field=name) or ZERO
                    for name, value in receipts.items()}
    if fields is not None:
        for name, value in fields.items():
            if value is None and name not in ("invoice_first", "invoice_last"):
                value = "" if name == "note" else 0
            setattr(report, name, value)
        report.save()
    if counts is not None:
        for (kind, pk), value in counts.items():
            lookup = {"business_type_id": pk} if kind == "bt" else {"product_line_id": pk}
            ClerkReportLine.objects.update_or_create(report=report, **lookup,
                                                     defaults={"count": int(value)})
    if receipts is not None:
        row, _created = ClerkReportReceipts.objects.get_or_create(report=report)
        if row.source == ClerkReportReceipts.Source.TILL:
            # A till was opened after the form was shown: its figures win over typed ones.
            return
        for name, value in receipts.items():
            setattr(row, name, value)
        row.save()


@transaction.atomic
def clerk_report_save(*, actor, report: ClerkDailyReport, counts: dict | None = None,
                      fields: dict | None = None, receipts: dict | None = None) -> ClerkDailyReport:
    report = ClerkDailyReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_editable_by_clerk:
        raise DomainError(_("This report is %(status)s and can no longer be edited.")
                          % {"status": report.get_status_display()})
    before = report_snapshot(report)
    _apply(report, counts=counts, fields=fields, receipts=receipts)
    audit_record(actor=actor, store=report.store, action="clerk_report.saved", obj=report,
                 before=before, after=report_snapshot(report))
    return report


@transaction.atomic
def clerk_report_submit(*, actor, report: ClerkDailyReport) -> ClerkDailyReport:
    if tills_not_handed_in(report):
        raise DomainError(_("Hand in your till of %(date)s first: the report takes its receipts "
                            "from it.") % {"date": report.business_date})
    updated = ClerkDailyReport.objects.filter(
        pk=report.pk, status__in=[Status.DRAFT, Status.RETURNED]
    ).update(status=Status.SUBMITTED, submitted_at=timezone.now())
    if not updated:
        raise DomainError(_("Only a draft or returned report can be submitted."))
    report.refresh_from_db()
    # a late report changes its closed month's kept figures (reports/summaries.py)
    provided("month_figures_stale", store_id=report.store_id, days=[report.business_date])
    clerk_report_receipts_sync(report=report, actor=actor)
    audit_record(actor=actor, store=report.store, action="clerk_report.submitted", obj=report,
                 after={"status": report.status})
    notification_send_to_role(
        store=report.store, role=Role.DUTY_MANAGER,
        message=gettext_noop("%(clerk)s submitted the daily report for %(date)s."),
        params={"clerk": display_name(actor),
                "date": report.business_date.isoformat()},
        url=link("clerk_report.review", report.pk),
    )
    return report


@transaction.atomic
def clerk_report_confirm(*, actor, report: ClerkDailyReport) -> ClerkDailyReport:
    if report.clerk_id == actor.pk:
        raise DomainError(_("You cannot confirm your own report."))
    if tills_not_confirmed(report):
        raise DomainError(_("Confirm the clerk's cash hand-in of that day first: the report's "
                            "receipts come from the till."))
    # Final figures before the report is locked (the hand-in was confirmed since submission).
    clerk_report_receipts_sync(report=report, actor=actor)
    updated = ClerkDailyReport.objects.filter(pk=report.pk, status=Status.SUBMITTED).update(
        status=Status.CONFIRMED, confirmed_by=actor, confirmed_at=timezone.now(),
        returned_reason="",
    )
    if not updated:
        raise DomainError(_("Only a submitted report can be confirmed."))
    report.refresh_from_db()
    # a late report changes its closed month's kept figures (reports/summaries.py)
    provided("month_figures_stale", store_id=report.store_id, days=[report.business_date])
    audit_record(actor=actor, store=report.store, action="clerk_report.confirmed", obj=report,
                 after={"status": report.status})
    notification_send(recipients=[report.clerk], store=report.store,
                      message=gettext_noop("Your daily report for %(date)s was confirmed."),
                      params={"date": report.business_date.isoformat()})
    return report


@transaction.atomic
def clerk_report_return(*, actor, report: ClerkDailyReport, reason: str) -> ClerkDailyReport:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the report is returned."), field="reason")
    updated = ClerkDailyReport.objects.filter(pk=report.pk, status=Status.SUBMITTED).update(
        status=Status.RETURNED, returned_reason=reason
    )
    if not updated:
        raise DomainError(_("Only a submitted report can be returned."))
    report.refresh_from_db()
    # a late report changes its closed month's kept figures (reports/summaries.py)
    provided("month_figures_stale", store_id=report.store_id, days=[report.business_date])
    audit_record(actor=actor, store=report.store, action="clerk_report.returned", obj=report,
                 after={"status": report.status}, reason=reason)
    notification_send(
        recipients=[report.clerk], store=report.store, level=Notification.Level.WARNING,
        message=gettext_noop("Your daily report for %(date)s was returned: %(reason)s"),
        params={"date": report.business_date.isoformat(), "reason": reason[:200]},
        url=link("clerk_report.own", report.pk),
    )
    return report


@transaction.atomic
def clerk_report_amend(*, actor, report: ClerkDailyReport, reason: str,
                       counts: dict | None = None, fields: dict | None = None,
                       receipts: dict | None = None) -> ClerkDailyReport:
    """Correct a confirmed report: the change carries a reason and an audit entry."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("An amendment to a confirmed report needs a reason."), field="reason")
    report = ClerkDailyReport.objects.select_for_update().get(pk=report.pk)
    if report.status != Status.CONFIRMED:
        raise DomainError(_("Only a confirmed report is amended; edit or return the others."))
    before = report_snapshot(report)
    _apply(report, counts=counts, fields=fields, receipts=receipts)
    report.amended_at = timezone.now()
    report.save(update_fields=["amended_at"])
    audit_record(actor=actor, store=report.store, action="clerk_report.amended", obj=report,
                 before=before, after=report_snapshot(report), reason=reason)
    return report


@transaction.atomic
def store_day_confirm(*, actor, store, day: datetime.date, note: str = "") -> StoreDay:
    pending = ClerkDailyReport.objects.filter(store=store, business_date=day).filter(
        ~Q(status=Status.CONFIRMED)
    ).count()
    if pending:
        raise DomainError(
            _("%(count)d clerk reports of %(date)s are not confirmed yet.")
            % {"count": pending, "date": day}
        )
    if not ClerkDailyReport.objects.filter(store=store, business_date=day).exists():
        raise DomainError(_("No clerk has reported %(date)s yet.") % {"date": day})
    try:
        with transaction.atomic():
            store_day = StoreDay.objects.create(store=store, business_date=day,
                                                confirmed_by=actor, confirmed_at=timezone.now(),
                                                note=note.strip())
    except IntegrityError:
        raise DomainError(_("This store day is already confirmed."))
    audit_record(actor=actor, store=store, action="store_day.confirmed", obj=store_day,
                 after=snapshot(store_day))
    return store_day


def count_key(item) -> tuple[str, int]:
    return ("bt", item.pk) if isinstance(item, BusinessType) else ("pl", item.pk)


__all__ = [
    "clerk_report_amend",
    "clerk_report_confirm",
    "clerk_report_refill_from_tally",
    "clerk_report_return",
    "clerk_report_save",
    "clerk_report_start",
    "clerk_report_submit",
    "count_key",
    "store_day_confirm",
]


@transaction.atomic
def clerk_report_refill_from_tally(*, actor, report: ClerkDailyReport) -> ClerkDailyReport:
    """Set the report's counts to the tally again (taps made after the report was started)."""
    tally = TallyCount.objects.filter(clerk=report.clerk, business_date=report.business_date)
    counts: dict[tuple[str, int | None], int] = {
        ("bt", pk): 0 for pk in BusinessType.objects.values_list("pk", flat=True)}
    counts.update({("pl", pk): 0 for pk in ProductLine.objects.values_list("pk", flat=True)})
    for row in tally:
        key = ("bt", row.business_type_id) if row.business_type_id else ("pl", row.product_line_id)
        counts[key] = row.count
    return clerk_report_save(actor=actor, report=report, counts=counts)
