"""Emergencies: start, follow the playbook, record details, end, report."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hallops.actions import run_action
from hallops.models import ChecklistRun, Incident
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.selectors.checklists import run_rows
from hallops.selectors.incidents import store_incidents
from hallops.services.incidents import (
    DETAIL_FIELDS,
    incident_end,
    incident_report,
    incident_start,
    incident_update,
)
from roles.duty_manager.exports import INCIDENTS_EXPORT

from .forms_duty import IncidentDetailsForm, IncidentReportForm, IncidentStartForm
from .views_equipment import _form_error


@role_required(Role.DUTY_MANAGER)
@require_http_methods(["GET", "POST"])
def incidents(request):
    store = require_store(request)
    form = IncidentStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = run_action(
            request, lambda: incident_start(actor=request.user, store=store, **form.cleaned_data),
            form=form,
            success=(messages.WARNING, _("Incident started: follow the playbook below.")),
            redirect_to=lambda incident: reverse("duty_manager:incident", args=[incident.pk]),
        )
        if response is not None:
            return response
    incidents = store_incidents(store)
    if (response := INCIDENTS_EXPORT.respond(request, incidents)) is not None:
        return response
    page = Paginator(incidents, 30).get_page(request.GET.get("page"))
    return render(request, "duty_manager/incidents.html", {"page": page, "form": form})


@role_required(Role.DUTY_MANAGER)
@require_http_methods(["GET", "POST"])
def incident(request, pk: int):
    require_store(request)
    obj = get_for_store_or_404(Incident.objects.select_related("started_by"), request, pk=pk)
    form = IncidentDetailsForm(request.POST or None, initial=model_to_dict(obj, DETAIL_FIELDS))
    if request.method == "POST" and form.is_valid():
        response = run_action(
            request, lambda: incident_update(actor=request.user, incident=obj, **form.cleaned_data),
            success=_("Incident details saved."), render_on_error=True,
            redirect_to=reverse("duty_manager:incident", args=[obj.pk]),
        )
        if response is not None:
            return response
    run = (ChecklistRun.objects.filter(incident=obj)
           .select_related("template", "store", "incident").first())
    return render(request, "duty_manager/incident.html", {
        "incident": obj, "form": form, "run": run, "rows": run_rows(run) if run else [],
        "report_form": IncidentReportForm(
            initial={"report": obj.report}),
    })


@role_required(Role.DUTY_MANAGER)
@require_POST
def incident_finish(request, pk: int):
    require_store(request)
    obj = get_for_store_or_404(Incident, request, pk=pk)
    return run_action(
        request, lambda: incident_end(actor=request.user, incident=obj),
        success=_("Incident ended. Write the post-incident report."),
        redirect_to=reverse("duty_manager:incident", args=[obj.pk]),
    )


@role_required(Role.DUTY_MANAGER)
@require_POST
def incident_write_report(request, pk: int):
    require_store(request)
    obj = get_for_store_or_404(Incident, request, pk=pk)
    form = IncidentReportForm(request.POST)
    url = reverse("duty_manager:incident", args=[obj.pk])
    if not form.is_valid():
        _form_error(request, form)
        return redirect(url)
    return run_action(
        request,
        lambda: incident_report(actor=request.user, incident=obj,
                                report=form.cleaned_data["report"]),
        success=_("Post-incident report saved."), redirect_to=url,
    )
