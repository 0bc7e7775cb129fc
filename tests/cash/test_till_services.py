from decimal import Decimal

import pytest

from hallops.exceptions import DomainError
from hallops.models import (
    AuditEntry,
    CashHandIn,
    LockedRecordError,
    TillCount,
    TillDifference,
    TillSession,
)
from hallops.selectors.cash import till_figures
from hallops.services import cash as svc
from tests.cash.helpers import (
    confirmed_till,
    counted_till,
    handed_in_till,
    notes,
    open_till,
    reason,
)

pytestmark = pytest.mark.django_db


def test_it_opens_a_till_with_a_float_within_the_cap(world):
    session = open_till(world, amount="300")
    assert session.opening_float == Decimal("300.00")
    assert session.status == TillSession.Status.OPEN
    assert AuditEntry.objects.filter(action="till.float_issued", object_id=str(session.pk)).exists()
    with pytest.raises(DomainError, match="not a clerk"):
        open_till(world, clerk=world.dm_a, amount="10")  # not a clerk
    with pytest.raises(DomainError, match="change float cannot exceed"):
        open_till(world, amount="300.01")


def test_it_refuses_a_float_for_another_stores_clerk(world):
    with pytest.raises(DomainError, match="is not a clerk of this store"):
        open_till(world, clerk=world.clerk_b)
    assert not TillSession.objects.exists()


def test_it_refuses_a_second_till_for_the_same_day_and_shift(world):
    open_till(world)
    with pytest.raises(DomainError, match="already has a till for this day and shift"):
        open_till(world)
    assert TillSession.objects.count() == 1


def test_it_computes_overage_and_shortage_per_method_never_netted(world):
    # Cash: 5 short. Card: 3 over. They stay two lines.
    session = counted_till(world, card="103.00", expected_card="100.00")
    figures = till_figures(session)
    by_method = {line.method: line for line in figures.lines}
    assert by_method["cash"].difference == Decimal("-5.00")
    assert by_method["cash"].kind == "shortage"
    assert by_method["card"].difference == Decimal("3.00")
    assert by_method["card"].kind == "overage"
    assert len(figures.differences) == 2


def test_it_requires_a_reason_and_note_for_every_difference(world):
    session = counted_till(world)
    with pytest.raises(DomainError, match="needs a reason code and a note"):
        svc.till_differences_explain(actor=world.clerk_a, session=session, explanations={
            "cash": {"reason": reason(), "note": "", "destination": "made_up"}})
    with pytest.raises(DomainError, match="a shortage is made up by the clerk"):  # a shortage is not "paid in"
        svc.till_differences_explain(actor=world.clerk_a, session=session, explanations={
            "cash": {"reason": reason(), "note": "x", "destination": "paid_in"}})
    with pytest.raises(DomainError, match="note"):
        svc.till_hand_in(actor=world.clerk_a, session=session, bag_no="B", seal_no="S")
    assert not TillDifference.objects.exists()
    assert not CashHandIn.objects.exists()


def test_it_needs_the_store_managers_approval_beyond_tolerance(world):
    session = counted_till(world)
    svc.till_differences_explain(actor=world.clerk_a, session=session, explanations={
        "cash": {"reason": reason(), "note": "找零多给", "destination": "made_up"}})
    session.refresh_from_db()
    assert session.needs_approval
    with pytest.raises(DomainError, match="approve"):
        svc.till_hand_in(actor=world.clerk_a, session=session, bag_no="B", seal_no="S")
    svc.till_approve(actor=world.sm_a, session=session)
    handin = svc.till_hand_in(actor=world.clerk_a, session=session, bag_no="B", seal_no="S")
    assert handin.cash_amount == Decimal("995.00")


def test_it_does_not_need_approval_within_tolerance(world):
    # 1 yuan short with the default tolerance of 2.
    session = counted_till(world, drawer=notes(notes_100=11, notes_50=1, notes_20=2,
                                                  notes_5=1, notes_1=4))
    svc.till_differences_explain(actor=world.clerk_a, session=session, explanations={
        "cash": {"reason": reason(), "note": "x", "destination": "pending"}})
    session.refresh_from_db()
    assert not session.needs_approval
    svc.till_hand_in(actor=world.clerk_a, session=session, bag_no="B", seal_no="S")


