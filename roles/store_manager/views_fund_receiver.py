"""The store manager delegates the bank hand-over: grant or withdraw the fund-receiver role
(资金接收员) to a member of the store's staff, without an administrator."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallops.actions import run_action
from hallops.models import RoleAssignment
from hallops.people import display_name
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.services.fund_receiver import fund_receiver_grant, fund_receiver_withdraw

from .forms_fund_receiver import FundReceiverGrantForm


def _name(user):
    return display_name(user)


@role_required(Role.STORE_MANAGER)
@require_POST
def fund_receiver_grant_view(request):
    store = require_store(request)
    form = FundReceiverGrantForm(request.POST, store=store)
    if not form.is_valid():
        for error in form.errors.get("user", [_("Choose a staff member.")]):
            messages.error(request, error)
        return redirect("store_manager:cash_deposits")
    return run_action(
        request,
        lambda: fund_receiver_grant(actor=request.user, store=store,
                                    user=form.cleaned_data["user"]),
        success=lambda assignment: _("%(name)s can now receive this store's funds and record "
                                     "bank deposits.") % {"name": _name(assignment.user)},
        redirect_to=reverse("store_manager:cash_deposits"),
    )


@role_required(Role.STORE_MANAGER)
@require_POST
def fund_receiver_withdraw_view(request, pk):
    store = require_store(request)
    assignment = get_for_store_or_404(
        RoleAssignment.objects.filter(role=Role.FUND_RECEIVER).select_related("user"), request,
        pk=pk)
    return run_action(
        request,
        lambda: fund_receiver_withdraw(actor=request.user, store=store, assignment=assignment),
        success=_("%(name)s is no longer a fund receiver of this store.")
        % {"name": _name(assignment.user)},
        redirect_to=reverse("store_manager:cash_deposits"),
    )
