"""The exports of the people pages (reports/listexport.py): leave, corrections and swaps to decide."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from reports.listexport import Col, Kind, ListExport

LEAVE_EXPORT = ListExport(
    name="leave", title=_lazy("Leave to decide"),
    columns=(
        Col(_lazy("Staff"), "user", Kind.PERSON),
        Col(_lazy("Kind of leave"), lambda r: r.leave_type.label),
        Col(_lazy("From"), "start_date", Kind.DATE),
        Col(_lazy("To"), "end_date", Kind.DATE),
        Col(_lazy("Status"), "get_status_display"),
        Col(_lazy("Reason"), "decision_reason", width=30),
        Col(_lazy("Decided by"), "decided_by", Kind.PERSON),
    ),
)


def _is_correction(row) -> bool:
    from people.models import ClockCorrection

    return isinstance(row, ClockCorrection)


def _correction_kind(row) -> str:
    return _("Correction to decide") if _is_correction(row) else _("Clock-in left open")


CORRECTIONS_EXPORT = ListExport(
    name="corrections", title=_lazy("Corrections to decide"),
    columns=(
        Col(_lazy("Kind"), _correction_kind),
        Col(_lazy("Staff"), "user", Kind.PERSON),
        Col(_lazy("Clock"), lambda r: r.get_side_display() if _is_correction(r) else ""),
        Col(_lazy("Time on the clock"),
            lambda r: r.original_time if _is_correction(r) else r.clock_in, Kind.DATETIME),
        Col(_lazy("Correct time"), lambda r: r.corrected_time if _is_correction(r) else None,
            Kind.DATETIME),
        Col(_lazy("Correct clock-out"),
            lambda r: r.corrected_out_time if _is_correction(r) else None, Kind.DATETIME),
        Col(_lazy("Reason"), lambda r: r.reason if _is_correction(r) else "", width=40),
    ),
)
"""Rows: the pending corrections, then the clock-ins left open on past days (the page's two
lists)."""


def _entry(entry) -> str:
    return f"{entry.shift_type.code} · {entry.post.label}"


SWAPS_EXPORT = ListExport(
    name="swaps", title=_lazy("Swaps to approve"),
    columns=(
        Col(_lazy("Asked by"), "requester", Kind.PERSON),
        Col(_lazy("Their day"), "requester_entry.date", Kind.DATE),
        Col(_lazy("Their shift"), lambda s: _entry(s.requester_entry)),
        Col(_lazy("Colleague"), "colleague", Kind.PERSON),
        Col(_lazy("Colleague's day"), "colleague_entry.date", Kind.DATE),
        Col(_lazy("Colleague's shift"), lambda s: _entry(s.colleague_entry)),
        Col(_lazy("Reason"), "reason", width=40),
    ),
)


# The personal lists (issue 17): what each person sees of their own leave, corrections, swaps.

def _shifts(leave) -> str:
    codes = [s.code for s in leave.shift_types.all()]
    return " ".join(codes) if codes else _("Whole day")


LEAVE_MINE_EXPORT = ListExport(
    name="leave_mine", title=_lazy("My leave"),
    columns=(
        Col(_lazy("Kind of leave"), lambda r: r.leave_type.label),
        Col(_lazy("From"), "start_date", Kind.DATE),
        Col(_lazy("To"), "end_date", Kind.DATE),
        Col(_lazy("Shifts"), _shifts),
        Col(_lazy("Status"), "get_status_display"),
        Col(_lazy("Reason"), "decision_reason", width=30),
        Col(_lazy("Decided by"), "decided_by", Kind.PERSON),
    ),
)

CORRECTIONS_MINE_EXPORT = ListExport(
    name="corrections_mine", title=_lazy("Clock corrections"),
    columns=(
        Col(_lazy("What to correct"), "get_side_display"),
        Col(_lazy("Time on the clock"), "original_time", Kind.DATETIME),
        Col(_lazy("Correct time"), "corrected_time", Kind.DATETIME),
        Col(_lazy("Correct clock-out"), "corrected_out_time", Kind.DATETIME),
        Col(_lazy("Status"), "get_status_display"),
        Col(_lazy("Reason"), "decision_reason", width=30),
        Col(_lazy("Decided by"), "decided_by", Kind.PERSON),
    ),
)

SWAPS_MINE_EXPORT = ListExport(
    name="swaps_mine", title=_lazy("Shift swaps"),
    columns=(
        *SWAPS_EXPORT.columns[:6],
        Col(_lazy("Status"), "get_status_display"),
        Col(_lazy("Reason"), "reason", width=30),
        Col(_lazy("Decided by"), "decided_by", Kind.PERSON),
    ),
)

STAFFING_EXPORT = ListExport(
    name="staffing", title=_lazy("Minimum staffing"),
    columns=(
        Col(_lazy("Applies on"), "get_day_type_display"),
        Col(_lazy("Time band"), lambda r: f"{r.starts_at:%H:%M}–{r.ends_at:%H:%M}"),
        Col(_lazy("Post"), "post.label"),
        Col(_lazy("Minimum staff"), "minimum", Kind.INT),
    ),
)
