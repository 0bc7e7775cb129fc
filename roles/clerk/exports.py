"""The exports of the clerk's lists (reports/listexport.py)."""

from django.utils.translation import gettext_lazy as _lazy

from reports.listexport import Col, Kind, ListExport


def _invoices(h) -> str:
    if h.invoice_first is None:
        return ""
    return f"{h.invoice_first}–{h.invoice_last} ({h.invoices_count})"


HANDOVERS_EXPORT = ListExport(
    name="handovers", title=_lazy("Shift handovers"),
    columns=(
        Col(_lazy("Noted at"), "created_at", Kind.DATETIME),
        Col(_lazy("Handed over by"), "outgoing", Kind.PERSON),
        Col(_lazy("Handed over to"), "incoming", Kind.PERSON),
        Col(_lazy("Open items"), "open_items", width=40),
        Col(_lazy("Invoices"), _invoices),
        Col(_lazy("Cards"), lambda h: f"{h.sim_cards} / {h.value_cards}"),
        Col(_lazy("Acknowledged"), "acknowledged_at", Kind.DATETIME),
        Col(_lazy("Note"), "acknowledgement_note"),
    ),
)

MY_REPORTS_EXPORT = ListExport(
    name="my-daily-reports", title=_lazy("My daily reports"),
    columns=(
        Col(_lazy("Business date"), "business_date", Kind.DATE),
        Col(_lazy("Status"), "get_status_display"),
        Col(_lazy("Submitted at"), "submitted_at", Kind.DATETIME),
        Col(_lazy("Confirmed by"), "confirmed_by", Kind.PERSON),
    ),
)
