import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from hallops.exceptions import DomainError
from hallops.imports import ImportRefused
from hallops.models import BankDeposit, ExpectedTakings, TailCashRecord
from hallops.selectors.cash import tail_cash_limit
from hallops.services.cash_bank import bank_deposit_record, tail_cash_record
from hallops.services.cash_import import boss_settlement_import
from tests.cash.helpers import confirmed_till, open_till, settlement_xlsx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("takings", "limit"), [
    ("0", "1000.00"), ("10000", "1000.00"), ("10000.01", "3000.00"), ("50000", "3000.00"),
    ("75000", "8000.00"), ("100000", "8000.00"), ("100000.01", "10000.00"),
])
def test_it_applies_the_tail_cash_table(world, takings, limit):
    assert tail_cash_limit(world.store_a, Decimal(takings)) == Decimal(limit)


def test_it_flags_tail_cash_over_the_limit(world, clients):
    session = confirmed_till(world)
    record = tail_cash_record(actor=world.dm_a, store=world.store_a,
                              day=session.business_date, amount="1500")
    assert record.limit == Decimal("1000.00") and record.over_limit
    for client, url in ((clients.dm_a, "/duty/"), (clients.sm_a, "/manager/")):
        page = client.get(url).content.decode()
        assert 'data-testid="tail-warning"' in page
    record = tail_cash_record(actor=world.dm_a, store=world.store_a,
                              day=session.business_date, amount="800")
    assert not record.over_limit and TailCashRecord.objects.count() == 1


def _deposit(world, handins, **overrides):
    data = {"actor": world.sm_a, "store": world.store_a, "slip_no": "YH001",
            "collected_at": timezone.now(), "collectors": ["张三", "李四"],
            "cash_amount": "995.00", "cheque_amount": "0", "handin_ids": handins}
    data.update(overrides)
    return bank_deposit_record(**data)


def test_it_records_a_deposit_that_reconciles(world):
    session = confirmed_till(world)
    deposit = _deposit(world, [session.handin.pk])
    assert not deposit.is_mismatch and deposit.locked
    with pytest.raises(DomainError, match="already gone to the bank"):  # the hand-in went to the bank already
        _deposit(world, [session.handin.pk], slip_no="YH002")
    assert BankDeposit.objects.count() == 1


def test_it_refuses_a_mismatched_deposit_without_a_reason(world):
    session = confirmed_till(world)
    with pytest.raises(DomainError, match="reason"):
        _deposit(world, [session.handin.pk], cash_amount="990.00")
    deposit = _deposit(world, [session.handin.pk], cash_amount="990.00",
                       mismatch_reason="银行点钞少5元，待查")
    assert deposit.is_mismatch and deposit.expected_cash == Decimal("995.00")


def test_it_needs_two_named_collectors(world):
    session = confirmed_till(world)
    with pytest.raises(DomainError, match="two"):
        _deposit(world, [session.handin.pk], collectors=["张三", "张三", " "])
    assert not BankDeposit.objects.exists()


def test_it_reconciles_against_adjusted_hand_ins(world):
    from hallops.services.cash import till_adjust

    session = confirmed_till(world)
    till_adjust(actor=world.sm_a, session=session, method="cash", amount="5", reason="补交")
    deposit = _deposit(world, [session.handin.pk], cash_amount="1000.00")
    assert not deposit.is_mismatch


def test_it_imports_expected_takings_all_or_nothing(world):
    session = open_till(world)
    world.clerk_a.profile.refresh_from_db()
    no = world.clerk_a.profile.employee_no
    good = settlement_xlsx([(no, None, 1000, 0, 250.5, "88.80", None)])
    assert boss_settlement_import(actor=world.dm_a, store=world.store_a,
                                  day=session.business_date, upload=good) == 1
    amounts = {e.method: e.amount for e in ExpectedTakings.objects.all()}
    assert amounts["cash"] == Decimal("1000.00") and amounts["card"] == Decimal("250.50")
    assert amounts["mobile"] == Decimal("88.80")

    ExpectedTakings.objects.all().delete()
    bad = settlement_xlsx([
        (no, None, 1000, 0, 0, 0, 0),
        ("E99999", None, 5, 0, 0, 0, 0),
        (no, None, "abc", -1, 1.005, 0, 0),
        (world.clerk_b.profile.employee_no, None, 1, 0, 0, 0, 0),
    ])
    with pytest.raises(ImportRefused) as rejected:
        boss_settlement_import(actor=world.dm_a, store=world.store_a,
                               day=session.business_date, upload=bad)
    errors = rejected.value.errors
    assert [e.split(":")[0] for e in errors] == ["Row 3", "Row 4", "Row 5"]
    assert "E99999" in errors[0]
    assert not ExpectedTakings.objects.exists()


def test_it_refuses_a_file_that_is_not_a_workbook(world):
    import io

    with pytest.raises(ImportRefused):
        boss_settlement_import(actor=world.dm_a, store=world.store_a,
                               day=datetime.date.today(), upload=io.BytesIO(b"not excel"))
