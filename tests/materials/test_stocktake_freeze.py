"""An open stock-take freezes the storeroom stock of the items it counts: receipts, issues,
returns, transfers, storeroom write-offs and corrections of those items in that store are
refused (naming the stock-take) until the store manager signs it off; what clerks hold they
still sell, other stores and items outside the count still move, and the differences are
booked at the last signature against the ledger the count was compared with."""

import datetime

import pytest

from hallops.exceptions import DomainError
from hallops.models import AuditEntry
from materials.ledger import STORE, item_state
from materials.models import Movement, MovementKind, StockTake, Transfer
from materials.services import (
    movement_issue,
    movement_receive,
    movement_return,
    movement_reverse,
    movement_sell,
    movement_write_off,
    stocktake_count,
    stocktake_sign,
    stocktake_start,
    transfer_receive,
    transfer_send,
)
from tests.materials.helpers import card

pytestmark = pytest.mark.django_db
TZ = datetime.timezone(datetime.timedelta(hours=8))


def at(hour, minute=0):
    return datetime.datetime(2026, 3, 20, hour, minute, tzinfo=TZ)


FROZEN = r"Test 50 card is being counted in the stock-take started 2026-03-20 10:00 by .*: " \
         r"its storeroom stock cannot move until the store manager signs the stock-take off"


@pytest.fixture
def open_take(world, items):
    """Store A holds cards 1-100 (clerk A has 41-60) and 10 gifts, store B sends it cards
    501-505; a money-only stock-take of A (value cards, invoices: not the gift) at 10:00."""
    a, sm, dm, clerk = world.store_a, world.sm_a, world.dm_a, world.clerk_a
    receipt = movement_receive(actor=sm, store=a, item=items.card50, reference="DN-1",
                               first_serial=card(1), last_serial=card(100), now=at(8))
    movement_receive(actor=sm, store=a, item=items.gift, reference="DN-2", quantity=10, now=at(8))
    movement_issue(actor=dm, store=a, item=items.card50, clerk=clerk, first_serial=card(41),
                   last_serial=card(60), now=at(9))
    movement_receive(actor=world.sm_b, store=world.store_b, item=items.card50, reference="B-1",
                     first_serial=card(501), last_serial=card(600), now=at(8))
    incoming = transfer_send(actor=world.sm_b, store=world.store_b, to_store=a,
                             item=items.card50, first_serial=card(501), last_serial=card(505),
                             now=at(9))
    take = stocktake_start(actor=dm, store=a, counter=clerk, scope=StockTake.Scope.MONEY,
                           now=at(10))
    return take, receipt, incoming


def test_every_storeroom_movement_of_a_counted_item_is_refused(world, items, open_take):
    take, receipt, incoming = open_take
    a, sm, dm, clerk = world.store_a, world.sm_a, world.dm_a, world.clerk_a
    card50 = items.card50
    before = (Movement.objects.count(), Transfer.objects.count(), AuditEntry.objects.count())
    attempts = [
        lambda: movement_receive(actor=sm, store=a, item=card50, reference="DN-3",
                                 first_serial=card(101), last_serial=card(110), now=at(11)),
        lambda: movement_issue(actor=dm, store=a, item=card50, clerk=clerk,
                               first_serial=card(1), last_serial=card(10), now=at(11)),
        lambda: movement_return(actor=dm, store=a, item=card50, clerk=clerk,
                                first_serial=card(55), last_serial=card(60), now=at(11)),
        lambda: transfer_send(actor=sm, store=a, to_store=world.store_b, item=card50,
                              first_serial=card(90), last_serial=card(100), now=at(11)),
        lambda: transfer_receive(actor=sm, store=a, transfer=incoming, now=at(11)),
        lambda: movement_write_off(actor=dm, store=a, item=card50, kind=MovementKind.DAMAGED,
                                   reason="torn", first_serial=card(1), now=at(11)),
        lambda: movement_sell(actor=dm, store=a, item=card50, first_serial=card(2), now=at(11)),
        lambda: movement_reverse(actor=sm, store=a, movement=receipt, reason="typo",
                                 now=at(11)),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError, match=FROZEN):
            attempt()
    assert (Movement.objects.count(), Transfer.objects.count(),
            AuditEntry.objects.count()) == before
    incoming.refresh_from_db()
    assert incoming.status == Transfer.Status.SENT
    assert item_state(a, card50).quantity(STORE) == 80


def test_clerks_sell_what_they_hold_and_other_items_and_stores_still_move(world, items,
                                                                         open_take):
    a, clerk = world.store_a, world.clerk_a
    movement_sell(actor=clerk, store=a, item=items.card50, clerk=clerk,
                  first_serial=card(41), last_serial=card(45), now=at(11))
    # The gift is not in a money-only count; store B has no stock-take open.
    movement_issue(actor=world.dm_a, store=a, item=items.gift, clerk=clerk, quantity=2,
                   now=at(11))
    movement_issue(actor=world.dm_b, store=world.store_b, item=items.card50,
                   clerk=world.clerk_b, first_serial=card(510), last_serial=card(520),
                   now=at(11))
    assert Movement.objects.filter(kind=MovementKind.SOLD, clerk=clerk).count() == 1


def test_the_differences_book_at_signature_and_the_storeroom_moves_again(world, items,
                                                                        open_take):
    take, _receipt, incoming = open_take
    a, sm, dm, clerk = world.store_a, world.sm_a, world.dm_a, world.clerk_a
    lines = {ln.item.code: ln for ln in take.lines.select_related("item")}
    assert lines["t-card50"].expected_quantity == 80
    assert "t-gift" not in lines
    counts = {ln.pk: {"ranges": ""} for ln in lines.values()}
    counts[lines["t-card50"].pk] = {"ranges": f"{card(1)}-{card(39)}, {card(61)}-{card(100)}",
                                    "reason": "card 40 not found"}
    stocktake_count(actor=dm, store=a, stocktake=take, counts=counts)
    stocktake_sign(actor=clerk, store=a, stocktake=take, now=at(12))
    stocktake_sign(actor=dm, store=a, stocktake=take, now=at(12, 10))
    with pytest.raises(DomainError, match=FROZEN):  # still open until the last signature
        movement_return(actor=dm, store=a, item=items.card50, clerk=clerk,
                        first_serial=card(55), last_serial=card(60), now=at(12, 15))
    stocktake_sign(actor=sm, store=a, stocktake=take, now=at(12, 20))
    take.refresh_from_db()
    assert take.status == StockTake.Status.LOCKED
    shortage = Movement.objects.get(stocktake=take)
    assert (shortage.kind, shortage.quantity) == (MovementKind.COUNT_SHORTAGE, 1)
    assert item_state(a, items.card50).quantity(STORE) == 79
    # Signed off: the storeroom moves again, the transfer on its way is booked in.
    movement_return(actor=dm, store=a, item=items.card50, clerk=clerk,
                    first_serial=card(55), last_serial=card(60), now=at(13))
    transfer_receive(actor=sm, store=a, transfer=incoming, now=at(13))
    assert item_state(a, items.card50).quantity(STORE) == 79 + 6 + 5
