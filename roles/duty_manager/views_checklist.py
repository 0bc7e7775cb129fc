"""The day's checklists and inspections, ticked off on a tablet."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from attachments.selectors import signed_off_days, with_attachments
from hallops.businessdate import business_date
from hallops.models import ChecklistKind, ChecklistRun, Equipment, TickStatus
from hallops.models.checklists import DAILY_KINDS
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.registry import provided
from hallops.selectors.checklists import run_rows, template_for
from hallops.services.checklists import checklist_run_for_day
from roles.common.checklists import tick_item

from .forms_duty import TickForm


@role_required(Role.DUTY_MANAGER)
@require_GET
def checklist(request, kind: str):
    """Today's run of the daily workflow or an inspection (created when first opened)."""
    store = require_store(request)
    if kind not in DAILY_KINDS:
        raise Http404
    kinds = {k.code: k for k in ChecklistKind.objects.filter(code__in=DAILY_KINDS)}
    if kind not in kinds:
        raise Http404
    kind_obj = kinds[kind]
    day = business_date(store=store)
    run = ChecklistRun.objects.filter(
        store=store, kind=kind, business_date=day, incident__isnull=True
    ).select_related("template", "store", "kind").first()
    if run is None and kind_obj.occurs_on(day) and template_for(store, kind) is not None:
        run = checklist_run_for_day(actor=request.user, store=store, kind=kind_obj, day=day)
    rows = run_rows(run) if run else []
    # Photos of the problems found (one query), locked once the day's log is countersigned.
    problems = with_attachments(
        r.tick for r in rows if r.tick and r.tick.status == TickStatus.PROBLEM)
    return render(request, "duty_manager/checklist.html", {
        "attachments_locked": bool(problems) and day in signed_off_days(store, [day]),
        "run": run, "rows": rows, "kind": kind_obj, "day": day,
        "kinds": [kinds[k] for k in DAILY_KINDS if k in kinds],
        "is_inspection": kind_obj.is_inspection,
        "equipment_list": list(Equipment.objects.filter(store=store, is_active=True)),
        "done": sum(1 for r in rows if r.tick),
        # The opening inspection shows publicity that expires today or has expired.
        "expiring_publicity": (provided("publicity_to_take_down", store=store, day=day)
                               if kind_obj.shows_publicity else None),
    })


@role_required(Role.DUTY_MANAGER)
@require_POST
def checklist_tick(request, run_pk: int, item_pk: int):
    store = require_store(request)
    run = get_for_store_or_404(ChecklistRun.objects.select_related("store", "kind"), request,
                               pk=run_pk)
    if run.kind.role != Role.DUTY_MANAGER:  # another role's checklist (the store manager's day)
        raise PermissionDenied
    fallback = (
        reverse("duty_manager:incident", args=[run.incident_id]) if run.incident_id
        else reverse("duty_manager:checklist", args=[run.kind_id])
    )
    return tick_item(request, run, item_pk, form=TickForm(request.POST, store=store),
                     fallback=fallback, extra_fields=("open_fault", "equipment"))
