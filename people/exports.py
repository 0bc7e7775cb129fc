"""The leave list's export (reports/listexport.py): pending and decided requests."""

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
