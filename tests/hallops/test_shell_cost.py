"""The page shell stays cheap: no session write on every request, and the supervisor's
overview counts each figure with its own grouped query (no join-multiplied aggregate)."""

import datetime

import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hallops.businessdate import business_date
from hallops.models import AttendanceRecord
from hallops.permissions import Role
from tests import factories
from tests.conftest import login


def _session_writes(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries
            if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]


def test_it_does_not_rewrite_the_session_on_every_page(world):
    client = login(world.clerk_a)
    client.get(reverse("clerk:home"))
    assert _session_writes(client, reverse("clerk:home")) == []


def test_it_pushes_the_idle_expiry_back_once_the_refresh_interval_has_passed(world, settings):
    client = login(world.clerk_a)
    client.get(reverse("clerk:home"))
    key = client.session.session_key
    before = Session.objects.get(session_key=key).expire_date
    later = timezone.now() + datetime.timedelta(seconds=settings.SESSION_REFRESH_SECONDS + 5)
    with time_machine.travel(later):
        assert _session_writes(client, reverse("clerk:home")) != []
    assert Session.objects.get(session_key=key).expire_date > before


def test_it_counts_the_supervisors_figures_without_joining_roster_to_attendance(world, clients):
    today = timezone.localdate()
    other = factories.make_store("A002", region=world.region_a)
    people = [factories.make_user(role=Role.CLERK, store=world.store_a) for _ in range(3)]
    entries = [factories.roster(world.store_a, p, today) for p in people]
    factories.roster(other, factories.make_user(role=Role.CLERK, store=other), today)
    start = timezone.now() - datetime.timedelta(hours=1)
    for entry in entries[:2]:
        AttendanceRecord.objects.create(store=world.store_a, user=entry.user, roster_entry=entry,
                                        business_date=business_date(store=world.store_a),
                                        clock_in=start)
    with CaptureQueriesContext(connection) as ctx:
        response = clients.supervisor.get(reverse("supervisor:home"))
    assert response.status_code == 200
    # A semi-join (EXISTS: has this roster entry a clock-in?) counts each entry once; a JOIN
    # of roster to attendance under a count multiplies rows (24-38 s on a year of 50 stores).
    joined = [q["sql"] for q in ctx.captured_queries
              if 'JOIN "hallops_attendancerecord"' in q["sql"]
              and "hallops_rosterentry" in q["sql"]]
    assert joined == []
    figures = {row.store.code: row.cell("attendance").text for row in response.context["rows"]}
    assert figures["A001"].startswith("到岗 2 / 排班 3")
    assert figures["A002"].startswith("到岗 0 / 排班 1")


def test_it_loads_the_profile_with_the_user(world):
    client = login(world.clerk_a)
    client.get(reverse("notifications"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("notifications")).status_code == 200
    alone = [q["sql"] for q in ctx.captured_queries if 'FROM "hallops_staffprofile"' in q["sql"]]
    assert alone == []


def test_it_signs_in_through_the_login_form_with_the_profile_backend(world):
    from django.test import Client

    client = Client()
    response = client.post(reverse("login"), {"username": "clerk_a", "password": "x-Test-pass-42"})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "hallops.auth_backends.ProfileModelBackend"
    assert client.get(reverse("clerk:home")).status_code == 200

