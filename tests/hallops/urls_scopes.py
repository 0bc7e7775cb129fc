"""The project's URLs plus one probe that reads store-owned rows the careless way: through the
default managers, without any `.filter(store=…)` (tests only). What it answers is what the
request's store scope lets through."""

from django.http import JsonResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path

from complaints.models import OrderEvent, WorkOrder
from hallops.models import AuditEntry
from hallops.permissions import Role, role_required
from hallops.urls import urlpatterns as project_urlpatterns
from reports.models import ReportFile


@role_required(*Role.values)
def forgetful(request):
    return JsonResponse({
        "orders": sorted(set(WorkOrder.objects.values_list("store_id", flat=True))),
        "events": sorted(set(OrderEvent.objects.values_list("order__store_id", flat=True))),
        "audit": sorted(set(AuditEntry.objects.values_list("store_id", flat=True))),
        "order_exists": WorkOrder.objects.exists(),
        "regional_files": sorted(ReportFile.objects.filter(region__isnull=False)
                                 .values_list("region_id", flat=True)),
    })


_ORDERS = engines["django"].from_string(
    "{% for s in stores %}{% for o in s.work_orders.all %}{{ o.store_id }} {% endfor %}{% endfor %}")


@role_required(Role.SUPERVISOR)
def lazy_supervisor_page(request):
    """A TemplateResponse whose template builds its querysets (a reverse relation) while it
    renders, after the view has returned."""
    return TemplateResponse(request, _ORDERS, {"stores": list(request.acting.stores)})


def unguarded(request):
    """Not behind the permission gate: only the middleware's scope protects it."""
    return JsonResponse({"orders": sorted(set(WorkOrder.objects.values_list("store_id", flat=True)))})


urlpatterns = [*project_urlpatterns, path("test-forgetful/", forgetful),
               path("test-unguarded/", unguarded), path("test-lazy/", lazy_supervisor_page)]
