"""List exports that two roles share (reports/listexport.py): service records, KPI rows."""

from django.utils.translation import gettext_lazy as _lazy

from hallops.money import format_money
from reports.listexport import Col, Kind, ListExport


def service_record_details(r) -> str:
    """A service record's details, as its list shows them."""
    from hallops.models import ServiceRecord

    if r.kind == ServiceRecord.Kind.RETENTION:
        return f"{r.get_leaving_reason_display()} → {r.offer_made} · {r.get_outcome_display()}"
    if r.kind == ServiceRecord.Kind.SPECIAL_CARE:
        return f"{r.get_care_group_display()}: {r.notes}"
    if r.kind == ServiceRecord.Kind.COMPETITOR:
        price = f" ({format_money(r.competitor_price)})" if r.competitor_price is not None else ""
        return f"{r.get_competitor_display()}: {r.competitor_offer}{price} — {r.customer_said}"
    return r.notes


def _customer_level(r) -> str:
    return r.get_customer_level_display() if r.customer_level else ""


SERVICE_RECORDS_EXPORT = ListExport(
    name="service-records", title=_lazy("Service records"),
    columns=(
        Col(_lazy("Recorded at"), "recorded_at", Kind.DATETIME),
        Col(_lazy("Clerk"), "clerk", Kind.PERSON),
        Col(_lazy("Kind"), "get_kind_display"),
        Col(_lazy("Customer"), "customer_phone", Kind.PHONE),
        Col(_lazy("Customer level"), _customer_level),
        Col(_lazy("Details"), service_record_details, width=50),
    ),
)


def _achievement(k):
    return None if k.achievement is None else k.achievement / 100


KPI_EXPORT = ListExport(
    name="kpi", title=_lazy("KPIs"),
    columns=(
        Col(_lazy("Clerk"), "clerk", Kind.PERSON),
        Col(_lazy("Confirmed reports"), "reports", Kind.INT),
        Col(_lazy("Business volume"), "volume", Kind.INT),
        Col(_lazy("Marketing"), "marketing", Kind.INT),
        Col(_lazy("Target"), "marketing_target", Kind.INT),
        Col(_lazy("Achievement"), _achievement, Kind.PERCENT),
        Col(_lazy("Shifts rostered"), "rostered", Kind.INT),
        Col(_lazy("Attended"), "attended", Kind.INT),
        Col(_lazy("Late"), "late", Kind.INT),
        Col(_lazy("Absent"), "absent", Kind.INT),
        Col(_lazy("Complaints against"), "complaints", Kind.INT),
    ),
)


DUTY_LOGS_EXPORT = ListExport(
    name="duty-logs", title=_lazy("Duty logs"),
    columns=(
        Col(_lazy("Date"), "business_date", Kind.DATE),
        Col(_lazy("Store"), "store.name", width=24),
        Col(_lazy("Shift"), lambda log: str(log.shift_type)),
        Col(_lazy("Duty manager"), "duty_manager", Kind.PERSON),
        Col(_lazy("Status"), "get_status_display"),
        Col(_lazy("Reviewed by"), "reviewed_by", Kind.PERSON),
    ),
)


def _review_flags(row) -> str:
    from django.utils.translation import gettext as _

    flags = []
    if row.late_submission:
        flags.append(_("not submitted by next morning"))
    if row.review_overdue:
        flags.append(_("review pending too long"))
    return "、".join(flags)


REVIEW_QUEUE_EXPORT = ListExport(
    name="duty-log-review", title=_lazy("Duty logs to review"),
    columns=(
        Col(_lazy("Date"), "log.business_date", Kind.DATE),
        Col(_lazy("Shift"), lambda row: str(row.log.shift_type)),
        Col(_lazy("Duty manager"), "log.duty_manager", Kind.PERSON),
        Col(_lazy("Status"), "log.get_status_display"),
        Col(_lazy("Flags"), _review_flags, width=30),
    ),
)


DAILY_REPORTS_EXPORT = ListExport(
    name="daily-reports", title=_lazy("Daily reports"),
    columns=(
        Col(_lazy("Business date"), "business_date", Kind.DATE),
        Col(_lazy("Clerk"), "clerk", Kind.PERSON),
        Col(_lazy("Status"), "get_status_display"),
        Col(_lazy("Submitted at"), "submitted_at", Kind.DATETIME),
        Col(_lazy("Confirmed by"), "confirmed_by", Kind.PERSON),
    ),
)


def _progress_fraction(row):
    progress = row[1]
    return progress.actual / progress.target if progress.target else None


PROGRESS_EXPORT = ListExport(
    name="progress", title=_lazy("Progress against targets"),
    columns=(
        Col(_lazy("Staff"), lambda row: row[0], Kind.PERSON),
        Col(_lazy("Product line"), lambda row: row[1].line.label),
        Col(_lazy("Target"), lambda row: row[1].target, Kind.INT),
        Col(_lazy("Actual"), lambda row: row[1].actual, Kind.INT),
        Col(_lazy("Progress"), _progress_fraction, Kind.PERCENT),
    ),
)
"""Rows: (a person, or the words "Whole store", and a `hallops.selectors.targets.Progress`)."""

CHECKLIST_HISTORY_EXPORT = ListExport(
    name="checklist-history", title=_lazy("Checklist history"),
    columns=(
        Col(_lazy("Business date"), "day", Kind.DATE),
        Col(_lazy("Checklist"), lambda r: r.kind.label),
        Col(_lazy("Started"), lambda r: r.run_id is not None, Kind.BOOL),
        Col(_lazy("Ticked"), "ticked", Kind.INT),
        Col(_lazy("Checklist items"), "total", Kind.INT),
        Col(_lazy("Missed"), "missed", Kind.INT),
    ),
)
"""Rows: `hallops.selectors.checklists.DueChecklist` (the role's month, newest first)."""
