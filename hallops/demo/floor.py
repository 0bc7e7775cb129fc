"""Today's floor for the demo: the demo logins are on today's roster, and whoever's shift
has begun has clocked in (the base seed records attendance for past days only), except
one demo clerk, so a newcomer can try clocking in."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from hallops.businessdate import shift_bounds
from hallops.models import AttendanceRecord, Post, PostKind, RoleAssignment, RosterEntry
from hallops.permissions import Role
from hallops.registry import register_demo_step
from hallops.services.attendance import attendance_clock_in

from . import demo_stores, today_of

# On today's roster with the shift begun, but not clocked in (README's demo logins).
NOT_CLOCKED_IN = "clerk2"


def _demo_logins_on_duty(store, day) -> None:
    """Put the store's demo logins on today's roster, so each finds a working day: the duty
    manager takes today's duty shift over, a clerk or handler off today gets an early shift."""
    from hallops.management.commands.seed_demo import DEMO_LOGINS

    logins = {u for u, _n, role, scope in DEMO_LOGINS if scope == store.code and role != Role.STORE_MANAGER}
    shifts = list(store.shift_types.filter(is_active=True).order_by("starts_at"))
    posts = {p.kind: p for p in Post.objects.all()}
    if not shifts:
        return
    for grant in RoleAssignment.objects.filter(store=store, user__username__in=logins).select_related("user"):
        entries = RosterEntry.objects.filter(store=store, date=day)
        if entries.filter(user=grant.user).exists():
            continue
        if grant.role == Role.DUTY_MANAGER:
            entries.filter(post__kind=PostKind.DUTY_MANAGER).update(user=grant.user)
            if entries.filter(user=grant.user).exists():
                continue
            post = posts.get(PostKind.DUTY_MANAGER)
        else:
            post = posts.get(PostKind.COUNTER)
        if post is not None:
            RosterEntry.objects.create(store=store, user=grant.user, date=day, shift_type=shifts[0], post=post)


def _clock_in(store, day, now) -> None:
    done = set(AttendanceRecord.objects.filter(store=store, business_date=day).values_list("user_id", flat=True))
    for n, entry in enumerate(RosterEntry.objects.filter(store=store, date=day)
                              .select_related("user", "shift_type").order_by("shift_type__starts_at", "user_id")):
        start, _end = shift_bounds(day, entry.shift_type)
        if entry.user_id in done or start > now or entry.user.username == NOT_CLOCKED_IN:
            continue
        late = n == 3  # one clerk caught in traffic
        moment = start + datetime.timedelta(minutes=12 if late else -(5 + n % 10))
        attendance_clock_in(user=entry.user, store=store, now=min(moment, now),
                            reason="公交晚点" if late else "")


@register_demo_step(order=1)
def floor_demo(*, stores, days, rng, stdout) -> None:
    now = timezone.now()
    for store in demo_stores(stores):
        day = today_of(store)
        with transaction.atomic():
            _demo_logins_on_duty(store, day)
            _clock_in(store, day, now)
    stdout.write("Demo: demo logins on today's roster, today's attendance.")
