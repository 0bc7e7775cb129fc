"""The materials ledger: receive, issue, return, sell, write off, transfer, correct — and every
refusal leaves nothing changed."""

import pytest

from hallops.exceptions import DomainError
from hallops.models import AuditEntry
from hallops.models.cash_base import LockedRecordError
from materials.ledger import STORE, clerk_place, item_state
from materials.models import Movement, MovementKind, Transfer
from materials.services import (
    movement_issue,
    movement_receive,
    movement_return,
    movement_reverse,
    movement_sell,
    movement_write_off,
    transfer_receive,
    transfer_send,
)
from tests.materials.helpers import card, sim

pytestmark = pytest.mark.django_db


def _receive_sims(world, items, a=1, b=100, note="DN-1"):
    return movement_receive(actor=world.sm_a, store=world.store_a, item=items.sim, reference=note,
                            first_serial=sim(a), last_serial=sim(b))


def test_it_receives_issues_returns_and_sells_a_serial_range(world, items):
    m = _receive_sims(world, items)
    assert m.quantity == 100 and m.locked and m.reference == "DN-1"
    movement_issue(actor=world.dm_a, store=world.store_a, item=items.sim, clerk=world.clerk_a,
                   first_serial=sim(1), last_serial=sim(30))
    movement_sell(actor=world.clerk_a, store=world.store_a, item=items.sim, clerk=world.clerk_a,
                  first_serial=sim(5), last_serial=sim(9))
    movement_return(actor=world.dm_a, store=world.store_a, item=items.sim, clerk=world.clerk_a,
                    first_serial=sim(20), last_serial=sim(30))
    state = item_state(world.store_a, items.sim)
    assert state.quantity(STORE) == 81
    assert state.quantity(clerk_place(world.clerk_a.pk)) == 14
    assert state.fmt(state.ranges[clerk_place(world.clerk_a.pk)]) == f"{sim(1)}–{sim(4)}, {sim(10)}–{sim(19)}"
    assert state.held() == 95
    from materials.selectors import clerk_quantities, storeroom_quantities

    assert storeroom_quantities(world.store_a) == {items.sim.pk: 81}
    assert clerk_quantities(world.store_a, world.clerk_a) == {items.sim.pk: 14}
    actions = set(AuditEntry.objects.filter(store=world.store_a).values_list("action", flat=True))
    assert {"movement.received", "movement.issued", "movement.sold", "movement.returned"} <= actions


def test_it_refuses_serials_in_stock_twice(world, items):
    _receive_sims(world, items)
    with pytest.raises(DomainError, match="Already in stock"):
        _receive_sims(world, items, 90, 120, note="DN-2")
    assert Movement.objects.count() == 1


def test_it_refuses_serials_not_in_stock_and_names_the_gap(world, items):
    _receive_sims(world, items, 1, 10)
    _receive_sims(world, items, 21, 30, note="DN-2")
    with pytest.raises(DomainError, match=f"Not in stock: {sim(11)}–{sim(20)}"):
        movement_issue(actor=world.dm_a, store=world.store_a, item=items.sim,
                       clerk=world.clerk_a, first_serial=sim(5), last_serial=sim(25))
    assert Movement.objects.count() == 2


def test_it_refuses_serials_already_used(world, items):
    _receive_sims(world, items, 1, 10)
    movement_issue(actor=world.dm_a, store=world.store_a, item=items.sim, clerk=world.clerk_a,
                   first_serial=sim(1), last_serial=sim(10))
    movement_sell(actor=world.clerk_a, store=world.store_a, item=items.sim, clerk=world.clerk_a,
                  first_serial=sim(3), last_serial=sim(3))
    with pytest.raises(DomainError, match="Already sold, used or written off"):
        movement_sell(actor=world.clerk_a, store=world.store_a, item=items.sim,
                      clerk=world.clerk_a, first_serial=sim(3), last_serial=sim(4))
    with pytest.raises(DomainError, match="Already sold, used or written off"):
        _receive_sims(world, items, 3, 3, note="DN-9")


def test_it_refuses_another_clerks_serials(world, items):
    from tests import factories

    other = factories.make_user("clerk_a2", role="clerk", store=world.store_a)
    _receive_sims(world, items, 1, 10)
    movement_issue(actor=world.dm_a, store=world.store_a, item=items.sim, clerk=other,
                   first_serial=sim(1), last_serial=sim(10))
    with pytest.raises(DomainError, match="Not held by clerk_a but held by clerk_a2"):
        movement_sell(actor=world.clerk_a, store=world.store_a, item=items.sim,
                      clerk=world.clerk_a, first_serial=sim(1), last_serial=sim(1))


@pytest.mark.parametrize(("first", "last", "message"), [
    (sim(10), sim(5), "reversed"),
    ("89860000001", "89860000002", "has 11 characters"),
    ("123400000001", "123400000002", "does not start with 8986"),
    ("8986000000x1", "8986000000x1", "followed by digits"),
    ("", "", "Enter a serial number"),
])
def test_it_refuses_bad_ranges(world, items, first, last, message):
    with pytest.raises(DomainError, match=message):
        movement_receive(actor=world.sm_a, store=world.store_a, item=items.sim, reference="DN",
                         first_serial=first, last_serial=last)
    assert not Movement.objects.exists()


@pytest.mark.parametrize(("quantity", "message"), [
    ("-3", "cannot be negative"), ("2.5", "whole number"), ("0", "more than zero"),
    ("abc", "whole number"), ("", "Enter a quantity"), ("1e9", "At most"), ("NaN", "whole number"),
])
def test_it_refuses_bad_counts(world, items, quantity, message):
    with pytest.raises(DomainError, match=message):
        movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift, reference="DN",
                         quantity=quantity)
    assert not Movement.objects.exists()


