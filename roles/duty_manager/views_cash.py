"""The duty manager's cash board: floats, expected takings, hand-in confirmation, tail cash."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallops.actions import run_action
from hallops.businessdate import business_date
from hallops.imports import ImportRefused
from hallops.models import PaymentMethod, TailCashRecord, TillSession
from hallops.money import format_money
from hallops.people import display_name
from hallops.periods import query_day
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.selectors.cash import (
    cash_policy,
    sessions_for_day,
    sessions_takings,
    tail_cash_limit,
    till_figures,
)
from hallops.services.cash import till_confirm, till_expected_set, till_float_issue
from hallops.services.cash_bank import tail_cash_record
from hallops.services.cash_import import boss_settlement_import

from .forms_cash import (
    ConfirmForm,
    ExpectedForm,
    FloatIssueForm,
    ImportForm,
    TailCashForm,
)


def _day(request, store):
    return query_day(request.GET, "day", business_date(store=store))


def _board_url(day) -> str:
    return f"{reverse('duty_manager:cash_board')}?day={day:%Y-%m-%d}"


def _render_board(request, store, day, *, bound=None, status=200):
    bound = bound or {}
    rows = []
    sessions = list(sessions_for_day(store, day))
    for session in sessions:
        figures = till_figures(session)
        row = {"session": session, "figures": figures}
        if session.status in (TillSession.Status.OPEN, TillSession.Status.COUNTED):
            row["expected_form"] = bound.get(("expected", session.pk)) or ExpectedForm(
                initial={e.method: e.amount for e in session.expected.all()},
                prefix=f"e{session.pk}")
        if session.status == TillSession.Status.HANDED_IN:
            row["confirm_form"] = bound.get(("confirm", session.pk)) or ConfirmForm(
                prefix=f"c{session.pk}")
        rows.append(row)
    takings = sessions_takings(sessions)
    tail = TailCashRecord.objects.filter(store=store, business_date=day).first()
    policy = cash_policy(store)
    context = {
        "day": day,
        "rows": rows,
        "policy": policy,
        "float_form": bound.get("float") or FloatIssueForm(store=store),
        "tail_form": bound.get("tail") or TailCashForm(initial={"day": day}),
        "takings": takings,
        "tail_limit": tail_cash_limit(store, takings, policy=policy),
        "tail": tail,
        "status_counts": {s: sum(1 for r in rows if r["session"].status == s)
                          for s in TillSession.Status.values},
    }
    return render(request, "duty_manager/cash_board.html", context, status=status)


def _fail(request, store, day, key, form, *, refused=False):
    """The board again with the bound form; a refusal was already shown by run_action."""
    if not refused:
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return _render_board(request, store, day, bound={key: form}, status=400)


@role_required(Role.DUTY_MANAGER)
@require_GET
def cash_board(request):
    store = require_store(request)
    return _render_board(request, store, _day(request, store))


@role_required(Role.DUTY_MANAGER)
@require_POST
def cash_float_issue(request):
    store = require_store(request)
    day = business_date(store=store)
    form = FloatIssueForm(request.POST, store=store)
    if not form.is_valid():
        return _fail(request, store, day, "float", form)
    response = run_action(
        request,
        lambda: till_float_issue(actor=request.user, store=store,
                                 clerk=form.cleaned_data["clerk"],
                                 shift_type=form.cleaned_data["shift_type"],
                                 amount=form.cleaned_data["amount"]),
        form=form, error_message=True,
        success=lambda session: _("Float of %(amount)s issued to %(clerk)s.")
        % {"amount": format_money(session.opening_float), "clerk": display_name(session.clerk)},
        redirect_to=_board_url(day),
    )
    return response or _fail(request, store, day, "float", form, refused=True)


@role_required(Role.DUTY_MANAGER)
@require_POST
def cash_expected(request, pk):
    store = require_store(request)
    session = get_for_store_or_404(TillSession, request, pk=pk)
    form = ExpectedForm(request.POST, prefix=f"e{session.pk}")
    key = ("expected", session.pk)
    if not form.is_valid():
        return _fail(request, store, session.business_date, key, form)
    response = run_action(
        request,
        lambda: till_expected_set(actor=request.user, session=session, amounts=form.amounts()),
        form=form, error_message=True,
        success=_("Expected takings saved for %(clerk)s.") % {"clerk": display_name(session.clerk)},
        redirect_to=_board_url(session.business_date),
    )
    return response or _fail(request, store, session.business_date, key, form, refused=True)


@role_required(Role.DUTY_MANAGER)
@require_POST
def cash_confirm(request, pk):
    store = require_store(request)
    session = get_for_store_or_404(TillSession, request, pk=pk)
    form = ConfirmForm(request.POST, prefix=f"c{session.pk}")
    key = ("confirm", session.pk)
    if not form.is_valid():
        return _fail(request, store, session.business_date, key, form)
    response = run_action(
        request,
        lambda: till_confirm(actor=request.user, session=session,
                             received_cash=form.cleaned_data["received_cash"],
                             received_cheque=form.cleaned_data["received_cheque"] or 0),
        form=form, error_message=True,
        success=_("Hand-in of %(clerk)s confirmed.") % {"clerk": display_name(session.clerk)},
        redirect_to=_board_url(session.business_date),
    )
    return response or _fail(request, store, session.business_date, key, form, refused=True)


@role_required(Role.DUTY_MANAGER)
@require_POST
def cash_tail(request):
    store = require_store(request)
    form = TailCashForm(request.POST)
    day = business_date(store=store)
    if not form.is_valid():
        return _fail(request, store, day, "tail", form)
    response = run_action(
        request,
        lambda: tail_cash_record(actor=request.user, store=store, day=form.cleaned_data["day"],
                                 amount=form.cleaned_data["amount"],
                                 note=form.cleaned_data["note"]),
        form=form, error_message=True,
        success=lambda record: (
            (messages.WARNING, _("Tail cash %(amount)s is over the limit of %(limit)s: "
                                 "arrange an extra collection.")
             % {"amount": format_money(record.amount), "limit": format_money(record.limit)})
            if record.over_limit else _("Tail cash recorded.")),
        redirect_to=lambda record: _board_url(record.business_date),
    )
    return response or _fail(request, store, day, "tail", form, refused=True)


@role_required(Role.DUTY_MANAGER)
@require_http_methods(["GET", "POST"])
def cash_import(request):
    store = require_store(request)
    errors: list[str] = []
    refused = False
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                count = boss_settlement_import(actor=request.user, store=store,
                                               day=form.cleaned_data["day"],
                                               upload=form.cleaned_data["file"])
            except ImportRefused as rejected:
                messages.error(request, rejected.message)
                errors, refused = rejected.errors, True
            else:
                messages.success(request, _("Expected takings imported for %(count)d tills.")
                                 % {"count": count})
                return redirect(_board_url(form.cleaned_data["day"]))
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    else:
        form = ImportForm(initial={"day": business_date(store=store)})
    return render(request, "duty_manager/cash_import.html",
                  {"form": form, "errors": errors, "methods": PaymentMethod.choices},
                  status=400 if refused or form.errors else 200)
