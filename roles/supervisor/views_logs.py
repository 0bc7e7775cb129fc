"""Regional supervisors read duty logs and their reviews across their stores."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from hallops.models import DutyLog
from hallops.pagination import KeysFirstPaginator
from hallops.permissions import Role, get_for_store_or_404, role_required
from hallops.selectors.dutylog import LOG_RELATED, log_page_context, logs_for
from roles.common.exports import DUTY_LOGS_EXPORT

from .forms import RegionLogFilterForm


@role_required(Role.SUPERVISOR)
@require_GET
def dutylogs(request):
    stores = request.acting.stores
    logs = logs_for(stores)
    form = RegionLogFilterForm(request.GET, stores=stores)
    if form.is_valid():
        if form.cleaned_data["store"]:
            logs = logs.filter(store=form.cleaned_data["store"])
        if form.cleaned_data["date"]:
            logs = logs.filter(business_date=form.cleaned_data["date"])
        if form.cleaned_data["status"]:
            logs = logs.filter(status=form.cleaned_data["status"])
    if (response := DUTY_LOGS_EXPORT.respond(request, logs)) is not None:
        return response
    # a region's year of logs: the page is cut on keys, then read wide
    page = KeysFirstPaginator(logs, 50, rows=DutyLog.objects.select_related(*LOG_RELATED)
                              ).get_page(request.GET.get("page"))
    return render(request, "supervisor/dutylogs.html", {"page": page, "form": form})


@role_required(Role.SUPERVISOR)
@require_GET
def dutylog(request, pk: int):
    log = get_for_store_or_404(
        DutyLog.objects.select_related("store", "shift_type", "duty_manager", "reviewed_by"),
        request, pk=pk,
    )
    return render(request, "supervisor/dutylog.html", log_page_context(log))
