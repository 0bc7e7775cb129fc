"""Core panels on every role's home page, and the shared menu entries."""

import datetime

from django.utils import timezone

from hallops.businessdate import business_date
from hallops.forms import ClockForm
from hallops.models.checklists import DAILY_KINDS
from hallops.permissions import STORE_ROLES, Role
from hallops.registry import provided, register_panel
from hallops.selectors.attendance import clock_card, floor_status
from hallops.selectors.checklists import due_checklists, role_templates
from hallops.selectors.roster import roster_posts, roster_warnings, upcoming_shifts


@register_panel(roles=STORE_ROLES, template="hallops/panels/clock.html", order=10)
def clock_panel(request):
    store = request.acting.store
    card = clock_card(request.user, store, request.acting.role, business_date(store=store))
    return {**card, "clock_form": ClockForm()}


@register_panel(roles=STORE_ROLES, template="hallops/panels/my_shifts.html", order=20)
def my_shifts_panel(request):
    store = request.acting.store
    today = business_date(store=store)
    return {"shifts": upcoming_shifts(request.user, store, today, days=14), "today": today}


@register_panel(
    roles=(Role.DUTY_MANAGER, Role.STORE_MANAGER), template="hallops/panels/floor.html", order=30
)
def floor_panel(request):
    store = request.acting.store
    now = timezone.now()
    day = business_date(now, store=store)
    rows = floor_status(store, day, now)
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("in", "late", "absent", "out", "expected", "on_leave")}
    return {"floor_rows": rows, "floor_day": day, "floor_counts": counts}


@register_panel(roles=(Role.STORE_MANAGER,), template="hallops/panels/roster_warnings.html", order=40)
def roster_warnings_panel(request):
    store = request.acting.store
    today = timezone.localdate()
    end = today + datetime.timedelta(days=13)
    day_posts = list(roster_posts(store, today, end))
    warnings = roster_warnings(store, day_posts)
    # Minimum staffing per post and time band, where the store has set it (people app).
    warnings += provided("staffing_warnings_between", store=store, start=today, end=end) or []
    warnings.sort(key=lambda w: w.date)
    rostered = {day for day, _kind in day_posts}
    empty = [today + datetime.timedelta(days=i) for i in range(14)
             if today + datetime.timedelta(days=i) not in rostered]
    return {"roster_warnings": warnings, "unrostered_days": empty}

# The duty log sections for the shared model (attendance, checklists, faults…).
from hallops import dutylog_sections  # noqa: E402, F401


@register_panel(roles=tuple(r for r in STORE_ROLES if r != Role.DUTY_MANAGER),
                template="hallops/panels/checklists.html", order=12)
def checklists_panel(request):
    """The recurring checklists (daily, weekly, monthly) the acting role runs today, with their
    progress, in one query. The duty manager's panel
    (roles/duty_manager/ui_duty.py) shows its own, the three daily kinds' buttons first."""
    store = request.acting.store
    role = request.acting.role
    day = business_date(store=store)
    templates = role_templates(store, role, day)
    return {"checklists_any": bool(templates), "checklists_day": day,
            "checklists_due": due_checklists(store, role, day, exclude=DAILY_KINDS,
                                             templates=templates)}
