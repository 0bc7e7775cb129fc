"""Pages stay fast as data grows: the same number of SQL queries with few rows and many."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hallops.businessdate import business_date, week_start
from hallops.models import AttendanceRecord, AuditEntry, Notification, RoleAssignment, RosterEntry, ShiftType
from hallops.permissions import Role
from tests import factories

# The most queries any of these pages may run (session, user, acting, profile, bell, page…);
# the homes, with a panel per feature, are the largest (35–37 depending on the database).
# What this test guards is that no page grows with rows.
BOUND = 40


def populate(world, *, staff: int, audit: int, notes: int, stores: int, prefix="s",
             with_world=True):
    """Store A gets `staff` more people rostered this week and clocked in today, `audit` audit
    entries, each persona `notes` notifications; region A gets `stores` more stores."""
    store = world.store_a
    today = business_date(store=store)
    monday = week_start(today)
    month_start = today.replace(day=1)
    shift = ShiftType.objects.get(store=store, code="A")
    posts = [factories.post("counter"), factories.post("consult"), factories.post("duty")]
    people = [factories.make_user(f"{prefix}{n:03d}", role=Role.CLERK, store=store)
              for n in range(staff)]
    if with_world:
        people += [world.clerk_a, world.dm_a]
    days = {monday + datetime.timedelta(days=i) for i in range(7)}
    days |= {month_start + datetime.timedelta(days=i) for i in range(min(20, today.day))}
    RosterEntry.objects.bulk_create([
        RosterEntry(store=store, user=p, date=d, shift_type=shift, post=posts[i % 3])
        for i, p in enumerate(people) for d in days
    ])
    entries = RosterEntry.objects.filter(store=store, date=today, user__in=people,
                                         attendance__isnull=True).exclude(user=world.clerk_a)
    start = timezone.now() - datetime.timedelta(hours=1)
    AttendanceRecord.objects.bulk_create([
        AttendanceRecord(store=store, user_id=e.user_id, business_date=today, roster_entry=e,
                         clock_in=start, late_minutes=(7 if i % 2 else 0),
                         late_reason=("堵车" if i % 2 else ""))
        for i, e in enumerate(entries[: max(1, len(entries) // 2)])
    ])
    AuditEntry.objects.bulk_create([
        AuditEntry(actor=people[i % len(people)], store=store, action="roster.entry_created",
                   object_type="hallops.rosterentry", object_id=str(i), object_repr=f"#{i}",
                   before={"post": 1}, after={"post": 2})
        for i in range(audit)
    ])
    recipients = [world.sm_a, world.dm_a, world.clerk_a, world.ch_a, world.supervisor]
    Notification.objects.bulk_create([
        Notification(recipient=r, store=store, message_id="Roster saved: %(count)d changes.",
                     params={"count": i})
        for r in recipients for i in range(notes)
    ])
    for n in range(stores):
        other = factories.make_store(f"{prefix}{n + 100}", region=world.region_a)
        factories.roster(other, factories.make_user(role=Role.CLERK, store=other), today)


PAGES = [
    ("sm_a", "store_manager:home", ""),
    ("dm_a", "duty_manager:home", ""),
    ("clerk_a", "clerk:home", ""),
    ("ch_a", "complaint_handler:home", ""),
    ("supervisor", "supervisor:home", ""),
    ("sm_a", "store_manager:roster", ""),
    ("sm_a", "store_manager:attendance", ""),
    ("sm_a", "store_manager:audit", ""),
    ("sm_a", "store_manager:audit", "?page=2"),
    ("clerk_a", "notifications", ""),
    ("supervisor", "notifications", ""),
]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _measure(clients):
    return {(who, name, query): count_queries(getattr(clients, who), reverse(name) + query)
            for who, name, query in PAGES}


def test_pages_run_the_same_queries_with_few_and_many_rows(
    world, clients, django_assert_max_num_queries
):
    populate(world, staff=1, audit=10, notes=3, stores=1)
    few_counts = _measure(clients)
    populate(world, staff=37, audit=490, notes=57, stores=29, prefix="m", with_world=False)
    assert RosterEntry.objects.filter(store=world.store_a).values("user").distinct().count() >= 40
    many_counts = _measure(clients)
    grew = {page: (few_counts[page], many_counts[page]) for page in few_counts
            if many_counts[page] > few_counts[page]}
    assert not grew, f"queries grew with rows (few, many): {grew}"
    for (who, name, query), n in many_counts.items():
        assert n <= BOUND, f"{name}{query} as {who}: {n} queries"
    # The bound holds for the pytest-django fixture too (one page, many rows).
    with django_assert_max_num_queries(BOUND):
        clients.sm_a.get(reverse("store_manager:roster"))


def test_the_roster_grid_shows_every_person(world, clients):
    personas_of_a = RoleAssignment.objects.filter(store=world.store_a).values("user").distinct().count()
    populate(world, staff=38, audit=0, notes=0, stores=0)
    response = clients.sm_a.get(reverse("store_manager:roster"))
    assert len(response.context["grid"]) == personas_of_a + 38
