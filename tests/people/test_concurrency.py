"""Two taps at once: one request is stored, the other refused (PostgreSQL, real threads)."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from hallops.exceptions import DomainError
from hallops.permissions import Role
from hallops.scoping import store_scope
from people.models import LeaveRequest, LeaveType, ShiftSwap
from people.services.leave import leave_request_create
from people.services.swaps import shift_swap_propose
from tests.factories import make_user, roster

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(func, store, n=2):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            # A thread starts with no scope: each runs as a request of store A would.
            with store_scope(store):
                results.append(func())
        except DomainError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_two_overlapping_leave_requests_at_once_store_one(world):
    day = timezone.localdate() + datetime.timedelta(days=3)
    kind = LeaveType.objects.get(code="annual")
    results, errors = _race(lambda: leave_request_create(
        actor=world.clerk_a, store=world.store_a, leave_type=kind, start_date=day, end_date=day),
        world.store_a)
    assert len(results) == 1 and len(errors) == 1
    assert LeaveRequest.objects.count() == 1


def test_two_swaps_of_one_shift_at_once_store_one(world):
    clerk2 = make_user("clerk_a2", role=Role.CLERK, store=world.store_a)
    day = timezone.localdate() + datetime.timedelta(days=3)
    mine = roster(world.store_a, world.clerk_a, day, "A")
    theirs = roster(world.store_a, clerk2, day + datetime.timedelta(days=1), "C")
    results, errors = _race(lambda: shift_swap_propose(
        actor=world.clerk_a, store=world.store_a, mine=mine, theirs=theirs), world.store_a)
    assert len(results) == 1 and len(errors) == 1
    assert ShiftSwap.objects.count() == 1
