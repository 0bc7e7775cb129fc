"""Equipment register and faults (设备报修)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hallops.exceptions import DomainError
from hallops.models import EquipmentFault
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.selectors.equipment import open_faults, recent_faults, store_equipment
from hallops.services.equipment import equipment_create, fault_open, fault_update
from hallops.views import _safe_next

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
        try:
            equipment_create(actor=request.user, store=store, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Equipment added."))
            return redirect("duty_manager:equipment")
    page = Paginator(store_equipment(store), 50).get_page(request.GET.get("page"))
    return render(request, "duty_manager/equipment.html", {"page": page, "form": form})


@role_required(Role.DUTY_MANAGER, Role.STORE_MANAGER)
@require_http_methods(["GET", "POST"])
def faults(request):
    store = require_store(request)
    form = FaultForm(request.POST or None, store=store)
    if request.method == "POST" and form.is_valid():
        try:
            fault_open(actor=request.user, store=store, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Fault recorded."))
            return redirect("duty_manager:faults")
    page = Paginator(recent_faults(store), 30).get_page(request.GET.get("page"))
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
    if not form.is_valid():
        _form_error(request, form)
    else:
        try:
            fault_update(actor=request.user, fault=fault, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Fault updated."))
    return redirect(_safe_next(request, reverse("duty_manager:faults")))
