"""Simple complaints at the desk (简单现场投诉): the clerk's page, the one-click work order, and
the list the complaint handler and the store manager read."""

from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints.exports import DESK_EXPORT
from hallops.actions import run_action
from hallops.businessdate import business_date
from hallops.periods import month_dates, month_nav, query_month
from hallops.permissions import Role, get_for_store_or_404, may, require_store, role_required

from . import selectors
from .forms import DeskComplaintForm
from .models import DeskComplaint
from .services import desk_complaint_escalate, desk_complaint_record

CLERK, CH, SM = Role.CLERK, Role.COMPLAINT_HANDLER, Role.STORE_MANAGER


def _record_and_escalate(*, actor, store, **fields):
    with transaction.atomic():
        complaint = desk_complaint_record(actor=actor, store=store, **fields)
        return desk_complaint_escalate(actor=actor, complaint=complaint)


@role_required(CLERK)
@require_http_methods(["GET", "POST"])
def desk(request):
    store = require_store(request)
    data = request.POST or None
    if data is not None and "escalate" in data:
        data = data.copy()
        data["settled"] = "no"  # the hand-over button says it was not settled
    form = DeskComplaintForm(data)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "escalate" in request.POST:
            data["settled"] = False
            response = run_action(
                request, lambda: _record_and_escalate(actor=request.user, store=store, **data),
                form=form, redirect_to=reverse("complaints:desk"),
                success=lambda order: _("Handed to the complaint handler as work order %(number)s.")
                % {"number": order.number})
        else:
            response = run_action(
                request, lambda: desk_complaint_record(actor=request.user, store=store, **data),
                form=form, redirect_to=reverse("complaints:desk"),
                success=lambda c: _("Complaint recorded as settled at the desk.") if c.settled
                else _("Complaint recorded as not settled: turn it into a work order below."))
        if response is not None:
            return response
    day = business_date(store=store)
    return render(request, "complaints/desk.html", {
        "form": form, "day": day,
        "complaints": list(selectors.desk_complaints_of_clerk(store, request.user, day)),
    }, status=400 if form.errors else 200)


@role_required(CLERK)
@require_POST
def desk_escalate(request, pk):
    require_store(request)
    complaint = get_for_store_or_404(DeskComplaint.objects.select_related("store", "category"),
                                     request, pk=pk)
    return run_action(
        request, lambda: desk_complaint_escalate(actor=request.user, complaint=complaint),
        redirect_to=reverse("complaints:desk"),
        success=lambda order: _("Handed to the complaint handler as work order %(number)s.")
        % {"number": order.number})


@role_required(CH, SM)
@require_GET
def desk_list(request):
    store = require_store(request)
    today = business_date(store=store)
    month = query_month(request.GET, "month", today.replace(day=1))
    first, last = month_dates(month)
    rows = selectors.desk_complaints_between(store, first, last)
    if (response := DESK_EXPORT.respond(request, rows)) is not None:
        return response
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "complaints/desk_list.html", {
        "page": page, **month_nav(month),
        "counts": selectors.desk_complaint_counts(store, first, last),
        "base": "store_manager/base.html" if request.acting.role == SM else "complaint_handler/base.html",
        "may_open_order": may(request, _order_view()),
    })


def _order_view():
    from .views import order_detail

    return order_detail

