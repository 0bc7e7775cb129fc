"""Acting as one of several roles or stores; store scoping of reads and objects."""

import datetime

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from hallops.models import RoleAssignment, RosterEntry
from hallops.permissions import (
    SESSION_ROLE,
    SESSION_STORE,
    Role,
    get_for_store_or_404,
    resolve_acting,
)
from tests import factories
from tests.conftest import login
from tests.hallops.helpers import flashed, say


@pytest.fixture
def multi(world):
    """A person who is a clerk and duty manager in store A, and store manager in store B."""
    user = factories.make_user("multi", role=Role.CLERK, store=world.store_a)
    factories.grant(user, Role.DUTY_MANAGER, store=world.store_a)
    factories.grant(user, Role.STORE_MANAGER, store=world.store_b)
    return user


def assignment(user, role, store):
    return RoleAssignment.objects.get(user=user, role=role, store=store)


def test_it_switches_and_remembers_the_choice(world, multi):
    client = login(multi)
    target = assignment(multi, Role.STORE_MANAGER, world.store_b)
    response = client.post(reverse("acting_switch"), {"assignment": target.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("store_manager:home")
    assert flashed(response) == [say(
        "zh-hans", "You are now acting as %(role)s in %(scope)s.",
        role=say("zh-hans", "Store manager"), scope=str(world.store_b))]
    assert client.session[SESSION_ROLE] == Role.STORE_MANAGER
    assert client.session[SESSION_STORE] == world.store_b.pk

    # The next requests (same session) act as B's store manager.
    assert client.get(reverse("home"))["Location"] == reverse("store_manager:home")
    response = client.get(reverse("store_manager:home"))
    assert response.status_code == 200
    assert response.context["acting"].store == world.store_b
    # The header offers every assignment to switch to.
    html = response.content.decode()
    for held in multi.role_assignments.all():
        assert f'name="assignment" value="{held.pk}"' in html


def test_it_refuses_switching_to_someone_elses_assignment(world, multi):
    client = login(multi)
    foreign = assignment(world.sm_a, Role.STORE_MANAGER, world.store_a)
    for data in ({"assignment": foreign.pk}, {"assignment": "x"}, {}):
        response = client.post(reverse("acting_switch"), data)
        assert response.status_code == 302
        assert flashed(response)[-1] == say("zh-hans", "You do not hold that role.")
    assert SESSION_ROLE not in client.session


def test_it_ignores_an_inactive_assignment(world, multi):
    target = assignment(multi, Role.STORE_MANAGER, world.store_b)
    target.is_active = False
    target.save()
    client = login(multi)
    client.post(reverse("acting_switch"), {"assignment": target.pk})
    assert SESSION_ROLE not in client.session
    assert client.get(reverse("store_manager:home")).status_code == 403


def test_role_required_switches_to_a_role_held_in_the_same_store(world, multi):
    client = login(multi)
    client.post(reverse("acting_switch"),
                {"assignment": assignment(multi, Role.CLERK, world.store_a).pk})
    response = client.get(reverse("duty_manager:home"))
    assert response.status_code == 200
    assert response.context["acting"].role == Role.DUTY_MANAGER
    assert client.session[SESSION_ROLE] == Role.DUTY_MANAGER
    assert client.session[SESSION_STORE] == world.store_a.pk


def test_role_required_does_not_switch_to_a_role_in_another_store(world, multi):
    client = login(multi)
    client.post(reverse("acting_switch"),
                {"assignment": assignment(multi, Role.CLERK, world.store_a).pk})
    # multi is store manager only in B; acting in A, the manager's pages stay closed.
    assert client.get(reverse("store_manager:roster")).status_code == 403
    assert client.session[SESSION_ROLE] == Role.CLERK


def test_a_person_without_a_role_sees_a_clear_page(world):
    nobody = factories.make_user("nobody")
    response = login(nobody).get(reverse("home"))
    assert response.status_code == 403
    assert say("zh-hans", "Your account holds no role in any store yet. Ask your store manager "
                          "or an administrator to assign one.") in response.content.decode()


def test_a_supervisor_sees_only_the_stores_of_their_region(world, clients):
    other_a = factories.make_store("A002", region=world.region_a, name="东风路营业厅")
    closed = factories.make_store("A003", region=world.region_a, name="已关闭营业厅",
                                  is_active=False)
    response = clients.supervisor.get(reverse("supervisor:home"))
    assert response.status_code == 200
    codes = [row.store.code for row in response.context["rows"]]  # the cockpit's table
    assert codes == ["A001", "A002"]
    html = response.content.decode()
    assert other_a.name in html and world.store_b.name not in html and closed.name not in html


def test_a_supervisor_cannot_write(world, clients):
    response = clients.supervisor.post(reverse("clock_in"))
    assert response.status_code == 403
    response = clients.supervisor.post(reverse("store_manager:roster_copy"), {"week": "2025-03-10"})
    assert response.status_code == 403


def _request_as(user, session_role=None, session_store=None):
    request = RequestFactory().get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = user
    if session_role:
        request.session[SESSION_ROLE] = session_role
        request.session[SESSION_STORE] = session_store
    request.acting = resolve_acting(request)
    return request


def test_get_for_store_or_404_answers_404_for_another_stores_object(world):
    mine = factories.roster(world.store_a, world.clerk_a, datetime.date(2025, 3, 3))
    theirs = factories.roster(world.store_b, world.clerk_b, mine.date)
    request = _request_as(world.sm_a)
    assert get_for_store_or_404(RosterEntry, request, pk=mine.pk) == mine
    with pytest.raises(Http404):
        get_for_store_or_404(RosterEntry, request, pk=theirs.pk)
    with pytest.raises(Http404):
        get_for_store_or_404(RosterEntry, request, pk="not-a-number")
    with pytest.raises(Http404):
        get_for_store_or_404(RosterEntry.objects.filter(user=world.dm_a), request, pk=mine.pk)

    supervisor = _request_as(world.supervisor)
    assert get_for_store_or_404(RosterEntry, supervisor, pk=mine.pk) == mine
    with pytest.raises(Http404):
        get_for_store_or_404(RosterEntry, supervisor, pk=theirs.pk)

    nobody = _request_as(factories.make_user("nobody"))
    with pytest.raises(Http404):
        get_for_store_or_404(RosterEntry, nobody, pk=mine.pk)


def test_a_stale_session_choice_falls_back_to_a_held_role(world, multi):
    request = _request_as(multi, session_role=Role.STORE_MANAGER, session_store=world.store_a.pk)
    assert request.acting.role in {Role.CLERK, Role.DUTY_MANAGER}
    assert request.acting.store == world.store_a
