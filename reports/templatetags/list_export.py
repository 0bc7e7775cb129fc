"""`{% export_buttons %}`: the .xlsx / CSV buttons of a list page, keeping its filters."""

from django import template

register = template.Library()


@register.inclusion_tag("_partials/export_buttons.html", takes_context=True)
def export_buttons(context):
    request = context["request"]
    links = {}
    for fmt in ("xlsx", "csv"):
        query = request.GET.copy()
        query.pop("page", None)
        query["format"] = fmt
        links[fmt] = f"{request.path}?{query.urlencode()}"
    return {"xlsx_url": links["xlsx"], "csv_url": links["csv"]}
