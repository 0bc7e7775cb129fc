"""The store manager's complaint pages: escalations and extensions, overdue orders,
work-order quality and the month's KPIs."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaints import kpi, selectors, services
from complaints.exports import ESCALATIONS_EXPORT, OVERDUE_EXPORT, QUALITY_EXPORT
from complaints.forms import DecisionForm, QualityForm, ResolveForm
from complaints.models import ComplaintRules, Escalation, Extension, WorkOrder
from hallops.actions import run_action
from hallops.models import Store
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from roles.common.complaints_kpi import FIGURES_EXPORT, kpi_chart_response, month_context

SM = (Role.STORE_MANAGER,)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@role_required(*SM)
@require_GET
def escalations(request):
    store = require_store(request)
    escalations, extensions = selectors.open_escalations(store), selectors.pending_extensions(store)
    # The export gives the two lists the page shows, escalations first.
    if (response := ESCALATIONS_EXPORT.respond(
            request, lambda: [*escalations, *extensions])) is not None:
        return response
    return render(
        request,
        "store_manager/complaint_escalations.html",
        {
            "escalations": escalations,
            "extensions": extensions,
            "resolve_form": ResolveForm(),
            "decision_form": DecisionForm(),
        },
    )


@role_required(*SM)
@require_POST
def escalation_resolve(request, pk):
    escalation = get_for_store_or_404(Escalation, request, pk=pk)
    form = ResolveForm(request.POST)
    url = reverse("store_manager:complaint_escalations")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(url)
    return run_action(
        request,
        lambda: services.escalation_resolve(
            actor=request.user,
            escalation=escalation,
            resolution=form.cleaned_data["resolution"],
        ),
        success=_("Escalation settled."), redirect_to=url,
    )


@role_required(*SM)
@require_POST
def extension_decide(request, pk):
    extension = get_for_store_or_404(Extension, request, pk=pk)
    form = DecisionForm(request.POST)
    url = reverse("store_manager:complaint_escalations")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(url)
    return run_action(
        request,
        lambda: services.extension_decide(
            actor=request.user,
            extension=extension,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        ),
        success=_("Extension decided."), redirect_to=url,
    )


@role_required(*SM)
@require_GET
def overdue(request):
    store = require_store(request)
    orders = selectors.overdue_orders(store)
    if (response := OVERDUE_EXPORT.respond(request, orders)) is not None:
        return response
    page = Paginator(orders, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "store_manager/complaint_overdue.html",
        {
            "page": page,
            "now": timezone.now(),
            "warning_minutes": ComplaintRules.current().warning_minutes,
        },
    )


@role_required(*SM)
@require_GET
def quality(request):
    store = require_store(request)
    rows = selectors.closed_unreviewed(store)
    if (response := QUALITY_EXPORT.respond(request, rows)) is not None:
        return response
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request, "store_manager/complaint_quality.html", {"page": page, "form": QualityForm()}
    )


@role_required(*SM)
@require_POST
def quality_review(request, pk):
    order = get_for_store_or_404(WorkOrder, request, pk=pk)
    form = QualityForm(request.POST)
    url = reverse("store_manager:complaint_quality")
    if not form.is_valid() or form.cleaned_data["qualified"] is None:
        messages.error(request, _("Say whether the order is qualified."))
        return redirect(url)
    return run_action(
        request,
        lambda: services.work_order_review_quality(
            actor=request.user,
            order=order,
            qualified=form.cleaned_data["qualified"],
            reason=form.cleaned_data["reason"],
        ),
        success=_("Quality of %(number)s recorded.") % {"number": order.number},
        redirect_to=url,
    )


@role_required(*SM)
@require_GET
def kpis(request):
    store = require_store(request)
    year, month, context = month_context(request)
    stores = Store.objects.filter(pk=store.pk)
    context["figures"] = kpi.month_kpis(stores, year, month)
    if (response := FIGURES_EXPORT.respond(request, context["figures"])) is not None:
        return response
    return render(request, "store_manager/complaint_kpi.html", context)


@role_required(*SM)
@require_GET
def kpi_chart(request, kind):
    store = require_store(request)
    year, month, _context = month_context(request)
    return kpi_chart_response(Store.objects.filter(pk=store.pk), kind, year, month)
