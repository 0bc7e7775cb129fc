"""The floor board (客户分流) for the duty manager, the store's thresholds for the store manager,
and the clerk's desk-ready check (台席秩序)."""

import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from floor.exports import DESK_READY_EXPORT, READINGS_EXPORT
from hallops.actions import run_action
from hallops.businessdate import business_date
from hallops.imports import ImportRefused
from hallops.periods import query_day
from hallops.permissions import Role, require_store, role_required

from . import selectors
from .forms import ActionForm, BoardForm, DeskReadyForm, ImportForm, ThresholdForm
from .models import ActionKind, QueueType
from .services import (
    IMPORT_COLUMNS,
    desk_ready_check_record,
    floor_action_record,
    floor_threshold_save,
    queue_reading_record,
    queue_readings_import,
)

DM, SM, CLERK = Role.DUTY_MANAGER, Role.STORE_MANAGER, Role.CLERK


def _initial(rows) -> dict:
    initial = {}
    for row in rows:
        r = row.reading
        pk = row.queue.pk
        initial[f"desks_{pk}"] = r.desks_open if r else 1
        initial[f"waiting_{pk}"] = r.waiting if r else 0
        initial[f"wait_{pk}"] = r.longest_wait_minutes if r else 0
    return initial


@role_required(DM)
@require_http_methods(["GET", "POST"])
def board(request):
    store = require_store(request)
    day = business_date(store=store)
    rows = selectors.board(store, day)
    queues = [row.queue for row in rows]
    form = BoardForm(request.POST or None, queues=queues, initial=_initial(rows))
    if request.method == "POST":
        if form.is_valid():
            response = run_action(
                request,
                lambda: queue_reading_record(actor=request.user, store=store, readings=form.readings()),
                form=form, success=_("Queues recorded."), redirect_to=reverse("floor:board"))
            if response is not None:
                return response
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    if (response := READINGS_EXPORT.respond(request, selectors.day_readings(store, day))) is not None:
        return response
    return render(request, "floor/board.html", {
        "day": day, "rows": rows, "form": form, "limits": selectors.thresholds(store),
        "cards": [(row, *fields[1:]) for row, fields in zip(rows, form.rows(), strict=True)],
        "any_proposals": any(row.proposals for row in rows), "action_kinds": ActionKind.choices,
        "actions": list(selectors.day_actions(store, day)),
        "readings": list(selectors.day_readings(store, day)[:30]),
    }, status=400 if form.errors else 200)


@role_required(DM)
@require_POST
def action(request):
    store = require_store(request)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what was done; nothing was saved."))
        return redirect("floor:board")
    return run_action(
        request,
        lambda: floor_action_record(actor=request.user, store=store, kind=form.cleaned_data["kind"],
                                    queue_type=form.cleaned_data["queue_type"],
                                    note=form.cleaned_data["note"]),
        success=lambda a: _("Logged at %(time)s: %(action)s.") % {
            "time": timezone.localtime(a.at).strftime("%H:%M"), "action": a.get_kind_display()},
        redirect_to=reverse("floor:board"))


@role_required(DM)
@require_http_methods(["GET", "POST"])
def reading_import(request):
    store = require_store(request)
    errors: list[str] = []
    refused = False
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                count = queue_readings_import(actor=request.user, store=store,
                                              day=form.cleaned_data["day"],
                                              upload=form.cleaned_data["file"])
            except ImportRefused as rejected:
                messages.error(request, rejected.message)
                errors, refused = rejected.errors, True
            else:
                messages.success(request, _("%(count)d queue readings imported.") % {"count": count})
                return redirect("floor:board")
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    else:
        form = ImportForm(initial={"day": business_date(store=store)})
    return render(request, "floor/import.html", {
        "form": form, "errors": errors, "columns": IMPORT_COLUMNS,
        "queues": QueueType.objects.filter(is_active=True),
    }, status=400 if refused or form.errors else 200)


@role_required(DM)
@require_GET
def import_template(request):
    """A workbook with the export's titles and two example rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "queue"
    sheet.append([column.titles[0] for column in IMPORT_COLUMNS])
    queues = list(QueueType.objects.filter(is_active=True)[:2])
    for queue, (time, desks, waiting, wait) in zip(queues, (("10:00", 3, 12, 16), ("10:00", 1, 2, 5)),
                                                   strict=False):
        sheet.append([time, queue.code, desks, waiting, wait])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="queue-export-template.xlsx"'
    return response


@role_required(SM)
@require_http_methods(["GET", "POST"])
def thresholds(request):
    store = require_store(request)
    current = selectors.thresholds(store)
    form = ThresholdForm(request.POST or None, initial={
        "amber_waiting": current.amber_waiting, "amber_wait_minutes": current.amber_wait_minutes,
        "red_waiting": current.red_waiting, "red_wait_minutes": current.red_wait_minutes})
    if request.method == "POST" and form.is_valid():
        response = run_action(
            request, lambda: floor_threshold_save(actor=request.user, store=store, **form.cleaned_data),
            form=form, success=_("Queue thresholds saved."), redirect_to=reverse("floor:thresholds"))
        if response is not None:
            return response
    return render(request, "floor/thresholds.html", {"form": form, "current": current},
                  status=400 if form.errors else 200)


@role_required(CLERK)
@require_http_methods(["GET", "POST"])
def desk_ready(request):
    store = require_store(request)
    day = business_date(store=store)
    items = selectors.desk_ready_items()
    done = selectors.own_desk_ready(store, request.user, day)
    form = DeskReadyForm(request.POST or None, items=items,
                         initial={"ready": [str(i.pk) for i in items]})
    if request.method == "POST" and form.is_valid():
        response = run_action(
            request,
            lambda: desk_ready_check_record(actor=request.user, store=store,
                                            ready_item_ids=form.cleaned_data["ready"],
                                            desk=form.cleaned_data["desk"],
                                            note=form.cleaned_data["note"]),
            form=form, success=_("Desk-ready check recorded."), redirect_to=reverse("floor:desk_ready"))
        if response is not None:
            return response
    return render(request, "floor/desk_ready.html", {"form": form, "done": done, "day": day},
                  status=400 if form.errors else 200)


@role_required(DM, SM)
@require_GET
def desk_ready_day(request):
    store = require_store(request)
    today = business_date(store=store)
    day = query_day(request.GET, "day", today)
    checks = list(selectors.desk_ready_of_day(store, day))
    done_ids = {c.clerk_id for c in checks}
    missing = [u for u in selectors.clerks_on_roster(store, day) if u.pk not in done_ids]
    export_rows = [{"clerk": c.clerk, "check": c} for c in checks] + [{"clerk": u} for u in missing]
    if (response := DESK_READY_EXPORT.respond(request, export_rows)) is not None:
        return response
    return render(request, "floor/desk_ready_day.html", {
        "day": day, "checks": checks, "missing": missing, "items": selectors.desk_ready_items(),
        "base": "store_manager/base.html" if request.acting.role == SM else "duty_manager/base.html",
    })
