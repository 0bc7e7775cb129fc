"""Service records, handovers, the morning meeting confirmation and target progress."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallops.actions import run_action
from hallops.businessdate import business_date
from hallops.charts import bar_chart, svg_response
from hallops.models import Handover, ServiceRecord
from hallops.periods import query_month
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.selectors.meetings import meeting_for_day
from hallops.selectors.targets import month_progress
from hallops.services.handover import handover_acknowledge, handover_create
from hallops.services.meetings import meeting_acknowledge
from hallops.services.service_records import service_record_create
from roles.clerk.exports import HANDOVERS_EXPORT
from roles.common.exports import PROGRESS_EXPORT, SERVICE_RECORDS_EXPORT

from .forms_business import AcknowledgeForm, HandoverForm, ServiceRecordForm


@role_required(Role.CLERK)
@require_http_methods(["GET", "POST"])
def service_records(request):
    store = require_store(request)
    initial_kind = request.GET.get("kind")
    if initial_kind not in ServiceRecord.Kind.values:
        initial_kind = ServiceRecord.Kind.RETENTION
    form = ServiceRecordForm(request.POST or None, initial={"kind": initial_kind})
    if request.method == "POST":
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "kind"}
            response = run_action(
                request,
                lambda: service_record_create(clerk=request.user, store=store,
                                              kind=form.cleaned_data["kind"], **data),
                form=form, success=_("Service record saved."),
                redirect_to=reverse("clerk:service_records"),
            )
            if response is not None:
                return response
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    records = ServiceRecord.objects.filter(store=store, clerk=request.user).select_related("clerk")
    if (response := SERVICE_RECORDS_EXPORT.respond(request, records)) is not None:
        return response
    page = Paginator(records, 20).get_page(request.GET.get("page"))
    return render(request, "clerk/service_records.html", {"form": form, "page": page})


@role_required(Role.CLERK)
@require_http_methods(["GET", "POST"])
def handovers(request):
    store = require_store(request)
    form = HandoverForm(request.POST or None, store=store, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            response = run_action(
                request,
                lambda: handover_create(outgoing=request.user, store=store, **form.cleaned_data),
                form=form, success=_("Handover noted; the incoming person acknowledges it."),
                redirect_to=reverse("clerk:handovers"),
            )
            if response is not None:
                return response
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    mine = (Handover.objects.filter(store=store)
            .filter(Q(outgoing=request.user) | Q(incoming=request.user))
            .select_related("outgoing", "incoming"))
    if (response := HANDOVERS_EXPORT.respond(request, mine)) is not None:
        return response
    page = Paginator(mine, 20).get_page(request.GET.get("page"))
    return render(request, "clerk/handovers.html",
                  {"form": form, "page": page, "ack_form": AcknowledgeForm()})


@role_required(Role.CLERK)
@require_POST
def handover_ack(request, pk):
    handover = get_for_store_or_404(Handover, request, pk=pk)
    form = AcknowledgeForm(request.POST)
    form.is_valid()
    return run_action(
        request,
        lambda: handover_acknowledge(user=request.user, handover=handover,
                                     note=form.cleaned_data.get("note", "")),
        success=_("Handover acknowledged."), redirect_to=reverse("clerk:handovers"),
    )


@role_required(Role.CLERK)
@require_POST
def meeting_ack(request):
    store = require_store(request)
    meeting = meeting_for_day(store, business_date(store=store))
    if meeting is None:
        messages.error(request, _("There is no meeting minuted for today yet."))
        return redirect("clerk:home")
    return run_action(
        request, lambda: meeting_acknowledge(user=request.user, meeting=meeting),
        success=_("Thank you: today's targets and notices confirmed."),
        redirect_to=reverse("clerk:home"),
    )


def _month(request, store) -> datetime.date:
    return query_month(request.GET, "month", business_date(store=store))


@role_required(Role.CLERK)
@require_GET
def progress(request):
    store = require_store(request)
    month = _month(request, store)
    _store_rows, per_clerk = month_progress(store, month.year, month.month, clerk=request.user)
    rows = per_clerk.get(request.user.pk, [])
    export_rows = [(request.user, r) for r in rows]
    if (response := PROGRESS_EXPORT.respond(request, export_rows)) is not None:
        return response
    return render(request, "clerk/progress.html", {"rows": rows, "month": month})


@role_required(Role.CLERK)
@require_GET
def progress_chart(request):
    store = require_store(request)
    month = _month(request, store)
    _store_rows, per_clerk = month_progress(store, month.year, month.month, clerk=request.user)
    rows = per_clerk.get(request.user.pk, [])
    chart = bar_chart(
        _("My progress %(month)s") % {"month": f"{month:%Y-%m}"},
        [r.line.label for r in rows],
        {_("Actual"): [r.actual for r in rows], _("Target"): [r.target for r in rows]},
    )
    return svg_response(chart)
