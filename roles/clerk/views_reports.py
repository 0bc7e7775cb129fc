"""The clerk's daily report (营业日报): start (prefilled from the tally), fill, import, submit."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallops.actions import attempt, run_action
from hallops.businessdate import business_date
from hallops.imports import ImportRefused
from hallops.models import ClerkDailyReport
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.registry import provided
from hallops.selectors.business import active_items
from hallops.selectors.daily_reports import report_counts
from hallops.services.billing_import import clerk_report_import
from hallops.services.daily_reports import (
    clerk_report_refill_from_tally,
    clerk_report_save,
    clerk_report_start,
    clerk_report_submit,
)
from hallops.services.report_receipts import tills_not_handed_in
from roles.clerk.exports import MY_REPORTS_EXPORT
from roles.common.forms_business import DailyReportForm

from .forms_business import ImportForm


def own_report(request, pk) -> ClerkDailyReport:
    """The clerk's own report in the acting store; anyone else's answers 404."""
    queryset = ClerkDailyReport.objects.filter(clerk=request.user).select_related("receipts")
    return get_for_store_or_404(queryset, request, pk=pk)


@role_required(Role.CLERK)
@require_GET
def report_list(request):
    store = require_store(request)
    reports = (ClerkDailyReport.objects.filter(store=store, clerk=request.user)
               .select_related("confirmed_by").order_by("-business_date"))
    if (response := MY_REPORTS_EXPORT.respond(request, reports)) is not None:
        return response
    page = Paginator(reports, 30).get_page(request.GET.get("page"))
    return render(request, "clerk/report_list.html",
                  {"page": page, "today": business_date(store=store)})


@role_required(Role.CLERK)
@require_POST
def report_start(request):
    store = require_store(request)
    try:
        day = datetime.date.fromisoformat(request.POST.get("date") or "")
    except ValueError:
        day = business_date(store=store)

    def started(result):
        # Two messages, in this order: shown here rather than returned to run_action.
        report, created = result
        if created:
            messages.success(request, _("Report started, prefilled from your tally."))
        if not report.was_rostered:
            messages.warning(request, _("You were not on the roster on %(date)s; the duty "
                                        "manager will see this.") % {"date": report.business_date})

    return run_action(
        request, lambda: clerk_report_start(clerk=request.user, store=store, day=day),
        success=started,
        redirect_to=lambda result: reverse("clerk:report", args=[result[0].pk]),
        error_redirect_to=reverse("clerk:reports"),
    )


def _form(request, report, data=None):
    types, lines = active_items()
    return DailyReportForm(data, types=types, lines=lines, counts=report_counts(report),
                           report=report)


@role_required(Role.CLERK)
@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    report = own_report(request, pk)
    form = _form(request, report, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not report.is_editable_by_clerk:
            messages.error(request, _("This report is %(status)s and can no longer be edited.")
                           % {"status": report.get_status_display()})
            return redirect("clerk:report", pk=report.pk)
        if form.is_valid():
            saved, _result = attempt(
                request,
                lambda: clerk_report_save(actor=request.user, report=report, counts=form.counts(),
                                          fields=form.report_fields(), receipts=form.receipts()),
                form=form,
            )
            if saved:
                if request.POST.get("then") == "submit":
                    return report_submit(request, pk)
                messages.success(request, _("Report saved."))
                return redirect("clerk:report", pk=report.pk)
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    # Submitting needs the day's till handed in first: say so rather than offer a button
    # that can only fail.
    return render(request, "clerk/report_form.html",
                  {"report": report, "form": form, "import_form": ImportForm(),
                   "editable": report.is_editable_by_clerk,
                   "tills_pending": tills_not_handed_in(report),
                   "materials_check": provided("materials_day_check", report=report)})


@role_required(Role.CLERK)
@require_POST
def report_submit(request, pk):
    report = own_report(request, pk)
    return run_action(
        request, lambda: clerk_report_submit(actor=request.user, report=report),
        success=_("Report submitted to the duty manager."),
        redirect_to=reverse("clerk:report", args=[report.pk]),
    )


@role_required(Role.CLERK)
@require_POST
def report_import(request, pk):
    report = own_report(request, pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the .xlsx file exported by the billing system."))
        return redirect("clerk:report", pk=report.pk)

    def list_rows(error):
        if isinstance(error, ImportRefused):
            for line in error.errors[:50]:
                messages.error(request, line)

    return run_action(
        request,
        lambda: clerk_report_import(actor=request.user, report=report,
                                    file=form.cleaned_data["file"]),
        success=lambda count: _("%(count)d counts imported from the billing system.")
        % {"count": count},
        on_error=list_rows, redirect_to=reverse("clerk:report", args=[report.pk]),
    )


@role_required(Role.CLERK)
@require_POST
def report_refill(request, pk):
    report = own_report(request, pk)
    return run_action(
        request, lambda: clerk_report_refill_from_tally(actor=request.user, report=report),
        success=_("Counts taken from the tally again."),
        redirect_to=reverse("clerk:report", args=[report.pk]),
    )
