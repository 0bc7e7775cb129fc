"""The materials ledger's export (reports/listexport.py)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from reports.listexport import Col, Kind, ListExport


def _movement(m) -> str:
    text = m.get_kind_display()
    if m.corrects_id:
        at = timezone.localtime(m.corrects.at)
        text += f" ({m.corrects.get_kind_display()} {at:%m-%d %H:%M})"
    return text


LEDGER_EXPORT = ListExport(
    name="materials-ledger", title=_lazy("Ledger"),
    columns=(
        Col(_lazy("Date"), "at", Kind.DATETIME),
        Col(_lazy("Item"), "item.label"),
        Col(_lazy("Movement"), _movement),
        Col(_lazy("Quantity"), "quantity", Kind.INT),
        Col(_lazy("Serials"), "range_text", width=30),
        Col(_lazy("Clerk"), "clerk", Kind.PERSON),
        Col(_lazy("Note"), lambda m: " ".join(x for x in (m.reference, m.reason) if x)),
        Col(_lazy("Recorded by"), "recorded_by", Kind.PERSON),
    ),
)
