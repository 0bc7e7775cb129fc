"""What only PostgreSQL shows: the trigger refusing changes to confirmed movements, and row
locks when two sessions issue the same range at once."""

import threading

import pytest
from django.db import DatabaseError, connection, connections, models, transaction

from hallops.exceptions import DomainError
from hallops.scoping import store_scope
from materials.ledger import clerk_place, item_state
from materials.models import Movement, MovementKind
from materials.services import movement_issue, movement_receive
from tests.materials.helpers import make_items, sim

pytestmark = pytest.mark.postgres


@pytest.mark.django_db
def test_it_refuses_an_update_of_a_movement_in_the_database(world):
    items = make_items()
    m = movement_receive(actor=world.sm_a, store=world.store_a, item=items.sim, reference="DN",
                         first_serial=sim(1), last_serial=sim(10))
    raw = models.QuerySet(model=Movement).filter(pk=m.pk)
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        raw.update(quantity=1)
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        raw.delete()
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("UPDATE materials_movement SET last_serial = %s WHERE id = %s",
                       [sim(99), m.pk])
    m.refresh_from_db()
    assert m.quantity == 10 and m.last_serial == sim(10)


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_sessions_issue_the_same_range(world):
    from tests import factories

    items = make_items()
    dm_2 = factories.make_user("dm_a2", role="duty_manager", store=world.store_a)
    clerk_2 = factories.make_user("clerk_a2", role="clerk", store=world.store_a)
    rounds = 10
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.sim, reference="DN",
                     first_serial=sim(1), last_serial=sim(rounds * 10))
    for i in range(rounds):
        barrier = threading.Barrier(2)
        results = []
        first, last = sim(i * 10 + 1), sim(i * 10 + 10)

        def issue(actor, clerk):
            try:
                with store_scope(world.store_a):
                    barrier.wait(timeout=10)
                    movement_issue(actor=actor, store=world.store_a, item=items.sim, clerk=clerk,
                                   first_serial=first, last_serial=last)
                results.append("ok")
            except DomainError:
                results.append("refused")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=issue, args=a)
                   for a in ((world.dm_a, world.clerk_a), (dm_2, clerk_2))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(results) == ["ok", "refused"], f"round {i}: {results}"
    assert Movement.objects.filter(kind=MovementKind.ISSUED).count() == rounds
    state = item_state(world.store_a, items.sim)
    held = state.quantity(clerk_place(world.clerk_a.pk)) + state.quantity(clerk_place(clerk_2.pk))
    assert held == rounds * 10 and state.held() == rounds * 10
