"""Pages of leave, clock corrections, shift swaps and roster planning (every store role asks;
the store manager — and for corrections the duty manager — decides)."""

import datetime
import io

from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallops.actions import run_action
from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.periods import month_dates, month_nav, query_month
from hallops.permissions import (
    STORE_ROLES,
    Role,
    get_for_store_or_404,
    may,
    require_store,
    role_required,
)
from hallops.selectors.attendance import records_needing_correction
from hallops.selectors.roster import roster_warnings
from people import selectors
from people.exports import (
    CORRECTIONS_EXPORT,
    CORRECTIONS_MINE_EXPORT,
    LEAVE_EXPORT,
    LEAVE_MINE_EXPORT,
    STAFFING_EXPORT,
    SWAPS_EXPORT,
    SWAPS_MINE_EXPORT,
)
from people.forms import (
    AnswerForm,
    CorrectionForm,
    DecisionForm,
    LeaveForm,
    MonthForm,
    StaffingRuleForm,
    SwapForm,
)
from people.models import ClockCorrection, LeaveRequest, PeopleRules, ShiftSwap, StaffingRule
from people.services import corrections, leave, roster, swaps

SM, DM = Role.STORE_MANAGER, Role.DUTY_MANAGER


def _refuse_form(message: str):
    def call():
        raise DomainError(message)
    return call


def _decide(request, *, back: str, approve, refuse, approved: str, refused: str):
    """A manager's approve/refuse of a request (leave, correction, swap): one DecisionForm,
    one service call through run_action; `approve`/`refuse` take (reason) and call the service."""
    form = DecisionForm(request.POST)
    back_url = reverse(back)
    if not form.is_valid():
        return run_action(request, _refuse_form(_("Choose to approve or refuse.")),
                          redirect_to=back_url)
    reason = form.cleaned_data["reason"]
    if form.cleaned_data["decision"] == "approve":
        return run_action(request, lambda: approve(reason), success=approved, redirect_to=back_url)
    return run_action(request, lambda: refuse(reason), success=refused, redirect_to=back_url)


# Leave -----------------------------------------------------------------------------------

@role_required(*STORE_ROLES)
@require_http_methods(["GET", "POST"])
def leave_mine(request):
    store = require_store(request)
    requests = selectors.leave_of(store, request.user)[:50]
    if (response := LEAVE_MINE_EXPORT.respond(request, lambda: list(requests))) is not None:
        return response
    form = LeaveForm(request.POST or None, store=store)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = run_action(
            request,
            lambda: leave.leave_request_create(
                actor=request.user, store=store, leave_type=data["leave_type"],
                start_date=data["start_date"], end_date=data["end_date"],
                shift_types=data["shift_types"], reason=data["reason"]),
            success=_("Leave asked for; the store manager decides."),
            redirect_to=reverse("people:leave_mine"), form=form)
        if response is not None:
            return response
    return render(request, "people/leave_mine.html", {
        "form": form, "requests": requests,
        "today": timezone.localdate()})


@role_required(*STORE_ROLES)
@require_POST
def leave_cancel(request, pk):
    store = require_store(request)
    item = get_for_store_or_404(LeaveRequest, request, pk=pk)
    return run_action(
        request, lambda: leave.leave_request_cancel(actor=request.user, store=store, leave=item),
        success=_("Leave request withdrawn."), redirect_to=reverse("people:leave_mine"))


@role_required(SM)
@require_GET
def leave_review(request):
    store = require_store(request)
    pending, decided = selectors.leave_pending(store), selectors.leave_decided(store)
    if (response := LEAVE_EXPORT.respond(request, lambda: [*pending, *decided])) is not None:
        return response
    return render(request, "people/leave_review.html", {
        "pending": pending, "decided": decided, "form": DecisionForm()})


@role_required(SM)
@require_POST
def leave_decide(request, pk):
    store = require_store(request)
    item = get_for_store_or_404(LeaveRequest, request, pk=pk)
    return _decide(
        request, back="people:leave_review",
        approve=lambda reason: leave.leave_request_approve(
            actor=request.user, store=store, leave=item, reason=reason),
        refuse=lambda reason: leave.leave_request_refuse(
            actor=request.user, store=store, leave=item, reason=reason),
        approved=_("Leave approved; the roster shows it."), refused=_("Leave refused."))


# Clock corrections ------------------------------------------------------------------------

