"""Per-entry caps from the store's cash policy, and totals checked before they are stored
(issue 11: two safe drops of 9,999,999,999.99 made the till's explanation step answer 500)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import CashDrop, CashPolicy, ClerkReportReceipts
from hallops.services import cash as svc
from tests.business.factories import make_report
from tests.cash.helpers import confirmed_till, notes, open_till

HUGE = "9999999999.99"


def _policy(**caps):
    CashPolicy.objects.filter(store=None).update(**caps)


def test_it_ships_a_default_policy_with_sensible_caps(db):
    policy = CashPolicy.objects.get(store=None)
    assert policy.drop_cap == Decimal("200000.00")
    assert policy.adjustment_cap == Decimal("200000.00")


def test_it_refuses_a_safe_drop_above_the_cap_and_records_nothing(world, clients):
    session = open_till(world)
    response = clients.clerk_a.post(reverse("clerk:till_drop", args=[session.pk]),
                                    {"amount": HUGE, "envelope_no": "E1"})
    assert response.status_code == 400
    assert "200000.00" in response.content.decode()
    assert not CashDrop.objects.exists()


def test_it_takes_the_drop_cap_from_the_stores_policy(world):
    _policy(drop_cap=Decimal("500.00"))
    session = open_till(world)
    with pytest.raises(DomainError, match="500.00") as refused:
        svc.till_drop_record(actor=world.clerk_a, session=session, amount="500.01")
    assert refused.value.field == "amount"
    svc.till_drop_record(actor=world.clerk_a, session=session, amount="500.00")
    assert CashDrop.objects.count() == 1


def test_it_refuses_drops_whose_total_cannot_be_stored(world):
    _policy(drop_cap=Decimal(HUGE))
    session = open_till(world)
    svc.till_drop_record(actor=world.clerk_a, session=session, amount=HUGE)
    with pytest.raises(DomainError, match="more than can be recorded"):
        svc.till_drop_record(actor=world.clerk_a, session=session, amount=HUGE)
    assert CashDrop.objects.count() == 1


def test_it_refuses_a_count_whose_cash_takings_cannot_be_stored(world):
    # Drops recorded before the caps existed: the count says so instead of failing later.
    session = open_till(world)
    for _i in range(2):
        CashDrop.objects.create(session=session, amount=Decimal(HUGE), at=session.opened_at,
                                recorded_by=world.clerk_a)
    with pytest.raises(DomainError, match="more than can be recorded"):
        svc.till_count_record(actor=world.clerk_a, session=session, notes=notes(), non_cash={})
    session.refresh_from_db()
    assert session.status == "open"


def test_it_refuses_an_adjustment_above_the_cap(world, clients):
    session = confirmed_till(world)
    url = reverse("store_manager:cash_adjust", args=[session.pk])
    for amount in (HUGE, "-200000.01"):
        response = clients.sm_a.post(url, {"method": "cash", "amount": amount, "reason": "x"})
        assert response.status_code == 400
    assert not session.adjustments.exists()


def test_it_refuses_an_adjustment_that_overflows_the_daily_reports_totals(world):
    _policy(adjustment_cap=Decimal(HUGE))
    make_report(world.store_a, world.clerk_a, business_date(store=world.store_a))
    session = confirmed_till(world)
    receipts = ClerkReportReceipts.objects.get(report__clerk=world.clerk_a)
    before = receipts.handed_in_cash
    with pytest.raises(DomainError, match="more than can be recorded"):
        svc.till_adjust(actor=world.sm_a, session=session, method="cash", amount=HUGE,
                        reason="录错")
    assert not session.adjustments.exists()
    receipts.refresh_from_db()
    assert receipts.handed_in_cash == before


def test_it_refuses_tail_cash_when_the_days_takings_cannot_be_stored(world):
    from hallops.models import TailCashRecord
    from hallops.services.cash_bank import tail_cash_record
    from tests import factories

    other = factories.make_user("clerk_two", role="clerk", store=world.store_a)
    for clerk in (world.clerk_a, other):
        session = open_till(world, clerk=clerk)
        svc.till_expected_set(actor=world.dm_a, session=session, amounts={"cash": HUGE})
    with pytest.raises(DomainError, match="more than can be recorded"):
        tail_cash_record(actor=world.dm_a, store=world.store_a, day=session.business_date,
                         amount="100.00")
    assert not TailCashRecord.objects.exists()
