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


def _person(row):
    from django.utils.translation import gettext as _

    return row[1] if row[1] is not None else _("Store (staff not known)")


def _score(value):
    return None if value is None else value / 100


MONTHLY_EXPORT = ListExport(
    name="service-monthly", title=_lazy("Service figures by month"),
    columns=(
        Col(_lazy("Store"), lambda row: row[0].name, width=24),
        Col(_lazy("Staff member"), _person, Kind.PERSON),
        Col(_lazy("Checks"), lambda row: row[2].checks, Kind.INT),
        Col(_lazy("Check score"), lambda row: _score(row[2].check_score), Kind.PERCENT),
        Col(_lazy("Mystery visits"), lambda row: row[2].visits, Kind.INT),
        Col(_lazy("Mystery score"), lambda row: _score(row[2].visit_score), Kind.PERCENT),
        Col(_lazy("Violations"), lambda row: row[2].violations, Kind.INT),
        Col(_lazy("From checks"), lambda row: row[2].from_checks, Kind.INT),
        Col(_lazy("From mystery shoppers"), lambda row: row[2].from_mystery, Kind.INT),
        Col(_lazy("Entered by hand"), lambda row: row[2].manual, Kind.INT),
        Col(_lazy("Not closed"), lambda row: row[2].open, Kind.INT),
        Col(_lazy("Points lost"), lambda row: row[2].points_lost, Kind.INT),
    ),
)
