"""The month picker and the charts of the complaint KPI pages, shared by the store manager
(one store) and the supervisor (the stores of the region)."""


from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import kpi
from hallops.charts import bar_chart, line_chart, svg_response
from hallops.periods import month_nav, query_month


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
