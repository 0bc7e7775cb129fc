"""The task list's export (reports/listexport.py): the rows its filters show, every page."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from reports.listexport import Col, Kind, ListExport

TASKS_EXPORT = ListExport(
    name="tasks", title=_lazy("Tasks"),
    columns=(
        Col(_lazy("Store"), "store.name"),
        Col(_lazy("Task"), "title", width=40),
        Col(_lazy("Assigned to"), "assignee_label"),
        Col(_lazy("Assigned by"), "assigned_by", Kind.PERSON),
        Col(_lazy("Due date"), "due_date", Kind.DATE),
        Col(_lazy("Priority"), "get_priority_display"),
        Col(_lazy("Status"), "get_status_display"),
        Col(_lazy("Overdue"), lambda t: t.is_overdue(timezone.localdate()), Kind.BOOL),
        Col(_lazy("Closed by"), "closed_by", Kind.PERSON),
    ),
)

MEETINGS_EXPORT = ListExport(
    name="team-meetings", title=_lazy("Team meetings"),
    columns=(
        Col(_lazy("Date"), "business_date", Kind.DATE),
        Col(_lazy("Meeting"), "get_kind_display"),
        Col(_lazy("Chaired by"), "chaired_by", Kind.PERSON),
        Col(_lazy("Agenda"), "agenda", width=40),
        Col(_lazy("Minutes"), "minutes", width=60),
    ),
)
