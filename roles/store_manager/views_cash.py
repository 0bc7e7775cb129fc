"""The store manager's cash page: days, approvals, discrepancy register, safe, deposits,
and adjustments to confirmed tills."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallops.actions import run_action
from hallops.businessdate import business_date
from hallops.models import Destination, DiscrepancyKind, PaymentMethod, TailCashRecord
from hallops.money import format_money
from hallops.people import display_name
from hallops.periods import query_day, shift_days
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.selectors.cash import (
    adjustments_by_line,
    awaiting_approval,
    days_summary,
    discrepancy_register,
    sessions_for_day_qs,
    tail_cash_warnings,
    till_figures,
    undeposited_count,
)
from hallops.selectors.fund_receiver import fund_receivers
from hallops.services.cash import till_adjust, till_approve
from hallops.text import choice_labels
from reports.listexport import Col, Kind, ListExport
from roles.common.cash_deposit import deposit_page

from .forms_cash import AdjustmentForm, RegisterFilterForm
from .forms_fund_receiver import FundReceiverGrantForm

DAYS_SHOWN = 14


@role_required(Role.STORE_MANAGER)
@require_GET
def cash(request):
    store = require_store(request)
    end = query_day(request.GET, "week", business_date(store=store))
    days = [end - datetime.timedelta(days=i) for i in range(DAYS_SHOWN)]
    return render(request, "store_manager/cash.html", {
        "days": days_summary(store, days),
        "end": end,
        "earlier": shift_days(end, -DAYS_SHOWN),
        "later": shift_days(end, DAYS_SHOWN),
        "approvals": list(awaiting_approval(store)),
        "tail_over": tail_cash_warnings(store),
        "tails": list(TailCashRecord.objects.filter(store=store)[:DAYS_SHOWN]),
        "undeposited": undeposited_count(store),
    })


@role_required(Role.STORE_MANAGER)
@require_GET
def cash_register(request):
    store = require_store(request)
    form = RegisterFilterForm(request.GET)
    kind, pending = "", False
    if form.is_valid():
        kind, pending = form.cleaned_data["kind"], form.cleaned_data["pending"]
    lines = discrepancy_register(store, kind=kind, pending_only=pending)
    if (response := REGISTER_EXPORT.respond(request, lines)) is not None:
        return response
    page = Paginator(lines, 50).get_page(request.GET.get("page"))
    return render(request, "store_manager/cash_register.html",
                  {"page": page, "rows": _register_rows(page.object_list), "form": form})


def _register_rows(differences) -> list[dict]:
    """Each line of the register with its adjustments and the amount after them."""
    differences = list(differences)
    adjustments = adjustments_by_line(differences)
    # The choice labels translated once, not by get_FOO_display in every cell (which rebuilds
    # and hashes the field's lazy choices each call: a sixth of the page's time).
    methods, kinds, destinations = (choice_labels(c)
                                    for c in (PaymentMethod, DiscrepancyKind, Destination))
    rows = []
    for d in differences:
        adj = adjustments.get((d.session_id, d.method), [])
        signed = d.amount if d.kind == DiscrepancyKind.OVERAGE else -d.amount
        rows.append({"d": d, "adjustments": adj,
                     "net": signed + sum((a.amount for a in adj), signed * 0),
                     "method": methods.get(d.method, d.method),
                     "kind": kinds.get(d.kind, d.kind),
                     "destination": destinations.get(d.destination, d.destination)})
    return rows


def _adjustments_text(row) -> str:
    return "; ".join(
        f"{timezone.localtime(a.created_at):%m-%d %H:%M} {format_money(a.amount)} · {a.reason}"
        f" · {_('approved by')} {display_name(a.approved_by)}" for a in row["adjustments"])


def _reason_text(row) -> str:
    d = row["d"]
    return " · ".join(str(x) for x in (d.reason or "", d.note) if x)


REGISTER_EXPORT = ListExport(
    name="discrepancies", title=_lazy("Discrepancy register"), batch=_register_rows,
    columns=(
        Col(_lazy("Business date"), "d.session.business_date", Kind.DATE),
        Col(_lazy("Clerk"), "d.session.clerk", Kind.PERSON),
        Col(_lazy("Payment method"), "d.get_method_display"),
        Col(_lazy("Kind"), "d.get_kind_display"),
        Col(_lazy("Amount"), "d.amount", Kind.MONEY),
        Col(_lazy("Reason"), _reason_text, width=30),
        Col(_lazy("Where the money went"), "d.get_destination_display"),
        Col(_lazy("Approved by"), "d.session.approved_by", Kind.PERSON),
        Col(_lazy("Adjustments"), _adjustments_text, width=40),
        Col(_lazy("After adjustments"), "net", Kind.MONEY),
    ),
)


def _session(request, pk):
    return get_for_store_or_404(sessions_for_day_qs(request.acting.store), request, pk=pk)


def _render_session(request, session, *, adjust_form=None, status=200):
    return render(request, "store_manager/cash_session.html", {
        "session": session,
        "figures": till_figures(session),
        "adjust_form": adjust_form or AdjustmentForm(),
    }, status=status)


@role_required(Role.STORE_MANAGER)
@require_GET
def cash_session(request, pk):
    return _render_session(request, _session(request, pk))


@role_required(Role.STORE_MANAGER)
@require_POST
def cash_approve(request, pk):
    session = _session(request, pk)
    return run_action(
        request, lambda: till_approve(actor=request.user, session=session),
        success=_("Differences of %(clerk)s approved.") % {"clerk": display_name(session.clerk)},
        redirect_to=reverse("store_manager:cash"),
    )


@role_required(Role.STORE_MANAGER)
@require_POST
def cash_adjust(request, pk):
    session = _session(request, pk)
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        response = run_action(
            request,
            lambda: till_adjust(actor=request.user, session=session,
                                method=form.cleaned_data["method"],
                                amount=form.cleaned_data["amount"],
                                reason=form.cleaned_data["reason"]),
            form=form, error_message=True, success=_("Adjustment recorded."),
            redirect_to=reverse("store_manager:cash_session", args=[session.pk]),
        )
        if response is not None:
            return response
    else:
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return _render_session(request, _session(request, pk), adjust_form=form, status=400)


@role_required(Role.STORE_MANAGER)
@require_http_methods(["GET", "POST"])
def cash_deposits(request):
    store = require_store(request)
    return deposit_page(request, template="store_manager/cash_deposits.html",
                        success_url=reverse("store_manager:cash_deposits"), extra_context={
                            "fund_receivers": list(fund_receivers(store)),
                            "grant_form": FundReceiverGrantForm(store=store),
                            "till_url": "store_manager:cash_session",
                        })
