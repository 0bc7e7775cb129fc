"""What only PostgreSQL can show: the trigger refusing changes to confirmed rows, real
decimals, and row locks under concurrent confirmation."""

import threading
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, connections, models, transaction

from hallops.exceptions import DomainError
from hallops.models import CashAdjustment, CashHandIn, TillCount, TillSession
from hallops.scoping import store_scope
from hallops.services.cash import till_confirm
from tests.cash.helpers import confirmed_till, handed_in_till

pytestmark = pytest.mark.postgres


@pytest.mark.django_db
def test_it_refuses_an_update_of_a_confirmed_row_in_the_database(world):
    session = confirmed_till(world)
    # A plain QuerySet skips the model layer's refusal: the trigger still says no.
    raw = models.QuerySet(model=TillCount).filter(pk=session.count.pk)
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        raw.update(cash_in_drawer=Decimal("1.00"))
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        models.QuerySet(model=CashHandIn).filter(pk=session.handin.pk).delete()
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("UPDATE hallops_tillsession SET opening_float = 0 WHERE id = %s",
                       [session.pk])
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("UPDATE hallops_tillsession SET locked = false WHERE id = %s",
                       [session.pk])
    session.refresh_from_db()
    assert session.opening_float == Decimal("200.00") and session.locked


@pytest.mark.django_db
def test_it_refuses_changing_an_adjustment_in_the_database(world):
    from hallops.services.cash import till_adjust

    session = confirmed_till(world)
    adjustment = till_adjust(actor=world.sm_a, session=session, method="cash", amount="5",
                             reason="x")
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        models.QuerySet(model=CashAdjustment).filter(pk=adjustment.pk).update(amount=50)


@pytest.mark.django_db
def test_it_stores_exact_decimals(world):
    session = confirmed_till(world)
    count = TillCount.objects.get(session=session)
    assert count.cash_in_drawer == Decimal("1195.00")
    assert str(CashHandIn.objects.get().cash_amount) == "995.00"


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_duty_managers_confirm(world):
    from django.apps import apps

    from hallops.reference import load_reference

    load_reference(apps, "cash_reasons.json")  # an earlier transactional test may have flushed it
    from tests import factories

    dm_2 = factories.make_user("dm_a2", role="duty_manager", store=world.store_a)
    rounds = 15
    for i in range(rounds):
        from tests import factories as f

        clerk = f.make_user(f"race_clerk_{i}", role="clerk", store=world.store_a)
        session = handed_in_till(world, clerk=clerk)
        barrier = threading.Barrier(2)
        results = []

        def confirm(actor, session_pk=session.pk):
            try:
                barrier.wait(timeout=10)
                with store_scope(world.store_a):  # each thread is one duty manager's request
                    till_confirm(actor=actor, session=TillSession.objects.get(pk=session_pk),
                                 received_cash="995.00", received_cheque="0")
                results.append("ok")
            except DomainError:
                results.append("refused")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=confirm, args=(a,)) for a in (world.dm_a, dm_2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(results) == ["ok", "refused"], f"round {i}: {results}"
        handin = CashHandIn.objects.get(session=session)
        assert handin.confirmed_by_id in (world.dm_a.pk, dm_2.pk)
    assert TillSession.objects.filter(status="confirmed").count() == rounds
