"""Two browsers at once: one wins, the other gets a clear message (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection

from hallops.exceptions import DomainError
from hallops.models import ChecklistTick, DutyLog, ShiftType
from hallops.scoping import store_scope
from hallops.services.checklists import checklist_item_tick
from hallops.services.dutylog import duty_log_start, duty_log_submit
from tests.dutyops import helpers as h

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(func, store, n=2):
    """Run `func` in `n` threads at once, each in `store`'s scope as its request would be
    (a thread starts with no scope: context variables are not inherited)."""
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
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


def test_it_lets_one_of_two_submits_win(world):
    log = h.dutylog(world)
    data = h.filled(log)
    results, errors = _race(lambda: duty_log_submit(actor=world.dm_a, log=log, data=data), world.store_a)
    assert len(results) == 1 and len(errors) == 1
    assert errors[0].code == "already_submitted"
    log.refresh_from_db()
    assert log.status == "submitted"


def test_it_lets_one_of_two_ticks_of_the_same_item_win(world):
    run = h.daily_run(world)
    item = h.first_item(run)
    results, errors = _race(
        lambda: checklist_item_tick(actor=world.dm_a, run=run, item=item, status="done"),
        world.store_a)
    assert len(results) == 1 and len(errors) == 1
    assert "dm_a" in errors[0].message or "someone" in errors[0].message.lower()
    assert ChecklistTick.objects.filter(run=run, item=item).count() == 1


def test_it_lets_one_of_two_logs_for_the_same_shift_be_started(world):
    shift = ShiftType.objects.get(store=world.store_a, code="A")
    results, errors = _race(
        lambda: duty_log_start(actor=world.dm_a, store=world.store_a, shift_type=shift),
        world.store_a)
    assert len(results) == 1 and len(errors) == 1
    assert errors[0].code == "duplicate"
    assert DutyLog.objects.count() == 1
