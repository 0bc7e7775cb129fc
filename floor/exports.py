"""The exports of the floor's lists (reports/listexport.py): queue readings, desk-ready checks."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from reports.listexport import Col, Kind, ListExport

READINGS_EXPORT = ListExport(
    name="queue-readings", title=_lazy("Readings today"),
    columns=(
        Col(_lazy("Time"), "at", Kind.DATETIME),
        Col(_lazy("Queue"), "queue_type.label"),
        Col(_lazy("Desks open"), "desks_open", Kind.INT),
        Col(_lazy("Waiting"), "waiting", Kind.INT),
        Col(_lazy("Longest wait (minutes)"), "longest_wait_minutes", Kind.INT),
        Col(_lazy("Level"), "get_level_display"),
        Col(_lazy("Source"), "get_source_display"),
    ),
)


def _result(row) -> str:
    check = row.get("check")
    if check is None:
        return _("Not done")
    if check.all_ready:
        return _("All ready")
    missing = " ".join(m.item.label for m in check.marks.all() if not m.ready)
    return f"{_('Missing')} {missing} — {check.note}"


DESK_READY_EXPORT = ListExport(
    name="desk-ready", title=_lazy("Desk-ready checks"),
    columns=(
        Col(_lazy("Clerk"), "clerk", Kind.PERSON),
        Col(_lazy("Desk"), lambda row: row["check"].desk if row.get("check") else ""),
        Col(_lazy("At"), lambda row: row["check"].at if row.get("check") else None, Kind.DATETIME),
        Col(_lazy("Result"), _result, width=40),
    ),
)
