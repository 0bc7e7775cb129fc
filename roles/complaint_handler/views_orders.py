"""The complaint handler's queues (orders, callbacks), the intake form and the handbook."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from complaints import selectors
from complaints.exports import CALLBACKS_EXPORT, QUEUE_EXPORT
from complaints.forms import IntakeForm, QueueFilterForm
from complaints.models import Category, ComplaintRules, HandbookArticle, Scenario
from complaints.services import work_order_create
from hallops.actions import run_action
from hallops.permissions import Role, require_store, role_required

CH, DM, SM = Role.COMPLAINT_HANDLER, Role.DUTY_MANAGER, Role.STORE_MANAGER


@role_required(CH)
@require_GET
def queue(request):
    store = require_store(request)
    form = QueueFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    category = None
    if filters.get("category"):
        category = Category.objects.filter(pk=filters["category"]).first()
    now = timezone.now()
    orders = selectors.order_queue(
        store,
        source=filters.get("source") or "",
        category=category,
        status=filters.get("status") or "",
        overdue=bool(filters.get("overdue")),
        handler=request.user if filters.get("mine") else None,
        now=now,
    )
    if (response := QUEUE_EXPORT.respond(request, orders)) is not None:
        return response
    page = Paginator(orders, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "complaint_handler/queue.html",
        {
            "form": form,
            "page": page,
            "now": now,
            "warning_minutes": ComplaintRules.current().warning_minutes,
        },
    )


@role_required(CH)
@require_GET
def callbacks(request):
    """回访 queue: replied orders by callback due time, overdue first, with countdowns."""
    store = require_store(request)
    orders = selectors.callback_queue(store)
    if (response := CALLBACKS_EXPORT.respond(request, orders)) is not None:
        return response
    page = Paginator(orders, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "complaint_handler/callbacks.html",
        {"page": page, "warning_minutes": ComplaintRules.current().warning_minutes},
    )


@role_required(CH, DM)
@require_http_methods(["GET", "POST"])
def intake(request):
    """Enter a complaint while the customer waits: the essentials first, the rest optional."""
    store = require_store(request)
    form = IntakeForm(request.POST or None, store=store)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def entered(order):
            messages.success(
                request, _("Work order %(number)s entered.") % {"number": order.number}
            )
            if order.is_repeat:
                messages.warning(request, _("Repeat complaint: this customer complained recently."))

        response = run_action(
            request,
            lambda: work_order_create(
                actor=request.user,
                store=store,
                source=data["source"],
                customer_number=data["customer_number"],
                category=data["category"],
                description=data["description"],
                received_at=data["received_at"],
                external_no=data["external_no"],
                dispatch_unit=data["dispatch_unit"],
                customer_name=data["customer_name"],
                customer_level=data["customer_level"],
                contact_number=data["contact_number"],
                demand=data["demand"],
                scenario=data["scenario"],
                beyond_channel=data["beyond_channel"] or "",
                staff_member=data["staff_member"],
            ),
            form=form, success=entered,
            redirect_to=lambda order: reverse("complaints:order", args=[order.pk]),
        )
        if response is not None:
            return response
    return render(request, "complaint_handler/intake.html", {"form": form})


@role_required(CH, DM, SM)
@require_GET
def handbook(request):
    return render(
        request,
        "complaint_handler/handbook.html",
        {
            "scenarios": Scenario.objects.filter(is_active=True),
            "articles": HandbookArticle.objects.filter(is_active=True),
            "sections": HandbookArticle.Section,
        },
    )
