"""The clerk's till screen: float, safe drops, blind count, differences and hand-in."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hallops.actions import attempt
from hallops.businessdate import business_date
from hallops.formtokens import token_spend, token_used
from hallops.models import TillSession
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.selectors.cash import reasons_for, sessions_for_day_qs, till_figures
from hallops.selectors.cash_steps import handin_waits
from hallops.services.cash import (
    till_count_record,
    till_differences_explain,
    till_drop_record,
    till_hand_in,
)

from .forms_cash import CountForm, DropForm, ExplainForm, HandInForm


def _own_till(request, pk):
    """The clerk's own till in the acting store; anyone else's answers 404."""
    return get_for_store_or_404(
        sessions_for_day_qs(request.acting.store).filter(clerk=request.user), request, pk=pk)


def _till_context(session, reasons, *, forms=None):
    forms = forms or {}
    figures = till_figures(session)
    ctx = {"session": session, "figures": figures}
    if session.status == TillSession.Status.OPEN:
        ctx["drop_form"] = forms.get("drop") or DropForm()
        ctx["count_form"] = forms.get("count") or CountForm()
    elif session.status == TillSession.Status.COUNTED:
        if figures.differences:
            ctx["explain_form"] = forms.get("explain") or ExplainForm(
                lines=figures.differences, reasons=reasons,
                initial=_explain_initial(session))
        ctx["waits"] = handin_waits(session, figures)
        if not ctx["waits"]:  # not offered while it can only fail
            ctx["handin_form"] = forms.get("handin") or HandInForm()
    return ctx


def _explain_initial(session):
    initial = {}
    for d in session.differences.all():
        initial[f"{d.method}-reason"] = d.reason_id
        initial[f"{d.method}-note"] = d.note
        initial[f"{d.method}-destination"] = d.destination
    return initial


def _render_till(request, *, bound=None, status=200):
    store = require_store(request)
    today = business_date(store=store)
    sessions = list(
        sessions_for_day_qs(store).filter(clerk=request.user)
        .filter(Q(business_date=today) | ~Q(status=TillSession.Status.CONFIRMED))
        .order_by("business_date", "shift_type__starts_at")
    )
    reasons = list(reasons_for(store))
    tills = []
    for session in sessions:
        forms = bound[1] if bound and bound[0] == session.pk else None
        tills.append(_till_context(session, reasons, forms=forms))
    return render(request, "clerk/till.html", {"tills": tills, "today": today}, status=status)


@role_required(Role.CLERK)
@require_GET
def till(request):
    return _render_till(request)


def _act(request, session, form_key, form, call):
    """Validate, call the service, redirect; on error show the page again with the form."""
    if form.is_valid():
        done, _result = attempt(request, lambda: call(form), form=form, error_message=True)
        if done:
            return None
    else:
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return _render_till(request, bound=(session.pk, {form_key: form}), status=400)


@role_required(Role.CLERK)
@require_POST
def till_drop(request, pk):
    session = _own_till(request, pk)
    form = DropForm(request.POST)
    if form.is_valid() and token_used(request, form):
        messages.info(request, _("This safe drop was already recorded; it was not recorded twice."))
        return redirect("clerk:till")
    response = _act(request, session, "drop", form, lambda f: till_drop_record(
        actor=request.user, session=session, amount=f.cleaned_data["amount"],
        envelope_no=f.cleaned_data["envelope_no"]))
    if response is None:
        token_spend(request, form)
        messages.success(request, _("Safe drop recorded."))
        return redirect("clerk:till")
    return response


@role_required(Role.CLERK)
@require_POST
def till_count(request, pk):
    session = _own_till(request, pk)
    form = CountForm(request.POST)
    response = _act(request, session, "count", form, lambda f: till_count_record(
        actor=request.user, session=session, notes=f.notes(), non_cash=f.non_cash()))
    if response is None:
        messages.success(request, _("Count recorded. The expected figures are shown below."))
        return redirect("clerk:till")
    return response


@role_required(Role.CLERK)
@require_POST
def till_explain(request, pk):
    session = _own_till(request, pk)
    figures = till_figures(session)
    form = ExplainForm(request.POST, lines=figures.differences,
                       reasons=list(reasons_for(session.store)))
    response = _act(request, session, "explain", form, lambda f: till_differences_explain(
        actor=request.user, session=session, explanations=f.explanations()))
    if response is None:
        session.refresh_from_db()
        if session.needs_approval:
            messages.warning(request, _("Differences recorded. One is beyond tolerance: the "
                                        "store manager must approve before the hand-in."))
        else:
            messages.success(request, _("Differences recorded."))
        return redirect("clerk:till")
    return response


@role_required(Role.CLERK)
@require_POST
def till_handin(request, pk):
    session = _own_till(request, pk)
    form = HandInForm(request.POST)
    response = _act(request, session, "handin", form, lambda f: till_hand_in(
        actor=request.user, session=session, bag_no=f.cleaned_data["bag_no"],
        seal_no=f.cleaned_data["seal_no"]))
    if response is None:
        messages.success(request, _("Takings handed in. The duty manager confirms receipt."))
        return redirect("clerk:till")
    return response
