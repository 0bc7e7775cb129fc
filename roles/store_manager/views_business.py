"""The store manager's business pages: targets, progress, store daily report, service
records per month and the month-end KPI table."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallops.actions import run_action
from hallops.businessdate import business_date
from hallops.charts import bar_chart, svg_response
from hallops.models import ProductLine, ServiceRecord
from hallops.people import display_name
from hallops.periods import month_dates, month_nav, query_day, query_month, shift_days
from hallops.permissions import Role, require_store, role_required
from hallops.selectors.daily_reports import store_day_report
from hallops.selectors.kpi import kpi_month
from hallops.selectors.targets import month_progress, targets_for_month
from hallops.services.daily_reports import store_day_confirm
from hallops.services.targets import targets_save
from roles.common.exports import KPI_EXPORT, PROGRESS_EXPORT, SERVICE_RECORDS_EXPORT

from .exports import targets_export
from .forms_business import ServiceRecordFilterForm, StoreDayConfirmForm, TargetsForm

SM = Role.STORE_MANAGER


def _month(request, store) -> datetime.date:
    return query_month(request.GET, "month", business_date(store=store))


def store_clerks(store):
    return (get_user_model().objects.filter(role_assignments__store=store,
                                            role_assignments__role=Role.CLERK,
                                            role_assignments__is_active=True)
            .distinct().order_by("username"))


@role_required(SM)
@require_http_methods(["GET", "POST"])
def targets(request):
    store = require_store(request)
    month = _month(request, store)
    current = {(t.clerk_id, t.product_line_id): t.quantity
               for t in targets_for_month(store, month)}
    clerks, lines = list(store_clerks(store)), list(ProductLine.objects.filter(is_active=True))
    export_rows = [(owner, {line.pk: current.get((owner.pk if owner else None, line.pk))
                            for line in lines}) for owner in [None, *clerks]]
    if (response := targets_export(lines).respond(request, export_rows)) is not None:
        return response
    form = TargetsForm(request.POST if request.method == "POST" else None, clerks=clerks,
                       lines=lines, current=current)
    if request.method == "POST":
        if form.is_valid():
            def keep_removal_question(error):
                if error.code == "confirm_removals":
                    form.removal_message = error.message

            response = run_action(
                request,
                lambda: targets_save(actor=request.user, store=store, month=month,
                                     targets=form.targets(),
                                     confirm_removals=form.cleaned_data["confirm_removals"]),
                success=lambda changed: _("Targets saved: %(count)d changes.")
                % {"count": changed},
                redirect_to=f"{reverse('store_manager:targets')}?month={month:%Y-%m}",
                render_on_error=True, on_error=keep_removal_question,
            )
            if response is not None:
                return response
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(request, "store_manager/targets.html", {"form": form, **month_nav(month)})


@role_required(SM)
@require_GET
def progress(request):
    store = require_store(request)
    month = _month(request, store)
    store_rows, per_clerk = month_progress(store, month.year, month.month)
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=list(per_clerk))}
    clerk_rows = sorted(((users[cid], rows) for cid, rows in per_clerk.items()),
                        key=lambda pair: pair[0].get_username())
    export_rows = [(_("Whole store"), r) for r in store_rows]
    export_rows += [(clerk, r) for clerk, rows in clerk_rows for r in rows]
    if (response := PROGRESS_EXPORT.respond(request, export_rows)) is not None:
        return response
    return render(request, "store_manager/progress.html",
                  {"store_rows": store_rows, "clerk_rows": clerk_rows, **month_nav(month)})


@role_required(SM)
@require_GET
def progress_chart(request):
    """Per clerk: marketing achieved against target in the month (all product lines)."""
    store = require_store(request)
    month = _month(request, store)
    store_rows, per_clerk = month_progress(store, month.year, month.month)
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=list(per_clerk))}
    ids = sorted(per_clerk, key=lambda cid: users[cid].get_username())
    chart = bar_chart(
        _("Marketing by clerk %(month)s") % {"month": f"{month:%Y-%m}"},
        [display_name(users[cid]) for cid in ids],
        {_("Actual"): [sum(r.actual for r in per_clerk[cid]) for cid in ids],
         _("Target"): [sum(r.target or 0 for r in per_clerk[cid]) for cid in ids]},
    )
    return svg_response(chart)


@role_required(SM)
@require_GET
def store_report(request):
    store = require_store(request)
    day = query_day(request.GET, "date", business_date(store=store))
    report = store_day_report(store, day)
    return render(request, "store_manager/store_report.html", {
        "r": report, "day": day, "prev_day": shift_days(day, -1), "next_day": shift_days(day, 1),
    })


@role_required(SM)
@require_POST
def store_day_confirm_view(request):
    store = require_store(request)
    form = StoreDayConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid business date."))
        return redirect("store_manager:store_report")
    day = form.cleaned_data["date"]
    return run_action(
        request,
        lambda: store_day_confirm(actor=request.user, store=store, day=day,
                                  note=form.cleaned_data["note"]),
        success=_("The store's day %(date)s is confirmed.") % {"date": day},
        redirect_to=f"{reverse('store_manager:store_report')}?date={day:%Y-%m-%d}",
    )


@role_required(SM)
@require_GET
def service_records(request):
    store = require_store(request)
    form = ServiceRecordFilterForm(request.GET)
    month = _month(request, store)
    first, last = month_dates(month)
    records = (ServiceRecord.objects.filter(store=store, business_date__gte=first,
                                            business_date__lte=last)
               .select_related("clerk"))
    by_kind = dict(records.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    retained = records.filter(kind=ServiceRecord.Kind.RETENTION,
                              outcome=ServiceRecord.Outcome.RETAINED).count()
    if form.is_valid() and form.cleaned_data.get("kind"):
        records = records.filter(kind=form.cleaned_data["kind"])
    if (response := SERVICE_RECORDS_EXPORT.respond(request, records)) is not None:
        return response
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    kinds = [(value, label, by_kind.get(value, 0)) for value, label in ServiceRecord.Kind.choices]
    return render(request, "store_manager/service_records.html", {
        "page": page, "form": form, "kinds": kinds, "retained": retained,
        "retention_total": by_kind.get(ServiceRecord.Kind.RETENTION, 0), **month_nav(month),
    })


@role_required(SM)
@require_GET
def kpi(request):
    store = require_store(request)
    month = _month(request, store)
    rows = kpi_month(store, month.year, month.month, today=business_date(store=store))
    if (response := KPI_EXPORT.respond(request, rows)) is not None:
        return response
    return render(request, "store_manager/kpi.html",
                  {"rows": rows, "complaints_known": any(r.complaints is not None for r in rows),
                   **month_nav(month)})
