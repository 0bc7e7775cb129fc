"""The exports of the duty manager's registers (reports/listexport.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from reports.listexport import Col, Kind, ListExport

FAULTS_EXPORT = ListExport(
    name="faults", title=_lazy("Equipment faults"),
    columns=(
        Col(_lazy("Occurred at"), "occurred_at", Kind.DATETIME),
        Col(_lazy("Equipment"), lambda f: str(f.equipment) if f.equipment_id else ""),
        Col(_lazy("Description"), "description", width=40),
        Col(_lazy("Status"), "get_status_display"),
        Col(_lazy("Reported to"), "reported_to"),
        Col(_lazy("External ticket number"), "ticket_no"),
        Col(_lazy("Fixed at"), "fixed_at", Kind.DATETIME),
    ),
)


def _incident_state(i) -> str:
    if i.is_open:
        return _("ongoing")
    return _("report due") if not i.reported_at else _("closed")


INCIDENTS_EXPORT = ListExport(
    name="incidents", title=_lazy("Incidents"),
    columns=(
        Col(_lazy("Kind"), "get_kind_display"),
        Col(_lazy("Started at"), "started_at", Kind.DATETIME),
        Col(_lazy("Summary"), "summary", width=40),
        Col(_lazy("Status"), _incident_state),
    ),
)

OPINIONS_EXPORT = ListExport(
    name="opinions", title=_lazy("Customer opinions and suggestions"),
    columns=(
        Col(_lazy("Received"), "received_at", Kind.DATETIME),
        Col(_lazy("Channel"), "get_channel_display"),
        Col(_lazy("Kind"), "get_kind_display"),
        Col(_lazy("Content"), "content", width=40),
        Col(_lazy("Customer"), "customer_name"),
        Col(_lazy("Customer number"), "customer_phone", Kind.PHONE),
        Col(_lazy("Reply due"), "reply_due_at", Kind.DATETIME),
        Col(_lazy("Replied at"), "replied_at", Kind.DATETIME),
        Col(_lazy("Reply"), "reply", width=40),
    ),
)

EQUIPMENT_EXPORT = ListExport(
    name="equipment", title=_lazy("Equipment"),
    columns=(
        Col(_lazy("Name"), "name"),
        Col(_lazy("Kind"), "get_kind_display"),
        Col(_lazy("Location"), "location"),
        Col(_lazy("Serial number"), "serial"),
    ),
)
