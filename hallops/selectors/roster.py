"""Reads of the roster, always scoped to a store."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from hallops.models import PostKind, RosterEntry
from hallops.permissions import STORE_ROLES
from hallops.registry import provided


def store_staff(store):
    """People who hold a store role in `store` (for rosters and pickers)."""
    return (
        get_user_model()
        .objects.filter(
            role_assignments__store=store,
            role_assignments__role__in=STORE_ROLES,
            role_assignments__is_active=True,
            is_active=True,
        )
        .distinct()
        .select_related("profile")
        .order_by("profile__employee_no", "username")
    )


def roster_between(store, start: datetime.date, end: datetime.date):
    """Roster entries of a store for dates in [start, end]."""
    return (
        RosterEntry.objects.filter(store=store, date__gte=start, date__lte=end)
        .select_related("user", "shift_type", "post")
        .order_by("date", "shift_type__starts_at", "user__username")
    )


@dataclass
class DayWarning:
    date: datetime.date
    message: str


def roster_posts(store, start: datetime.date, end: datetime.date):
    """(date, post kind) of each roster entry in [start, end]: what the warnings need, without
    building an entry, a person, a shift and a post per row (the manager's home reads 14 days)."""
    return RosterEntry.objects.filter(
        store=store, date__gte=start, date__lte=end, on_leave=False
    ).values_list("date", "post__kind").order_by()


def roster_warnings(store, day_posts) -> list[DayWarning]:
    """Days with no duty manager, or fewer counter staff than the store's minimum.

    `day_posts`: (date, post kind) pairs, one per roster entry working that day (`roster_posts`:
    a shift on approved leave counts in no staffing figure)."""
    by_day: dict[datetime.date, list] = defaultdict(list)
    for day, kind in day_posts:
        by_day[day].append(kind)
    warnings = []
    for day in sorted(by_day):
        kinds = by_day[day]
        if PostKind.DUTY_MANAGER not in kinds:
            warnings.append(DayWarning(day, _("No duty manager is rostered.")))
        counter = kinds.count(PostKind.COUNTER)
        if counter < store.min_counter_staff:
            warnings.append(
                DayWarning(
                    day,
                    _("Only %(count)d counter staff rostered; the store needs %(min)d.")
                    % {"count": counter, "min": store.min_counter_staff},
                )
            )
    return warnings


def roster_week_grid(store, monday: datetime.date):
    """(days, rows, warnings) for the week grid; rows are (user, [entries per day])."""
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    entries = list(roster_between(store, days[0], days[-1]))
    cells: dict[tuple[int, datetime.date], list] = defaultdict(list)
    for entry in entries:
        cells[(entry.user_id, entry.date)].append(entry)
    rows = [(user, [cells.get((user.pk, d), []) for d in days]) for user in store_staff(store)]
    working = [e for e in entries if not e.on_leave]
    warnings = roster_warnings(store, [(e.date, e.post.kind) for e in working])
    # Minimum staffing per post and time band, where the store has set it (people app).
    warnings += provided("staffing_warnings", store=store, days=days, entries=working) or []
    # A day with nobody at all is the worst case of both warnings.
    rostered_days = {e.date for e in working}
    for day in days:
        if day not in rostered_days:
            warnings.append(DayWarning(day, _("Nobody is rostered.")))
    warnings.sort(key=lambda w: w.date)
    return days, rows, warnings


def upcoming_shifts(user, store, start: datetime.date, days: int = 14):
    return (
        RosterEntry.objects.filter(
            store=store, user=user, date__gte=start, date__lt=start + datetime.timedelta(days=days)
        )
        .select_related("shift_type", "post")
        .order_by("date", "shift_type__starts_at")
    )
