"""The regional supervisor's home: the cockpit of the region's stores (today, trends,
ranking), and the read-only page of one store of the region."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from complaints import selectors as complaint_selectors
from hallops.charts import line_chart, svg_response
from hallops.models import CashHandIn
from hallops.periods import month_nav, query_month
from hallops.permissions import Role, role_required
from hallops.registry import panels_for
from hallops.selectors import checklists as checklist_selectors
from hallops.selectors import equipment, incidents
from hallops.selectors.attendance import floor_status
from hallops.selectors.cash import days_summary_by_store

from . import cockpit
from .exports import COCKPIT_EXPORT, ranking_export
from .forms import CockpitFilterForm


def _table(request, stores):
    """Today's rows, filtered and sorted as the query string asks, and the filter form."""
    form = CockpitFilterForm(request.GET)
    rows, as_of = cockpit.cached_today_rows(request.acting.region, stores)
    data = form.cleaned_data if form.is_valid() else {}
    sort = data.get("sort", "")
    direction = data.get("dir", "")
    descending = direction == "desc" or (direction == "" and sort in cockpit.COLUMN_KEYS)
    rows = cockpit.filter_and_sort(rows, q=data.get("q", ""), level=data.get("level", ""),
                                   column=data.get("col", ""), sort=sort, descending=descending)
    return form, rows, sort, descending, as_of


def _month(request):
    return query_month(request.GET, "month", timezone.localdate())


@role_required(Role.SUPERVISOR)
@require_GET
def home(request):
    """The cockpit: today's state per store and the trend charts (the ranking has its page,
    linked from here: on the home it cost more than the page benchmark allows a home)."""
    if "format" in request.GET:
        _form, rows, *_rest = _table(request, request.acting.stores)
        if (response := COCKPIT_EXPORT.respond(request, rows)) is not None:
            return response
    part = cockpit.cached_part(request.acting.region, request.GET.urlencode(),
                               lambda: _cockpit(request))
    return render(request, "supervisor/home.html", {"cockpit": part, "panels": panels_for(request)})


def _cockpit(request):
    """The cockpit's markup (today's table, its filters and the trends) and its snapshot's time."""
    form, rows, sort, descending, as_of = _table(request, request.acting.stores)
    month = _month(request)
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("dir", None)
    html = render_to_string("supervisor/_cockpit.html", {
        "request": request,
        "today": timezone.localdate(),
        "as_of": as_of,
        "form": form,
        "rows": rows,
        "columns": cockpit.COLUMNS,
        "sort": sort,
        "descending": descending,
        "keep_query": query.urlencode(),
        "month": month,
        **month_nav(month),
        "trend_kinds": cockpit.TRENDS,
    })
    return html, as_of


@role_required(Role.SUPERVISOR)
@require_GET
def ranking(request):
    """The month's store ranking with the change since the month before (exportable)."""
    stores = list(request.acting.stores.order_by("code"))
    month = _month(request)
    counts = cockpit.monthly_counts(request.acting.region, stores, cockpit.ranking_months(month))
    rows = cockpit.ranking(counts, stores, month)
    if (response := ranking_export().respond(request, rows)) is not None:
        return response
    return render(request, "supervisor/ranking.html", {
        "ranking": rows, "rank_columns": cockpit.rank_columns(), "month": month,
        **month_nav(month)})


@role_required(Role.SUPERVISOR)
@require_GET
def trend_chart(request, kind: str):
    """One trend as a line chart over 12 months: the region, and one store when asked."""
    if kind not in cockpit.TRENDS:
        raise Http404
    month = _month(request)
    stores = request.acting.stores
    months = cockpit.trend_months(month)
    counts = cockpit.monthly_counts(request.acting.region, stores, months)
    region_ids = {store_id for store_id, _month in counts}  # the region's stores with figures
    lines = {_("Region"): cockpit.series(counts, kind, months, region_ids)}
    store_id = request.GET.get("store", "")
    if store_id:
        store = get_object_or_404(stores, pk=store_id) if store_id.isdigit() else None
        if store is None:
            raise Http404
        lines[store.name] = cockpit.series(counts, kind, months, [store.pk])
    target = cockpit.trend_target(kind)
    if target is not None:
        lines[_("Target")] = [target] * len(months)
    chart = line_chart(str(cockpit.TRENDS[kind][0]), [f"{m:%Y-%m}" for m in months], lines)
    return svg_response(chart)


@role_required(Role.SUPERVISOR)
@require_GET
def store(request, pk: int):
    """One store of the region, read-only: today's figures behind each cockpit cell."""
    store = get_object_or_404(request.acting.stores, pk=pk)
    now = timezone.now()
    today = timezone.localdate(now)
    row = cockpit.today_rows(request.acting.stores.filter(pk=store.pk), now=now)[0]
    return render(request, "supervisor/store.html", {
        "store": store,
        "row": row,
        "columns": cockpit.COLUMNS,
        "today": today,
        "checklists": checklist_selectors.day_summaries(store, today, now),
        "faults": equipment.open_faults(store),
        "incidents": incidents.store_incidents(store).filter(ended_at__isnull=True),
        "cash": days_summary_by_store([store], [today])[(store.pk, today)],
        "unconfirmed": CashHandIn.objects.filter(session__store=store, confirmed_at__isnull=True)
        .select_related("session__clerk", "handed_in_by").order_by("handed_in_at"),
        "orders": complaint_selectors.open_orders_by_deadline(store, now=now),
        "escalations": complaint_selectors.open_escalations(store),
        "floor": floor_status(store, today, now),
        "trend_kinds": cockpit.TRENDS,
        "month": today.replace(day=1),
    })

