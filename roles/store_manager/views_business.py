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
from hallops.permissions import Role, require_store, role_required
from hallops.selectors.daily_reports import store_day_report
from hallops.selectors.kpi import kpi_month
from hallops.selectors.targets import month_bounds, month_progress, targets_for_month
from hallops.services.daily_reports import store_day_confirm
from hallops.services.targets import targets_save
from roles.common.forms import MonthForm

from .forms_business import DayForm, ServiceRecordFilterForm, StoreDayConfirmForm, TargetsForm

SM = Role.STORE_MANAGER


def _month(request, store) -> datetime.date:
    year, month = MonthForm(request.GET).year_month(business_date(store=store))
    return datetime.date(year, month, 1)


def _month_nav(first: datetime.date) -> dict:
    return {"month": first, "prev_month": (first - datetime.timedelta(days=1)).replace(day=1),
            "next_month": (first + datetime.timedelta(days=32)).replace(day=1)}


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
    form = TargetsForm(request.POST or None, clerks=store_clerks(store),
                       lines=ProductLine.objects.filter(is_active=True), current=current)
    if request.method == "POST":
        if form.is_valid():
            response = run_action(
                request,
                lambda: targets_save(actor=request.user, store=store, month=month,
                                     targets=form.targets()),
                success=lambda changed: _("Targets saved: %(count)d changes.")
                % {"count": changed},
                redirect_to=f"{reverse('store_manager:targets')}?month={month:%Y-%m}",
                render_on_error=True,
            )
            if response is not None:
                return response
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(request, "store_manager/targets.html", {"form": form, **_month_nav(month)})


@role_required(SM)
@require_GET
def progress(request):
    store = require_store(request)
    month = _month(request, store)
    store_rows, per_clerk = month_progress(store, month.year, month.month)
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=list(per_clerk))}
    clerk_rows = sorted(((users[cid], rows) for cid, rows in per_clerk.items()),
                        key=lambda pair: pair[0].get_username())
    return render(request, "store_manager/progress.html",
                  {"store_rows": store_rows, "clerk_rows": clerk_rows, **_month_nav(month)})


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
    form = DayForm(request.GET)
    day = (form.cleaned_data.get("date") if form.is_valid() else None) or business_date(
        store=store)
    report = store_day_report(store, day)
    return render(request, "store_manager/store_report.html", {
        "r": report, "day": day, "prev_day": day - datetime.timedelta(days=1),
        "next_day": day + datetime.timedelta(days=1),
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
    first, last = month_bounds(month.year, month.month)
    records = (ServiceRecord.objects.filter(store=store, business_date__gte=first,
                                            business_date__lte=last)
               .select_related("clerk"))
    by_kind = dict(records.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    retained = records.filter(kind=ServiceRecord.Kind.RETENTION,
                              outcome=ServiceRecord.Outcome.RETAINED).count()
    if form.is_valid() and form.cleaned_data.get("kind"):
        records = records.filter(kind=form.cleaned_data["kind"])
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    kinds = [(value, label, by_kind.get(value, 0)) for value, label in ServiceRecord.Kind.choices]
    return render(request, "store_manager/service_records.html", {
        "page": page, "form": form, "kinds": kinds, "retained": retained,
        "retention_total": by_kind.get(ServiceRecord.Kind.RETENTION, 0), **_month_nav(month),
    })


@role_required(SM)
@require_GET
def kpi(request):
    store = require_store(request)
    month = _month(request, store)
    rows = kpi_month(store, month.year, month.month, today=business_date(store=store))
    return render(request, "store_manager/kpi.html",
                  {"rows": rows, "complaints_known": any(r.complaints is not None for r in rows),
                   **_month_nav(month)})
