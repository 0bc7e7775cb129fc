"""Demo data of every feature for `manage.py seed_demo` (and `make run`).

Each feature registers a demo step (`hallops.registry.register_demo_step`) in its own
`demo` module; `HallopsConfig.ready` discovers them. The steps create the data through the
features' services, so audit entries exist and every business rule holds, and they run the
services "as of" the moment each action would have happened (`clock`), so a duty log
submitted yesterday evening carries yesterday evening's times.

Rich data goes to the three demo stores only; generated volume stores (`--stores N`) keep
their roster and attendance. A step skips a store that already has data of its feature, so
seeding twice does not duplicate anything.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock

from django.utils import timezone

from hallops.businessdate import business_date
from hallops.models import RoleAssignment, RosterEntry
from hallops.permissions import Role
from hallops.seeding.base import takings as shared_takings

DEMO_STORE_CODES = ("SJZ001", "SJZ002", "BD001")
# How many past days get rich data (the roster may reach much further back).
HISTORY_DAYS = 6


def demo_stores(stores) -> list:
    return [s for s in stores if s.code in DEMO_STORE_CODES]


@contextmanager
def clock(moment: datetime.datetime):
    """Run services as if it were `moment`: every `timezone.now()` (services, auto_now
    fields, audit entries, business dates) answers `moment` inside the block."""
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute),
                                     tzinfo=timezone.get_current_timezone())


def not_after(moment: datetime.datetime, now: datetime.datetime) -> datetime.datetime:
    """A moment of today's story that has not happened yet is moved to just before now."""
    return min(moment, now - datetime.timedelta(minutes=1))


def today_of(store) -> datetime.date:
    return business_date(store=store)


def past_days(store, days: int) -> list[datetime.date]:
    """The last few business days before today, oldest first."""
    today = today_of(store)
    count = max(0, min(days, HISTORY_DAYS))
    return [today - datetime.timedelta(days=n) for n in range(count, 0, -1)]


def staff(store) -> dict[str, list]:
    """The store's people by role, demo logins (created first) before generated staff."""
    out: dict[str, list] = {}
    for grant in (RoleAssignment.objects.filter(store=store, is_active=True)
                  .select_related("user").order_by("user_id")):
        out.setdefault(grant.role, []).append(grant.user)
    return out


def rostered(store, day: datetime.date, role: str) -> list:
    """People of `role` on the roster of `day`, in user order."""
    user_ids = set(RosterEntry.objects.filter(store=store, date=day).values_list("user_id", flat=True))
    return [u for u in staff(store).get(role, []) if u.pk in user_ids]


def duty_manager_on(store, day: datetime.date):
    people = rostered(store, day, Role.DUTY_MANAGER) or staff(store).get(Role.DUTY_MANAGER, [])
    return people[0] if people else None


def first(store, role: str):
    people = staff(store).get(role, [])
    return people[0] if people else None


def clerks_on(store, day: datetime.date) -> list:
    """Rostered clerks; the store's first clerk (the demo login) always works, so the demo
    login has a till, a tally and a report to look at every day."""
    people = rostered(store, day, Role.CLERK)
    lead = first(store, Role.CLERK)
    if lead is not None and lead not in people:
        people = [lead, *people]
    return people


def takings(store, clerk, day: datetime.date) -> dict[str, Decimal]:
    """A clerk's takings of a day by method; the till and the daily report agree on them
    (the same figures the volume history gives, hallops.seeding.base.takings)."""
    return shared_takings(store.code, clerk.pk, day)


# The steps import the helpers above, so they are imported last.
from . import cash as _cash  # noqa: E402, F401  (registers the steps)
from . import clerk as _clerk  # noqa: E402, F401
from . import duty as _duty  # noqa: E402, F401
from . import floor as _floor  # noqa: E402, F401
