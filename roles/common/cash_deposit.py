"""The bank-deposit form (与银行交接), shared by the store manager's deposits page and the
fund receiver's home page: both record the same collection through the same service."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from hallops.actions import run_action
from hallops.permissions import require_store
from hallops.selectors.cash import deposits, undeposited_handins
from hallops.services.cash_bank import bank_deposit_record

from .forms_cash import DepositForm


def deposit_page(request, *, template: str, success_url: str, extra_context=None):
    """GET: the hand-ins waiting for the bank, the form and the deposits recorded.
    POST: record a deposit, then redirect to `success_url`; bad input → 400, nothing saved."""
    store = require_store(request)
    handins = undeposited_handins(store)
    form = DepositForm(request.POST if request.method == "POST" else None, handins=handins)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            response = run_action(
                request,
                lambda: bank_deposit_record(
                    actor=request.user, store=store, slip_no=form.cleaned_data["slip_no"],
                    collected_at=form.cleaned_data["collected_at"],
                    collectors=form.cleaned_data["collectors"],
                    cash_amount=form.cleaned_data["cash_amount"],
                    cheque_amount=form.cleaned_data["cheque_amount"] or 0,
                    handin_ids=[int(i) for i in form.cleaned_data["handins"]],
                    mismatch_reason=form.cleaned_data["mismatch_reason"],
                ),
                form=form, error_message=True,
                success=lambda deposit: (
                    (messages.WARNING, _("Deposit recorded and flagged: it does not match "
                                         "the hand-ins."))
                    if deposit.is_mismatch else _("Deposit recorded; it matches the hand-ins.")),
                redirect_to=success_url,
            )
            if response is not None:
                return response
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
        status = 400
    page = Paginator(deposits(store), 25).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "handins": handins, "has_handins": bool(handins),
               **(extra_context or {})}
    return render(request, template, context, status=status)