def test_it_refuses_a_hand_in_twice(world):
    session = handed_in_till(world)
    with pytest.raises(DomainError, match="already"):
        svc.till_hand_in(actor=world.clerk_a, session=session, bag_no="B2", seal_no="S2")
    assert CashHandIn.objects.count() == 1


def test_it_refuses_a_count_of_someone_elses_till_and_a_second_count(world):
    session = open_till(world)
    other = world.clerk_b
    with pytest.raises(DomainError, match="belongs to another clerk"):
        svc.till_count_record(actor=other, session=session, notes=notes(), non_cash={})
    svc.till_count_record(actor=world.clerk_a, session=session, notes=notes(notes_1=3),
                          non_cash={})
    with pytest.raises(DomainError, match="already been counted"):
        svc.till_count_record(actor=world.clerk_a, session=session, notes=notes(), non_cash={})
    assert TillCount.objects.get().cash_in_drawer == Decimal("3.00")


@pytest.mark.parametrize(("bad", "refusal"), [
    ("abc", "is not an amount of money"), ("-1", "cannot be negative"),
    ("1.005", "at most two decimal places"), ("1e308", "too large"),
    ("NaN", "is not an amount of money"), ("", "Enter an amount"),
])
def test_it_refuses_bad_amounts_in_services(world, bad, refusal):
    session = open_till(world)
    with pytest.raises(DomainError, match=refusal):
        svc.till_drop_record(actor=world.clerk_a, session=session, amount=bad or None)
    assert not session.drops.exists()


def test_it_confirms_once_and_locks_everything(world):
    session = confirmed_till(world)
    assert session.status == TillSession.Status.CONFIRMED
    assert session.locked and session.count.locked and session.handin.locked
    assert all(d.locked for d in session.differences.all())
    with pytest.raises(DomainError, match="already"):
        svc.till_confirm(actor=world.dm_a, session=session, received_cash="995",
                         received_cheque="0")
    assert AuditEntry.objects.filter(action="till.confirmed").count() == 1


def test_it_refuses_a_confirmation_with_a_different_amount(world):
    session = handed_in_till(world)
    with pytest.raises(DomainError, match="Recount"):
        svc.till_confirm(actor=world.dm_a, session=session, received_cash="990",
                         received_cheque="0")
    session.refresh_from_db()
    assert session.status == TillSession.Status.HANDED_IN


def test_it_refuses_to_change_a_confirmed_record_at_the_model_layer(world):
    session = confirmed_till(world)
    count = session.count
    count.cash_in_drawer = Decimal("1200.00")
    with pytest.raises(LockedRecordError):
        count.save()
    with pytest.raises(LockedRecordError):
        TillCount.objects.filter(pk=count.pk).update(cash_in_drawer=Decimal("1200.00"))
    with pytest.raises(LockedRecordError):
        TillSession.objects.filter(pk=session.pk).update(opening_float=0)
    with pytest.raises(LockedRecordError):
        session.handin.delete()
    with pytest.raises(LockedRecordError):
        TillDifference.objects.filter(session=session).delete()
    count.refresh_from_db()
    assert count.cash_in_drawer == Decimal("1195.00")


def test_it_corrects_a_confirmed_till_with_an_adjustment(world):
    session = confirmed_till(world)
    adjustment = svc.till_adjust(actor=world.sm_a, session=session, method="cash",
                                 amount="5.00", reason="找到遗漏的5元")
    assert adjustment.locked and adjustment.approved_by == world.sm_a
    session = TillSession.objects.get(pk=session.pk)
    cash = next(line for line in till_figures(session).lines if line.method == "cash")
    assert cash.difference == Decimal("-5.00")  # the original stays
    assert cash.difference_now == Decimal("0.00")  # original + adjustments
    with pytest.raises(LockedRecordError):
        adjustment.delete()
    with pytest.raises(DomainError, match="adjustment cannot be zero"):
        svc.till_adjust(actor=world.sm_a, session=session, method="cash", amount="0",
                        reason="x")
    assert AuditEntry.objects.filter(action="till.adjusted").count() == 1


def test_it_refuses_an_adjustment_before_confirmation(world):
    session = handed_in_till(world)
    with pytest.raises(DomainError, match="Only a confirmed till is corrected by an adjustment"):
        svc.till_adjust(actor=world.sm_a, session=session, method="cash", amount="1",
                        reason="x")
