import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallops.actions import run_action
from hallops.audit_display import describe_entries, describe_store_page
from hallops.businessdate import week_start
from hallops.models import AuditEntry
from hallops.periods import month_dates, month_nav, query_month, query_week, week_nav
from hallops.permissions import Role, require_store, role_required
from hallops.registry import panels_for
from hallops.selectors.attendance import attendance_month, corrected_records
from hallops.selectors.roster import roster_week_grid, store_staff
from hallops.services.roster import roster_week_copy, roster_week_save
from reports.listexport import Col, Kind, ListExport

from .exports import roster_week_export
from .forms import AuditFilterForm, RosterGridForm, WeekForm


@role_required(Role.STORE_MANAGER)
@require_GET
def home(request):
    return render(request, "store_manager/home.html", {"panels": panels_for(request)})


def _monday(request) -> datetime.date:
    return query_week(request.GET, "week", timezone.localdate())


@role_required(Role.STORE_MANAGER)
@require_http_methods(["GET", "POST"])
def roster(request):
    store = require_store(request)
    monday = _monday(request)
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    staff = store_staff(store)
    form = RosterGridForm(request.POST or None, store=store, days=days, staff=staff)
    if request.method == "POST":
        if form.is_valid():
            response = run_action(
                request,
                lambda: roster_week_save(
                    actor=request.user, store=store, monday=monday, cells=form.cells()
                ),
                success=lambda changed: _("Roster saved: %(count)d changes.")
                % {"count": changed},
                redirect_to=f"{reverse('store_manager:roster')}?week={monday:%Y-%m-%d}",
                render_on_error=True,
            )
            if response is not None:
                return response
        elif form.non_field_errors():
            for error in form.non_field_errors():
                messages.error(request, error)
        else:
            messages.error(request, _("Some cells hold a shift that does not exist; nothing was saved."))
    days, rows, warnings = roster_week_grid(store, monday)
    if (response := roster_week_export(days).respond(request, rows)) is not None:
        return response
    grid = []
    for user, cells in rows:
        grid_cells = []
        for day, entries in zip(days, cells, strict=True):
            name = form.cell_name(user, day)
            current = f"{entries[0].shift_type_id}:{entries[0].post_id}" if entries else ""
            value = form.data.get(name, current) if form.is_bound else current
            grid_cells.append(
                {"name": name, "value": value, "entries": entries,
                 "options": form.options_html(value)}
            )
        grid.append((user, grid_cells))
    return render(
        request,
        "store_manager/roster.html",
        {
            "monday": monday,
            "days": days,
            "grid": grid,
            "warnings": warnings,
            **week_nav(monday),
        },
    )


@role_required(Role.STORE_MANAGER)
@require_POST
def roster_copy(request):
    store = require_store(request)
    form = WeekForm(request.POST)
    if not form.is_valid() or not form.cleaned_data.get("week"):
        messages.error(request, _("Choose a valid week."))
        return redirect("store_manager:roster")
    monday = week_start(form.cleaned_data["week"])
    return run_action(
        request, lambda: roster_week_copy(actor=request.user, store=store, monday=monday),
        success=lambda count: _("Copied %(count)d shifts from last week.") % {"count": count},
        redirect_to=f"{reverse('store_manager:roster')}?week={monday:%Y-%m-%d}",
    )


ATTENDANCE_EXPORT = ListExport(
    name="attendance", title=_lazy("Attendance"),
    columns=(
        Col(_lazy("Staff"), "user", Kind.PERSON),
        Col(_lazy("Shifts rostered"), "rostered", Kind.INT),
        Col(_lazy("Attended"), "attended", Kind.INT),
        Col(_lazy("Late"), "late", Kind.INT),
        Col(_lazy("Minutes late"), "late_minutes", Kind.INT),
        Col(_lazy("Left early"), "early", Kind.INT),
        Col(_lazy("Absent"), "absent", Kind.INT),
        Col(_lazy("On leave"), "on_leave", Kind.INT),
        Col(_lazy("Not rostered"), "unrostered", Kind.INT),
    ),
)


@role_required(Role.STORE_MANAGER)
@require_GET
def attendance(request):
    store = require_store(request)
    today = timezone.localdate()
    first = query_month(request.GET, "month", today)
    rows = attendance_month(store, first.year, first.month, today=today)
    if (response := ATTENDANCE_EXPORT.respond(request, rows)) is not None:
        return response
    _first, last = month_dates(first)
    return render(request, "store_manager/attendance.html", {
        "rows": rows, "corrected": corrected_records(store, first, last)[:200],
        **month_nav(first)})


def _changes_text(line) -> str:
    return "; ".join(f"{c.label}: {c.old} → {c.new}" if c.old != "—" else f"{c.label}: {c.new}"
                     for c in line.changes)


AUDIT_EXPORT = ListExport(
    name="audit", title=_lazy("Audit trail"), batch=describe_entries,
    columns=(
        Col(_lazy("When"), "at", Kind.DATETIME),
        Col(_lazy("Action"), "sentence", width=50),
        Col(_lazy("Reason"), "reason", width=30),
        Col(_lazy("Changes"), _changes_text, width=60),
    ),
)


@role_required(Role.STORE_MANAGER)
@require_GET
def audit(request):
    store = require_store(request)
    form = AuditFilterForm(request.GET)
    entries = AuditEntry.objects.filter(store=store).select_related("actor")
    if form.is_valid():
        if form.cleaned_data["action"]:
            entries = entries.filter(action=form.cleaned_data["action"])
        if form.cleaned_data["date"]:
            entries = entries.filter(at__date=form.cleaned_data["date"])
    if (response := AUDIT_EXPORT.respond(request, entries)) is not None:
        return response
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    filters = form.cleaned_data if form.is_valid() else {}
    key = f"{page.number}:{filters.get('action') or ''}:{filters.get('date') or ''}"
    return render(request, "store_manager/audit.html",
                  {"page": page, "lines": describe_store_page(store, page.object_list, key=key),
                   "form": form})
