"""The bank-deposit form (与银行交接), shared by the store manager's deposits page and the
fund receiver's home page: both record the same collection through the same service."""

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hallops.actions import run_action
from hallops.money import format_money
from hallops.permissions import require_store
from hallops.registry import CACHE_KEY, CACHED_HTML, fragment_cache_key
from hallops.selectors.cash import deposits, undeposited_handins
from hallops.services.cash_bank import bank_deposit_record
from reports.listexport import Col, Kind, ListExport

from .forms_cash import DepositForm


def _reconciled(d) -> str:
    if not d.is_mismatch:
        return _("Matches")
    return (f"{_('Mismatch')} {d.mismatch_reason} "
            f"({format_money(d.expected_cash)} / {format_money(d.expected_cheque)})")


DEPOSITS_EXPORT = ListExport(
    name="bank-deposits", title=_lazy("Bank deposits"),
    columns=(
        Col(_lazy("Collected at"), "collected_at", Kind.DATETIME),
        Col(_lazy("Slip"), "slip_no"),
        Col(_lazy("Cash"), "cash_amount", Kind.MONEY),
        Col(_lazy("Cheques"), "cheque_amount", Kind.MONEY),
        Col(_lazy("Hand-ins"), "handin_count", Kind.INT),
        Col(_lazy("Collectors"), lambda d: ", ".join(d.collectors or [])),
        Col(_lazy("Recorded by"), "recorded_by", Kind.PERSON),
        Col(_lazy("Reconciled"), _reconciled, width=30),
    ),
)


def deposit_page(request, *, template: str, success_url: str, extra_context=None):
    """GET: the hand-ins waiting for the bank, the form and the deposits recorded.
    POST: record a deposit, then redirect to `success_url`; bad input → 400, nothing saved.

    The GET's part (`cash/_deposits.html`, rendered by `render_panel`) is kept like a home
    panel, until the store's next write (`fragment_cache_key`): a kept part costs no query."""
    store = require_store(request)
    key = None
    if request.method == "GET" and "format" not in request.GET:
        key = fragment_cache_key(request, f"deposits:{template}")
        html = cache.get(key) if key else None
        if html is not None:
            return render(request, template, {"deposits_part": {CACHED_HTML: html},
                                              **(extra_context or {})})
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
    recorded = deposits(store)
    if (response := DEPOSITS_EXPORT.respond(request, recorded)) is not None:
        return response
    page = Paginator(recorded, 25).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "handins": handins, "has_handins": bool(handins),
               "deposits_part": {CACHE_KEY: key} if key else {}, **(extra_context or {})}
    return render(request, template, context, status=status)
