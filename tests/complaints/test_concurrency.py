"""Two handlers accepting the same order at the same moment: exactly one wins (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from complaints.models import WorkOrder
from complaints.services import work_order_accept
from hallops.exceptions import DomainError
from hallops.scoping import store_scope
from tests import factories
from tests.complaints.helpers import make_order


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_handlers_accept(world):
    second = factories.make_user("ch_a2", role="complaint_handler", store=world.store_a)
    order = make_order(world)
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(user):
        try:
            barrier.wait()
            with store_scope(world.store_a):  # each thread is one handler's request
                work_order_accept(actor=user, order=WorkOrder.objects.get(pk=order.pk))
            outcomes.append(("won", user.pk))
        except DomainError as error:
            outcomes.append(("lost", error.message))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (world.ch_a, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o[0] for o in outcomes) == ["lost", "won"]
    order.refresh_from_db()
    winner = next(o[1] for o in outcomes if o[0] == "won")
    assert order.status == "accepted" and order.handler_id == winner
    assert order.events.filter(kind="accepted").count() == 1
