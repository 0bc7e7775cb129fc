"""Charts drawn server-side with pygal as SVG, served by a view and shown with <img>.

No chart JavaScript means nothing to relax in the Content-Security-Policy for pages. The SVG
carries its own <style>, so its response gets a policy that allows just that.
"""

from collections.abc import Sequence

import pygal
from csp.decorators import csp_update  # noqa: F401 - re-exported for chart views
from django.http import HttpResponse
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    font_family="'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif",
    colors=("#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997", "#6c757d"),
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    title_font_size=14,
)


def _config(chart, title: str, labels: Sequence[str]):
    chart.title = title
    chart.x_labels = list(labels)
    return chart


def bar_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]],
              *, horizontal: bool = False, target: Sequence[float | None] | None = None):
    """A grouped bar chart; `target` adds a line of targets over the bars."""
    cls = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = _config(cls(style=STYLE, js=[], width=720, height=360, legend_at_bottom=True,
                        print_values=False, disable_xml_declaration=True), title, labels)
    for name, values in series.items():
        chart.add(name, [None if v is None else float(v) for v in values])
    if target is not None:
        chart.add("—", [None if v is None else float(v) for v in target], stroke=True)
    return chart


def line_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]]):
    chart = _config(pygal.Line(style=STYLE, js=[], width=720, height=360, legend_at_bottom=True,
                               disable_xml_declaration=True), title, labels)
    for name, values in series.items():
        chart.add(name, [None if v is None else float(v) for v in values])
    return chart


def svg_response(chart) -> HttpResponse:
    """The chart as an image/svg+xml response, allowed its own inline <style>."""
    response = HttpResponse(chart.render(), content_type="image/svg+xml; charset=utf-8")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response._csp_exempt = True
    return response