def test_it_refuses_issuing_more_than_is_held(world, items):
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift, reference="DN",
                     quantity=5)
    with pytest.raises(DomainError, match="Only 5 个 in the storeroom; 6 cannot be taken"):
        movement_issue(actor=world.dm_a, store=world.store_a, item=items.gift,
                       clerk=world.clerk_a, quantity=6)
    movement_issue(actor=world.dm_a, store=world.store_a, item=items.gift, clerk=world.clerk_a,
                   quantity=5)
    with pytest.raises(DomainError, match="Only 0"):
        movement_write_off(actor=world.dm_a, store=world.store_a, item=items.gift,
                           kind=MovementKind.DAMAGED, reason="wet", quantity=1)
    assert item_state(world.store_a, items.gift).held() == 5


def test_it_refuses_issuing_to_someone_not_a_clerk_of_the_store(world, items):
    _receive_sims(world, items)
    for person in (world.clerk_b, world.dm_a):
        with pytest.raises(DomainError, match="is not a clerk of this store"):
            movement_issue(actor=world.dm_a, store=world.store_a, item=items.sim, clerk=person,
                           first_serial=sim(1), last_serial=sim(2))


def test_it_needs_a_delivery_note_and_a_reason(world, items):
    with pytest.raises(DomainError, match="delivery note"):
        movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift, reference=" ",
                         quantity=1)
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift, reference="DN",
                     quantity=2)
    with pytest.raises(DomainError, match="Give the reason"):
        movement_write_off(actor=world.sm_a, store=world.store_a, item=items.gift,
                           kind=MovementKind.DAMAGED, reason="", quantity=1)
    m = movement_write_off(actor=world.sm_a, store=world.store_a, item=items.gift,
                           kind=MovementKind.DAMAGED, reason="box crushed", quantity=1)
    assert m.reason == "box crushed"
    assert item_state(world.store_a, items.gift).held() == 1


def test_confirmed_movements_cannot_change_and_a_correction_is_a_new_linked_entry(world, items):
    m = _receive_sims(world, items, 1, 10)
    m.quantity = 3
    with pytest.raises(LockedRecordError):
        m.save()
    with pytest.raises(LockedRecordError):
        Movement.objects.filter(pk=m.pk).update(quantity=3)
    with pytest.raises(LockedRecordError):
        Movement.objects.filter(pk=m.pk).delete()
    fix = movement_reverse(actor=world.sm_a, store=world.store_a, movement=m,
                           reason="wrong delivery note")
    assert fix.corrects_id == m.pk and fix.kind == MovementKind.REVERSAL
    assert item_state(world.store_a, items.sim).held() == 0
    with pytest.raises(DomainError, match="already been corrected"):
        movement_reverse(actor=world.sm_a, store=world.store_a, movement=m, reason="again")
    # The same serials can now be received correctly.
    _receive_sims(world, items, 1, 10, note="DN-right")
    assert item_state(world.store_a, items.sim).held() == 10


def test_a_correction_cannot_undo_stock_already_moved_on(world, items):
    m = _receive_sims(world, items, 1, 10)
    movement_issue(actor=world.dm_a, store=world.store_a, item=items.sim, clerk=world.clerk_a,
                   first_serial=sim(1), last_serial=sim(2))
    with pytest.raises(DomainError, match="Not in the storeroom but held by clerk_a"):
        movement_reverse(actor=world.sm_a, store=world.store_a, movement=m, reason="oops")


def test_a_transfer_is_booked_out_then_in_once(world, items):
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.card50, reference="DN",
                     first_serial=card(1), last_serial=card(50))
    t = transfer_send(actor=world.sm_a, store=world.store_a, to_store=world.store_b,
                      item=items.card50, first_serial=card(41), last_serial=card(50))
    assert t.status == Transfer.Status.SENT
    assert item_state(world.store_a, items.card50).held() == 40
    assert item_state(world.store_b, items.card50).held() == 0
    with pytest.raises(DomainError, match="addressed to another store"):
        transfer_receive(actor=world.sm_a, store=world.store_a, transfer=t)
    transfer_receive(actor=world.sm_b, store=world.store_b, transfer=t)
    with pytest.raises(DomainError, match="already been received"):
        transfer_receive(actor=world.sm_b, store=world.store_b, transfer=t)
    t.refresh_from_db()
    assert t.status == Transfer.Status.RECEIVED and t.received_by == world.sm_b
    assert item_state(world.store_b, items.card50).held() == 10
    assert Movement.objects.filter(transfer=t, kind=MovementKind.TRANSFER_IN).count() == 1
    # Sent back, store A may take the same serials in again.
    t2 = transfer_send(actor=world.sm_b, store=world.store_b, to_store=world.store_a,
                       item=items.card50, first_serial=card(41), last_serial=card(45))
    transfer_receive(actor=world.sm_a, store=world.store_a, transfer=t2)
    assert item_state(world.store_a, items.card50).held() == 45


def test_a_transfer_refuses_stock_not_held_and_the_own_store(world, items):
    with pytest.raises(DomainError, match="Not in stock"):
        transfer_send(actor=world.sm_a, store=world.store_a, to_store=world.store_b,
                      item=items.card50, first_serial=card(1), last_serial=card(2))
    with pytest.raises(DomainError, match="another store"):
        transfer_send(actor=world.sm_a, store=world.store_a, to_store=world.store_a,
                      item=items.card50, first_serial=card(1), last_serial=card(2))
    assert not Transfer.objects.exists()