@role_required(*STORE_ROLES)
@require_http_methods(["GET", "POST"])
def correction_mine(request):
    store = require_store(request)
    requests = selectors.corrections_of(store, request.user)[:50]
    if (response := CORRECTIONS_MINE_EXPORT.respond(request, lambda: list(requests))) is not None:
        return response
    today = business_date(store=store)
    since = today - datetime.timedelta(days=PeopleRules.current().correction_window_days)
    records = list(selectors.correctable_records(store, request.user, since))
    shifts = list(selectors.unclocked_shifts(store, request.user, since, today))
    form = CorrectionForm(request.POST or None, records=records, shifts=shifts)
    if request.method == "POST" and form.is_valid():
        record, entry = form.target_objects()
        data = form.cleaned_data
        response = run_action(
            request,
            lambda: corrections.clock_correction_request(
                actor=request.user, store=store, side=data["side"],
                corrected_time=data["corrected_time"], reason=data["reason"], record=record,
                roster_entry=entry, corrected_out_time=data["corrected_out_time"]),
            success=_("Correction asked for; the duty manager or store manager decides."),
            redirect_to=reverse("people:correction_mine"), form=form)
        if response is not None:
            return response
    return render(request, "people/correction_mine.html", {
        "form": form, "requests": requests,
        "flagged": records_needing_correction(store, today, user=request.user)})


@role_required(DM, SM)
@require_GET
def correction_review(request):
    store = require_store(request)
    today = business_date(store=store)
    pending, flagged = selectors.corrections_pending(store), records_needing_correction(store, today)
    if (response := CORRECTIONS_EXPORT.respond(request, lambda: [*pending, *flagged])) is not None:
        return response
    return render(request, "people/correction_review.html", {
        "pending": pending, "flagged": flagged, "form": DecisionForm()})


@role_required(DM, SM)
@require_POST
def correction_decide(request, pk):
    store = require_store(request)
    item = get_for_store_or_404(ClockCorrection, request, pk=pk)
    return _decide(
        request, back="people:correction_review",
        approve=lambda reason: corrections.clock_correction_approve(
            actor=request.user, store=store, correction=item, reason=reason),
        refuse=lambda reason: corrections.clock_correction_refuse(
            actor=request.user, store=store, correction=item, reason=reason),
        approved=_("Correction approved; the attendance record shows it."),
        refused=_("Correction refused."))


# Shift swaps ------------------------------------------------------------------------------

