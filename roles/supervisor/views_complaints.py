"""Complaint KPIs across the supervisor's region, store by store."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from complaints import kpi
from hallops.permissions import Role, role_required, store_filter
from roles.common.complaints_kpi import by_store_export, kpi_chart_response, month_context


def _stores(request):
    """The region's stores, or the one `?store=` names (the page's store filter)."""
    stores, chosen = store_filter(request)
    return request.acting.stores.filter(pk=chosen.pk) if chosen else request.acting.stores.order_by(
        "code")


@role_required(Role.SUPERVISOR)
@require_GET
def complaint_kpi(request):
    stores = _stores(request)
    year, month, context = month_context(request)
    context["figures"], context["per_store"] = kpi.month_kpis_with_stores(stores, year, month)
    export = by_store_export(context["figures"])
    if (response := export.respond(request, context["per_store"])) is not None:
        return response
    return render(request, "supervisor/complaint_kpi.html", context)


@role_required(Role.SUPERVISOR)
@require_GET
def complaint_kpi_chart(request, kind):
    year, month, _context = month_context(request)
    return kpi_chart_response(_stores(request), kind, year, month)
