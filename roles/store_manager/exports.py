"""The exports of the store manager's own list pages (reports/listexport.py): follow-ups,
the week's roster and the month's targets (columns per day or product line: built per page)."""

from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hallops.models import EquipmentFault
from reports.listexport import Col, Kind, ListExport


def _is_fault(row) -> bool:
    return isinstance(row, EquipmentFault)


def _followup_kind(row) -> str:
    return _("Equipment fault") if _is_fault(row) else _("Customer opinion")


def _followup_status(row) -> str:
    return row.get_status_display() if _is_fault(row) else _("Reply overdue")


def _followup_where(row) -> str:
    if _is_fault(row):
        return str(row.equipment) if row.equipment_id else ""
    return row.get_channel_display()


FOLLOWUPS_EXPORT = ListExport(
    name="follow-ups", title=_lazy("Follow-ups"),
    columns=(
        Col(_lazy("Kind"), _followup_kind),
        Col(_lazy("Time"), lambda r: r.occurred_at if _is_fault(r) else r.received_at,
            Kind.DATETIME),
        Col(_lazy("Status"), _followup_status),
        Col(_lazy("Equipment or channel"), _followup_where),
        Col(_lazy("Description"), lambda r: r.description if _is_fault(r) else r.content,
            width=40),
        Col(_lazy("External ticket number"), lambda r: r.ticket_no if _is_fault(r) else ""),
        Col(_lazy("Customer number"), lambda r: "" if _is_fault(r) else r.customer_phone,
            Kind.PHONE),
        Col(_lazy("Reply due"), lambda r: None if _is_fault(r) else r.reply_due_at, Kind.DATETIME),
    ),
)


def _shift_cell(entries) -> str:
    """One person's day on the roster, as a manager reads it: shift · post (on leave)."""
    parts = []
    for entry in entries:
        text = f"{entry.shift_type} · {entry.post.label}"
        if entry.on_leave:
            text += f" ({_('on leave')})"
        parts.append(text)
    return "; ".join(parts)


def roster_week_export(days: Sequence) -> ListExport:
    """One row per person, one column per day of the week (rows: (user, [entries per day]))."""
    columns = [Col(_lazy("Staff"), lambda row: row[0], Kind.PERSON)]
    for index, day in enumerate(days):
        columns.append(Col(date_format(day, "m-d D"),
                           lambda row, i=index: _shift_cell(row[1][i]), width=16))
    return ListExport(name="roster", title=_lazy("Roster"), columns=tuple(columns))


def targets_export(lines: Sequence) -> ListExport:
    """One row for the whole store then one per clerk, one column per product line (rows:
    (person or None, {product line id: quantity}))."""
    columns = [Col(_lazy("Staff"), lambda row: row[0] if row[0] is not None else _("Whole store"),
                   Kind.PERSON)]
    for line in lines:
        columns.append(Col(line.label, lambda row, pk=line.pk: row[1].get(pk), Kind.INT))
    return ListExport(name="targets", title=_lazy("Targets"), columns=tuple(columns))