@role_required(*STORE_ROLES)
@require_http_methods(["GET", "POST"])
def swap_mine(request):
    store = require_store(request)
    mine_swaps = selectors.swaps_of(store, request.user)
    if (response := SWAPS_MINE_EXPORT.respond(request, lambda: list(mine_swaps.select_related(
            "requester_entry__post", "colleague_entry__post", "decided_by")[:50]))) is not None:
        return response
    today = timezone.localdate()
    mine = list(selectors.swappable_entries(store, request.user, today))
    theirs = list(selectors.colleague_entries(store, request.user, today))
    form = SwapForm(request.POST or None, mine=mine, theirs=theirs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = run_action(
            request,
            lambda: swaps.shift_swap_propose(
                actor=request.user, store=store, mine=form.mine[data["mine"]],
                theirs=form.theirs[data["theirs"]], reason=data["reason"]),
            success=_("Swap proposed; your colleague answers next."),
            redirect_to=reverse("people:swap_mine"), form=form)
        if response is not None:
            return response
    return render(request, "people/swap_mine.html", {
        "form": form, "swaps": mine_swaps[:50],
        "answer_form": AnswerForm()})


@role_required(*STORE_ROLES)
@require_POST
def swap_answer(request, pk):
    store = require_store(request)
    item = get_for_store_or_404(ShiftSwap, request, pk=pk)
    form = AnswerForm(request.POST)
    back = reverse("people:swap_mine")
    if not form.is_valid():
        return run_action(request, _refuse_form(_("Choose to accept or decline.")),
                          redirect_to=back)
    if form.cleaned_data["answer"] == "accept":
        call = lambda: swaps.shift_swap_accept(  # noqa: E731
            actor=request.user, store=store, swap=item)
        done = _("Swap accepted; the store manager decides next.")
    else:
        call = lambda: swaps.shift_swap_decline(  # noqa: E731
            actor=request.user, store=store, swap=item, reason=form.cleaned_data["reason"])
        done = _("Swap declined.")
    return run_action(request, call, success=done, redirect_to=back)


@role_required(*STORE_ROLES)
@require_POST
def swap_cancel(request, pk):
    store = require_store(request)
    item = get_for_store_or_404(ShiftSwap, request, pk=pk)
    return run_action(
        request, lambda: swaps.shift_swap_cancel(actor=request.user, store=store, swap=item),
        success=_("Swap withdrawn."), redirect_to=reverse("people:swap_mine"))


@role_required(SM)
@require_GET
def swap_review(request):
    store = require_store(request)
    waiting = list(selectors.swaps_waiting_approval(store))
    if (response := SWAPS_EXPORT.respond(request, waiting)) is not None:
        return response
    days = sorted({s.requester_entry.date for s in waiting} | {s.colleague_entry.date
                                                               for s in waiting})
    warnings = []
    for day in days:
        from hallops.selectors.roster import roster_posts

        warnings += roster_warnings(store, list(roster_posts(store, day, day)))
    return render(request, "people/swap_review.html", {
        "waiting": waiting, "warnings": warnings, "form": DecisionForm()})


@role_required(SM)
@require_POST
def swap_decide(request, pk):
    store = require_store(request)
    item = get_for_store_or_404(ShiftSwap, request, pk=pk)
    return _decide(
        request, back="people:swap_review",
        approve=lambda reason: swaps.shift_swap_approve(
            actor=request.user, store=store, swap=item, reason=reason),
        refuse=lambda reason: swaps.shift_swap_refuse(
            actor=request.user, store=store, swap=item, reason=reason),
        approved=_("Swap approved; the roster has changed."), refused=_("Swap refused."))


# Roster planning ---------------------------------------------------------------------------

@role_required(SM)
@require_http_methods(["GET", "POST"])
def staffing(request):
    store = require_store(request)
    rules = selectors.staffing_rules(store)
    if (response := STAFFING_EXPORT.respond(request, rules)) is not None:
        return response
    form = StaffingRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = run_action(
            request,
            lambda: roster.staffing_rule_create(actor=request.user, store=store, **data),
            success=_("Minimum staffing saved."), redirect_to=reverse("people:staffing"),
            form=form)
        if response is not None:
            return response
    return render(request, "people/staffing.html", {
        "form": form, "rules": rules})


@role_required(SM)
@require_POST
def staffing_delete(request, pk):
    store = require_store(request)
    rule = get_for_store_or_404(StaffingRule, request, pk=pk)
    return run_action(
        request, lambda: roster.staffing_rule_delete(actor=request.user, store=store, rule=rule),
        success=_("Minimum staffing removed."), redirect_to=reverse("people:staffing"))


@role_required(*STORE_ROLES)
@require_GET
def roster_month(request):
    store = require_store(request)
    today = timezone.localdate()
    first = query_month(request.GET, "month", today)
    first, last = month_dates(first)
    days, rows = selectors.roster_month_grid(store, first, last)
    leave_labels = selectors.leave_by_entry(store, first, last)
    grid = [(user, [(cell, leave_labels.get((user.pk, day))) for day, cell in zip(days, cells,
                                                                                  strict=True)])
            for user, cells in rows]
    publication = selectors.publication(store, first)
    return render(request, "people/roster_month.html", {
        **month_nav(first), "days": days, "grid": grid, "publication": publication,
        "changes": selectors.changes_since_publication(store, first)[:100] if publication else [],
        "due": roster.publish_due_date(first),
        "may_publish": may(request, roster_publish) and publication is None,
        "may_export": may(request, roster_export), "today": today})


@role_required(SM)
@require_POST
def roster_publish(request):
    store = require_store(request)
    form = MonthForm(request.POST)
    back = reverse("people:roster_month")
    if not form.is_valid():
        return run_action(request, _refuse_form(_("Choose a valid month.")), redirect_to=back)
    month = datetime.date(*map(int, form.cleaned_data["month"].split("-")), 1)
    return run_action(
        request, lambda: roster.roster_month_publish(actor=request.user, store=store, month=month),
        success=_("Roster published; the staff are told."),
        redirect_to=f"{back}?month={month:%Y-%m}")


@role_required(SM)
@require_GET
def roster_export(request):
    store = require_store(request)
    first = query_month(request.GET, "month", timezone.localdate())
    from people.sheets import roster_workbook

    buffer = io.BytesIO()
    roster_workbook(buffer, store=store, month=first)
    buffer.seek(0)
    name = f"roster-{store.code}-{first:%Y-%m}.xlsx"
    return FileResponse(buffer, as_attachment=True, filename=name)
