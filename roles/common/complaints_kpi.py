"""The month picker and the charts of the complaint KPI pages, shared by the store manager
(one store) and the supervisor (the stores of the region)."""


from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from complaints import kpi
from hallops.charts import bar_chart, line_chart, svg_response
from hallops.periods import month_nav, query_month
from reports.listexport import Col, Kind, ListExport


def format_percent(value) -> str:
    """A target like 95 or 99.5, without trailing zeros (the page's floatformat:"-2")."""
    from django.template.defaultfilters import floatformat

    return floatformat(value, "-2")


def month_context(request):
    first = query_month(request.GET, "month", timezone.localdate())
    return first.year, first.month, month_nav(first)


def kpi_chart_response(stores, kind: str, year: int, month: int):
    if kind not in ("category", "week"):
        raise Http404
    if kind == "category":
        rows = kpi.by_category(stores, year, month)
        chart = bar_chart(
            _("Complaints by category"),
            [r[0] for r in rows],
            {_("Complaints"): [r[1] for r in rows]},
        )
    else:
        labels, counts, rates = kpi.by_week(stores, year, month)
        chart = line_chart(
            _("Complaints by week"),
            [_("Week of %(day)s") % {"day": w} for w in labels],
            {_("Complaints"): counts, _("Replied on time (%)"): rates},
        )
    return svg_response(chart)


# -- exports (reports/listexport.py) ----------------------------------------------------------

def _fraction(value):
    return None if value is None else value / 100


def _target(f) -> str:
    if not f.target:
        return ""
    sign = "≥" if f.target.direction == "min" else "≤"
    return f"{sign} {format_percent(f.target.target)}%"


def _met(f) -> str:
    if f.met is None:
        return ""
    return _("met") if f.met else _("missed")


FIGURES_EXPORT = ListExport(
    name="complaint-kpi", title=_lazy("Complaint KPIs"),
    columns=(
        Col(_lazy("KPI"), "label", width=30),
        Col(_lazy("Figure"), lambda f: _fraction(f.value), Kind.PERCENT),
        Col(_lazy("Target"), _target),
        Col(_lazy("Count"), "numerator", Kind.INT),
        Col(_lazy("Of"), "denominator", Kind.INT),
        Col(_lazy("Met"), _met),
    ),
)


def by_store_export(figures) -> ListExport:
    """The region's table, a row per store: the store, then one column per KPI."""
    columns = [Col(_lazy("Store"), lambda row: row[0].name, width=24)]
    for index, figure in enumerate(figures):
        columns.append(Col(figure.label, lambda row, i=index: _fraction(row[1][i].value),
                           Kind.PERCENT, width=14))
    return ListExport(name="complaint-kpi-stores", title=_lazy("Complaint KPIs"),
                      columns=tuple(columns))
