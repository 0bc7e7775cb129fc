"""The duty manager's business pages: the morning meeting and confirming daily reports."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallops.actions import run_action
from hallops.businessdate import business_date
from hallops.models import AttendanceRecord, ClerkDailyReport, MeetingTarget, PostKind, RosterEntry
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.registry import provided
from hallops.selectors.business import active_items
from hallops.selectors.daily_reports import report_counts, reports_for_store
from hallops.selectors.meetings import meeting_attendees, meeting_for_day
from hallops.services.daily_reports import (
    clerk_report_amend,
    clerk_report_confirm,
    clerk_report_return,
)
from hallops.services.meetings import meeting_record, yesterday_results
from roles.common.exports import DAILY_REPORTS_EXPORT
from roles.common.forms_business import DailyReportForm

from .forms_business import AmendReasonForm, MeetingForm, ReturnForm

DM = Role.DUTY_MANAGER


@role_required(DM)
@require_http_methods(["GET", "POST"])
def meeting(request):
    store = require_store(request)
    day = business_date(store=store)
    current = meeting_for_day(store, day)
    rostered = list(RosterEntry.objects.filter(store=store, date=day)
                    .select_related("user", "post", "shift_type")
                    .order_by("shift_type__starts_at", "user__username"))
    clerks = list({e.user_id: e.user for e in rostered if e.post.kind != PostKind.DUTY_MANAGER}.values())
    _types, lines = active_items()
    targets = {}
    if current is not None:
        targets = {(t.clerk_id, t.product_line_id): t.quantity
                   for t in MeetingTarget.objects.filter(meeting=current)}
    initial = ({"notices": current.notices, "training_topic": current.training_topic}
               if current else None)
    form = MeetingForm(request.POST or None, initial=initial, clerks=clerks, lines=lines,
                       current=targets)
    if request.method == "POST":
        if form.is_valid():
            response = run_action(
                request,
                lambda: meeting_record(actor=request.user, store=store, day=day,
                                       notices=form.cleaned_data["notices"],
                                       training_topic=form.cleaned_data["training_topic"],
                                       targets=form.targets()),
                success=_("Morning meeting saved; the clerks see it now."),
                redirect_to=reverse("duty_manager:meeting"), render_on_error=True,
            )
            if response is not None:
                return response
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    present = set(AttendanceRecord.objects.filter(store=store, business_date=day)
                  .values_list("user_id", flat=True))
    return render(request, "duty_manager/meeting.html", {
        "day": day, "meeting": current, "form": form, "rostered": rostered, "present": present,
        "attendees": meeting_attendees(current) if current else [],
        "results": current.yesterday_results if current else yesterday_results(store, day),
    })


@role_required(DM)
@require_GET
def report_list(request):
    store = require_store(request)
    pending = reports_for_store(store, status=ClerkDailyReport.Status.SUBMITTED)
    recent = reports_for_store(store).exclude(status=ClerkDailyReport.Status.SUBMITTED)
    if (response := DAILY_REPORTS_EXPORT.respond(request, reports_for_store(store))) is not None:
        return response
    page = Paginator(recent, 30).get_page(request.GET.get("page"))
    return render(request, "duty_manager/report_list.html",
                  {"pending": pending[:100], "page": page})


def _report(request, pk):
    return get_for_store_or_404(
        ClerkDailyReport.objects.select_related("clerk", "receipts", "confirmed_by"),
        request, pk=pk)


def _form(report, data=None):
    types, lines = active_items()
    return DailyReportForm(data, types=types, lines=lines, counts=report_counts(report),
                           report=report)


@role_required(DM)
@require_GET
def report_detail(request, pk):
    report = _report(request, pk)
    return render(request, "duty_manager/report_detail.html", {
        "report": report, "form": _form(report), "return_form": ReturnForm(),
        "materials_check": provided("materials_day_check", report=report),
    })


@role_required(DM)
@require_POST
def report_confirm(request, pk):
    report = _report(request, pk)
    return run_action(
        request, lambda: clerk_report_confirm(actor=request.user, report=report),
        success=_("Report confirmed and locked."), redirect_to=reverse("duty_manager:reports"),
    )


@role_required(DM)
@require_POST
def report_return(request, pk):
    report = _report(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the report is returned."))
        return redirect("duty_manager:report", pk=report.pk)
    return run_action(
        request,
        lambda: clerk_report_return(actor=request.user, report=report,
                                    reason=form.cleaned_data["reason"]),
        success=_("Report returned to the clerk."), redirect_to=reverse("duty_manager:reports"),
    )


@role_required(DM, Role.STORE_MANAGER)
@require_http_methods(["GET", "POST"])
def report_amend(request, pk):
    """Correct a confirmed report; the reason and the before/after go to the audit trail."""
    report = _report(request, pk)
    data = request.POST if request.method == "POST" else None
    form = _form(report, data)
    reason_form = AmendReasonForm(data)
    if report.status != ClerkDailyReport.Status.CONFIRMED:
        messages.error(request, _("Only a confirmed report is amended; edit or return the others."))
        if request.acting.role == DM:
            return redirect("duty_manager:report", pk=report.pk)
        return redirect("store_manager:store_report")
    if request.method == "POST":
        if form.is_valid() and reason_form.is_valid():
            response = run_action(
                request,
                lambda: clerk_report_amend(actor=request.user, report=report,
                                           reason=reason_form.cleaned_data["reason"],
                                           counts=form.counts(), fields=form.report_fields(),
                                           receipts=form.receipts()),
                form=form, success=_("Report amended; the change is in the audit trail."),
                redirect_to=reverse("duty_manager:report_amend", args=[report.pk]),
            )
            if response is not None:
                return response
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(request, "duty_manager/report_amend.html",
                  {"report": report, "form": form, "reason_form": reason_form})

