"""The exports of the service registers (reports/listexport.py)."""

from django.utils.translation import gettext_lazy as _lazy

from reports.listexport import Col, Kind, ListExport

CHECKS_EXPORT = ListExport(
    name="service-checks", title=_lazy("Service checks"),
    columns=(
        Col(_lazy("Date"), "business_date", Kind.DATE),
        Col(_lazy("Store"), "store.name", width=24),
        Col(_lazy("Staff member"), "staff", Kind.PERSON),
        Col(_lazy("Checked by"), "checked_by", Kind.PERSON),
        Col(_lazy("Score"), "score", Kind.INT),
        Col(_lazy("Out of"), "max_score", Kind.INT),
        Col(_lazy("Read and acknowledged"), "acknowledged_at", Kind.DATETIME),
    ),
)

MYSTERY_EXPORT = ListExport(
    name="mystery-visits", title=_lazy("Mystery-shopper visits"),
    columns=(
        Col(_lazy("Visit date"), "visited_on", Kind.DATE),
        Col(_lazy("Store"), "store.name", width=24),
        Col(_lazy("Visit number"), "reference"),
        Col(_lazy("Staff member served"), "staff", Kind.PERSON),
        Col(_lazy("Score"), "score", Kind.INT),
        Col(_lazy("Out of"), "max_score", Kind.INT),
        Col(_lazy("Source"), "get_source_display"),
    ),
)

VIOLATIONS_EXPORT = ListExport(
    name="violations", title=_lazy("Service violations register"),
    columns=(
        Col(_lazy("Date"), "occurred_on", Kind.DATE),
        Col(_lazy("Store"), "store.name", width=24),
        Col(_lazy("Staff member"), "staff", Kind.PERSON),
        Col(_lazy("Source"), "get_source_display"),
        Col(_lazy("What happened"), "description", width=40),
        Col(_lazy("Points lost"), "points", Kind.INT),
        Col(_lazy("State"), "get_state_display"),
    ),
)
