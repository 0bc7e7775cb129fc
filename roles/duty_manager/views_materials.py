"""The duty manager's materials pages: issue to and take back from clerks, write-offs of
publicity, and stock-takes (start, count, sign)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hallops.actions import run_action
from hallops.businessdate import business_date
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from materials import selectors
from materials.models import PublicityItem, StockTake
from materials.services import (
    movement_issue,
    movement_return,
    publicity_create,
    publicity_take_down,
    stocktake_count,
    stocktake_sign,
    stocktake_start,
)
from roles.common.materials import (
    ClerkMovementForm,
    PublicityForm,
    StockTakeStartForm,
    amount_kwargs,
    form_refused,
    stocktake_counts,
)

DM = Role.DUTY_MANAGER


def _back():
    return reverse("duty_manager:materials")


@role_required(DM)
@require_GET
def materials(request):
    store = require_store(request)
    day = business_date(store=store)
    rows = selectors.stock_overview(store)
    return render(request, "materials/duty_manager.html", {
        "rows": rows,
        "holdings": selectors.all_clerk_holdings(store, rows),
        "issue_form": ClerkMovementForm(store=store, prefix="issue"),
        "return_form": ClerkMovementForm(store=store, prefix="return"),
        "start_form": StockTakeStartForm(store=store),
        "open_take": selectors.open_stocktake(store),
        "stocktakes": selectors.stocktakes(store, limit=5),
        "overdue": selectors.overdue_of(store, day, rows),
        "publicity": selectors.publicity_on_display(store, day),
        "publicity_form": PublicityForm(),
        "today": day,
    })


def _clerk_movement(request, service, prefix, message):
    store = require_store(request)
    form = ClerkMovementForm(request.POST, store=store, prefix=prefix)
    if not form.is_valid():
        form_refused(request, form)
        return run_action(request, lambda: None, redirect_to=_back())
    d = form.cleaned_data
    return run_action(request, lambda: service(actor=request.user, store=store, clerk=d["clerk"],
                                               **amount_kwargs(d)),
                      success=lambda m: message % {"n": m.quantity, "unit": m.item.unit,
                                                   "item": m.item.label},
                      redirect_to=_back())


@role_required(DM)
@require_POST
def issue(request):
    return _clerk_movement(request, movement_issue, "issue",
                           _("Issued %(n)s %(unit)s of %(item)s."))


@role_required(DM)
@require_POST
def take_back(request):
    return _clerk_movement(request, movement_return, "return",
                           _("Took back %(n)s %(unit)s of %(item)s."))


@role_required(DM)
@require_POST
def publicity_down(request, pk):
    store = require_store(request)
    item = get_for_store_or_404(PublicityItem, request, pk=pk)
    return run_action(request, lambda: publicity_take_down(actor=request.user, store=store,
                                                           item=item),
                      success=_("Taken down."), redirect_to=_back())


@role_required(DM)
@require_POST
def publicity_add(request):
    store = require_store(request)
    form = PublicityForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return run_action(request, lambda: None, redirect_to=_back())
    d = form.cleaned_data
    return run_action(request, lambda: publicity_create(
        actor=request.user, store=store, title=d["title"], location=d["location"],
        valid_from=d["valid_from"], valid_until=d["valid_until"]),
        success=_("Publicity item recorded."), redirect_to=_back() + "#publicity")


@role_required(DM)
@require_POST
def stocktake_new(request):
    store = require_store(request)
    form = StockTakeStartForm(request.POST, store=store)
    if not form.is_valid():
        form_refused(request, form)
        return run_action(request, lambda: None, redirect_to=_back())
    return run_action(request, lambda: stocktake_start(
        actor=request.user, store=store, counter=form.cleaned_data["counter"],
        scope=form.cleaned_data["scope"]),
        success=_("Stock-take started: enter what is counted."),
        redirect_to=lambda take: reverse("duty_manager:materials_stocktake", args=[take.pk]))


@role_required(DM)
@require_GET
def stocktake(request, pk):
    take = get_for_store_or_404(StockTake, request, pk=pk)
    Status = StockTake.Status
    return render(request, "materials/stocktake.html", {
        "base": "duty_manager/base.html", "take": take,
        "lines": selectors.stocktake_lines(take),
        "count_url": (reverse("duty_manager:materials_stocktake_count", args=[take.pk])
                      if take.status == Status.COUNTING else ""),
        "sign_url": reverse("duty_manager:materials_stocktake_sign", args=[take.pk]),
        "may_sign": (take.status == Status.COUNTER_SIGNED
                     or (take.status == Status.COUNTING and take.counter_id == request.user.pk)),
    })


@role_required(DM)
@require_POST
def stocktake_count_view(request, pk):
    store = require_store(request)
    take = get_for_store_or_404(StockTake, request, pk=pk)
    return run_action(request, lambda: stocktake_count(
        actor=request.user, store=store, stocktake=take, counts=stocktake_counts(request.POST)),
        success=_("Count saved; the counter signs next."),
        redirect_to=reverse("duty_manager:materials_stocktake", args=[take.pk]))


@role_required(DM)
@require_POST
def stocktake_sign_view(request, pk):
    store = require_store(request)
    take = get_for_store_or_404(StockTake, request, pk=pk)
    return run_action(request, lambda: stocktake_sign(actor=request.user, store=store,
                                                      stocktake=take),
                      success=_("Signed."),
                      redirect_to=reverse("duty_manager:materials_stocktake", args=[take.pk]))
