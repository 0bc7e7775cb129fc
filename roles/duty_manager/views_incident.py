"""Emergencies: start, follow the playbook, record details, end, report."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hallops.exceptions import DomainError
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

from .forms_duty import IncidentDetailsForm, IncidentReportForm, IncidentStartForm
from .views_equipment import _form_error


@role_required(Role.DUTY_MANAGER)
@require_http_methods(["GET", "POST"])
def incidents(request):
    store = require_store(request)
    form = IncidentStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = incident_start(actor=request.user, store=store, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.warning(request, _("Incident started: follow the playbook below."))
            return redirect("duty_manager:incident", pk=incident.pk)
    page = Paginator(store_incidents(store), 30).get_page(request.GET.get("page"))
    return render(request, "duty_manager/incidents.html", {"page": page, "form": form})


@role_required(Role.DUTY_MANAGER)
@require_http_methods(["GET", "POST"])
def incident(request, pk: int):
    require_store(request)
    obj = get_for_store_or_404(Incident.objects.select_related("started_by"), request, pk=pk)
    form = IncidentDetailsForm(request.POST or None, initial=model_to_dict(obj, DETAIL_FIELDS))
    if request.method == "POST" and form.is_valid():
        try:
            incident_update(actor=request.user, incident=obj, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Incident details saved."))
            return redirect("duty_manager:incident", pk=obj.pk)
    run = ChecklistRun.objects.filter(incident=obj).select_related("template", "store").first()
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
    try:
        incident_end(actor=request.user, incident=obj)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Incident ended. Write the post-incident report."))
    return redirect("duty_manager:incident", pk=obj.pk)


@role_required(Role.DUTY_MANAGER)
@require_POST
def incident_write_report(request, pk: int):
    require_store(request)
    obj = get_for_store_or_404(Incident, request, pk=pk)
    form = IncidentReportForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
    else:
        try:
            incident_report(actor=request.user, incident=obj, report=form.cleaned_data["report"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Post-incident report saved."))
    return redirect("duty_manager:incident", pk=obj.pk)
