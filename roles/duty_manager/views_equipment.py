"""Equipment register and faults (设备报修)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from attachments.selectors import with_attachments
from hallops.actions import redirect_next, run_action
from hallops.models import EquipmentFault
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.selectors.equipment import open_faults, recent_faults, store_equipment
from hallops.services.equipment import equipment_create, fault_open, fault_update
from roles.duty_manager.exports import EQUIPMENT_EXPORT, FAULTS_EXPORT

from .forms_duty import EquipmentForm, FaultForm, FaultUpdateForm


def _form_error(request, form):
    messages.error(request, _("Please correct the form: %(errors)s") % {
        "errors": " ".join(str(e) for errs in form.errors.values() for e in errs)})


@role_required(Role.DUTY_MANAGER, Role.STORE_MANAGER)
@require_http_methods(["GET", "POST"])
def equipment(request):
    store = require_store(request)
    form = EquipmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = run_action(
            request, lambda: equipment_create(actor=request.user, store=store, **form.cleaned_data),
            form=form, success=_("Equipment added."), redirect_to=reverse("duty_manager:equipment"),
        )
        if response is not None:
            return response
    equipment = store_equipment(store)
    if (response := EQUIPMENT_EXPORT.respond(request, equipment)) is not None:
        return response
    page = Paginator(equipment, 50).get_page(request.GET.get("page"))
    return render(request, "duty_manager/equipment.html", {"page": page, "form": form})


@role_required(Role.DUTY_MANAGER, Role.STORE_MANAGER)
@require_http_methods(["GET", "POST"])
def faults(request):
    store = require_store(request)
    form = FaultForm(request.POST or None, store=store)
    if request.method == "POST" and form.is_valid():
        response = run_action(
            request, lambda: fault_open(actor=request.user, store=store, **form.cleaned_data),
            form=form, success=_("Fault recorded."), redirect_to=reverse("duty_manager:faults"),
        )
        if response is not None:
            return response
    faults = recent_faults(store)
    if (response := FAULTS_EXPORT.respond(request, faults)) is not None:
        return response
    page = Paginator(faults, 30).get_page(request.GET.get("page"))
    page.object_list = with_attachments(page.object_list)
    return render(request, "duty_manager/faults.html", {
        "page": page, "form": form, "open_count": open_faults(store).count(),
        "update_form": FaultUpdateForm(),
    })


@role_required(Role.DUTY_MANAGER, Role.STORE_MANAGER)
@require_POST
def fault_change(request, pk: int):
    require_store(request)
    fault = get_for_store_or_404(EquipmentFault, request, pk=pk)
    form = FaultUpdateForm(request.POST)
    fallback = reverse("duty_manager:faults")
    if not form.is_valid():
        _form_error(request, form)
        return redirect_next(request, fallback)
    return run_action(
        request, lambda: fault_update(actor=request.user, fault=fault, **form.cleaned_data),
        success=_("Fault updated."), redirect_to=fallback,
    )
