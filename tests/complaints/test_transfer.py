"""转单: the two transfers as services of their own, and the form's dispatcher in front."""

import pytest

from complaints import services
from complaints.models import OrderEvent, WorkOrder
from hallops.exceptions import DomainError
from hallops.models import AuditEntry, Notification
from tests import factories
from tests.complaints.helpers import make_order

S = WorkOrder.Status
pytestmark = pytest.mark.django_db


def test_it_transfers_a_new_order_to_a_handler_who_then_holds_it(world):
    other = factories.make_user("ch_a2", role="complaint_handler", store=world.store_a)
    order = make_order(world)

    services.work_order_transfer_to_handler(
        actor=world.sm_a, order=order, to_handler=other, reason="换班"
    )

    order.refresh_from_db()
    assert order.handler == other and order.status == S.ACCEPTED
    assert order.accepted_at is not None
    assert Notification.objects.filter(recipient=other).count() == 1
    assert AuditEntry.objects.filter(action="work_order.transferred").count() == 1


def test_it_refuses_a_handler_transfer_to_the_holder_and_changes_nothing(world):
    order = make_order(world)
    services.work_order_accept(actor=world.ch_a, order=order)

    with pytest.raises(DomainError) as refused:
        services.work_order_transfer_to_handler(
            actor=world.ch_a, order=order, to_handler=world.ch_a, reason="x"
        )

    assert refused.value.field == "to_handler"
    assert not OrderEvent.objects.filter(order=order, kind="transferred").exists()


def test_it_transfers_a_worked_order_to_another_store_as_new(world):
    order = make_order(world)
    services.work_order_accept(actor=world.ch_a, order=order)

    services.work_order_transfer_to_store(
        actor=world.ch_a, order=order, to_store=world.store_b, reason="客户在B厅"
    )

    order.refresh_from_db()
    assert order.store == world.store_b and order.status == S.NEW and order.handler is None
    assert order.accept_due <= order.final_due
    assert Notification.objects.filter(recipient=world.ch_b).count() == 1


def test_it_keeps_a_replied_order_with_the_store_that_replied(world):
    order = make_order(world)
    services.work_order_accept(actor=world.ch_a, order=order)
    services.work_order_contact(actor=world.ch_a, order=order, channel="phone", outcome="reached")
    services.work_order_reply(
        actor=world.ch_a, order=order, result="已处理", cause="误会", company_at_fault=False
    )

    with pytest.raises(DomainError):
        services.work_order_transfer_to_store(
            actor=world.ch_a, order=order, to_store=world.store_b, reason="x"
        )

    order.refresh_from_db()
    assert order.store == world.store_a and order.status == S.REPLIED


def test_it_refuses_a_store_transfer_to_the_same_store(world):
    order = make_order(world)

    with pytest.raises(DomainError) as refused:
        services.work_order_transfer_to_store(
            actor=world.ch_a, order=order, to_store=world.store_a, reason="x"
        )

    assert refused.value.field == "to_store"


@pytest.mark.parametrize("targets", ["neither", "both"])
def test_it_asks_the_form_for_exactly_one_target(world, targets):
    order = make_order(world)
    chosen = {"to_handler": world.ch_a, "to_store": world.store_b} if targets == "both" else {}

    with pytest.raises(DomainError) as refused:
        services.work_order_transfer(actor=world.ch_a, order=order, reason="x", **chosen)

    assert refused.value.field is None
    order.refresh_from_db()
    assert order.store == world.store_a and order.status == S.NEW


def test_it_reports_a_missing_reason_before_the_missing_target(world):
    order = make_order(world)

    with pytest.raises(DomainError) as refused:
        services.work_order_transfer(actor=world.ch_a, order=order, reason=" ")

    assert refused.value.field == "reason"


def test_it_dispatches_the_form_to_the_store_transfer(world):
    order = make_order(world)

    services.work_order_transfer(
        actor=world.ch_a, order=order, to_handler=None, to_store=world.store_b, reason="客户在B厅"
    )

    order.refresh_from_db()
    assert order.store == world.store_b
