"""The clerk's materials page: what I hold, what I sold or used, stock-takes I counted."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hallops.actions import run_action
from hallops.businessdate import business_date
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from materials import selectors
from materials.models import StockTake
from materials.services import movement_sell, stocktake_sign
from roles.common.materials import SellForm, amount_kwargs, form_refused

CLERK = Role.CLERK


def _back():
    return reverse("clerk:materials")


@role_required(CLERK)
@require_GET
def materials(request):
    store = require_store(request)
    day = business_date(store=store)
    return render(request, "materials/clerk.html", {
        "holdings": selectors.clerk_holdings(store, request.user),
        "today_moves": selectors.clerk_day_movements(store, request.user, day),
        "sell_form": SellForm(),
        "to_sign": StockTake.objects.filter(store=store, counter=request.user,
                                            status=StockTake.Status.COUNTING),
        "today": day,
    })


@role_required(CLERK)
@require_POST
def sell(request):
    store = require_store(request)
    form = SellForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return run_action(request, lambda: None, redirect_to=_back())
    d = form.cleaned_data
    return run_action(request, lambda: movement_sell(
        actor=request.user, store=store, clerk=request.user, reference=d["reference"],
        **amount_kwargs(d)),
        success=lambda m: _("Recorded %(n)s %(unit)s of %(item)s sold or used.") % {
            "n": m.quantity, "unit": m.item.unit, "item": m.item.label},
        redirect_to=_back())


@role_required(CLERK)
@require_POST
def stocktake_sign_view(request, pk):
    store = require_store(request)
    take = get_for_store_or_404(StockTake, request, pk=pk)
    return run_action(request, lambda: stocktake_sign(actor=request.user, store=store,
                                                      stocktake=take),
                      success=_("Signed as the counter."), redirect_to=_back())
