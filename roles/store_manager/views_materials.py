"""The store manager's materials pages: stock and ledger, receiving, write-offs, transfers,
corrections, stock-take sign-off and the monthly 进销存."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hallops.actions import run_action
from hallops.businessdate import business_date
from hallops.periods import month_dates, month_nav, query_month
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from materials import selectors
from materials.exports import LEDGER_EXPORT
from materials.models import ItemType, Movement, StockTake, Transfer
from materials.services import (
    movement_receive,
    movement_reverse,
    movement_write_off,
    stocktake_sign,
    transfer_receive,
    transfer_send,
)
from roles.common.materials import (
    ReasonForm,
    ReceiveForm,
    TransferForm,
    WriteOffForm,
    amount_kwargs,
    form_refused,
)

SM = Role.STORE_MANAGER


LEDGER_PAGE = 25


def _back():
    return reverse("store_manager:materials")


@role_required(SM)
@require_GET
def materials(request):
    store = require_store(request)
    item = None
    item_id = request.GET.get("item", "")
    if item_id.isdigit():
        item = ItemType.objects.filter(pk=int(item_id)).first()
    if (response := LEDGER_EXPORT.respond(request, selectors.ledger(store, item=item))) is not None:
        return response
    version = selectors.ledger_version(store)
    rows = selectors.stock_overview(store, version=version)
    # The active items and the clerks are read once and listed by every select that offers them.
    items = [r.item for r in rows]
    clerks = list(selectors.clerks_of(store))
    # The ledger grows with every movement: a page of 25 at a time (newest first); the export
    # gives all of it.
    paginator = Paginator(selectors.ledger_listing(store, item=item), LEDGER_PAGE)
    if item is None:
        paginator.count = version[0]  # the version counted the whole ledger already
    return render(request, "materials/store_manager.html", {
        "rows": rows,
        "holdings": selectors.all_clerk_holdings(store, rows, clerks),
        "incoming": selectors.incoming_transfers(store),
        "outgoing": selectors.outgoing_transfers(store),
        "page": paginator.get_page(request.GET.get("page")),
        "item_filter": item,
        "items": items,
        "stocktakes": selectors.stocktakes(store, limit=5),
        "overdue": selectors.overdue_of(store, business_date(store=store), rows),
        "receive_form": ReceiveForm(items=items),
        "writeoff_form": WriteOffForm(store=store, items=items, clerks=clerks),
        "transfer_form": TransferForm(store=store, items=items),
    })


@role_required(SM)
@require_POST
def receive(request):
    store = require_store(request)
    form = ReceiveForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return run_action(request, lambda: None, redirect_to=_back())
    d = form.cleaned_data
    return run_action(request, lambda: movement_receive(
        actor=request.user, store=store, reference=d["reference"], **amount_kwargs(d)),
        success=lambda m: _("Received %(n)s %(unit)s of %(item)s.") % {
            "n": m.quantity, "unit": m.item.unit, "item": m.item.label},
        redirect_to=_back())


@role_required(SM)
@require_POST
def write_off(request):
    store = require_store(request)
    form = WriteOffForm(request.POST, store=store)
    if not form.is_valid():
        form_refused(request, form)
        return run_action(request, lambda: None, redirect_to=_back())
    d = form.cleaned_data
    return run_action(request, lambda: movement_write_off(
        actor=request.user, store=store, kind=d["kind"], reason=d["reason"], clerk=d["clerk"],
        **amount_kwargs(d)),
        success=_("Written off."), redirect_to=_back())


@role_required(SM)
@require_POST
def transfer(request):
    store = require_store(request)
    form = TransferForm(request.POST, store=store)
    if not form.is_valid():
        form_refused(request, form)
        return run_action(request, lambda: None, redirect_to=_back())
    d = form.cleaned_data
    return run_action(request, lambda: transfer_send(
        actor=request.user, store=store, to_store=d["to_store"], **amount_kwargs(d)),
        success=_("Sent; the other store books it in when it arrives."), redirect_to=_back())


@role_required(SM)
@require_POST
def transfer_in(request, pk):
    store = require_store(request)
    t = get_for_store_or_404(Transfer, request, pk=pk)
    return run_action(request, lambda: transfer_receive(actor=request.user, store=store,
                                                        transfer=t),
                      success=_("Transfer received into the storeroom."), redirect_to=_back())


@role_required(SM)
@require_POST
def reverse_entry(request, pk):
    store = require_store(request)
    movement = get_for_store_or_404(Movement, request, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return run_action(request, lambda: None, redirect_to=_back())
    return run_action(request, lambda: movement_reverse(
        actor=request.user, store=store, movement=movement, reason=form.cleaned_data["reason"]),
        success=_("The entry is corrected by a new linked entry."), redirect_to=_back())


@role_required(SM)
@require_GET
def stocktake(request, pk):
    take = get_for_store_or_404(StockTake, request, pk=pk)
    return render(request, "materials/stocktake.html", {
        "base": "store_manager/base.html", "take": take,
        "lines": selectors.stocktake_lines(take),
        "sign_url": reverse("store_manager:materials_stocktake_sign", args=[take.pk]),
        "may_sign": take.status == StockTake.Status.DUTY_SIGNED,
    })


@role_required(SM)
@require_POST
def stocktake_sign_view(request, pk):
    store = require_store(request)
    take = get_for_store_or_404(StockTake, request, pk=pk)
    return run_action(request, lambda: stocktake_sign(actor=request.user, store=store,
                                                      stocktake=take),
                      success=_("Signed."),
                      redirect_to=reverse("store_manager:materials_stocktake", args=[take.pk]))


@role_required(SM)
@require_GET
def report(request):
    store = require_store(request)
    first = query_month(request.GET, "month", business_date(store=store))
    start, end = month_dates(first)
    return render(request, "materials/report.html", {
        "rows": selectors.stock_report(store, start, end), **month_nav(first)})
