"""The clerk's daily report takes its receipts from the till session of that day (issue 6 ×
issue 4): BOSS takings by method, cash handed in, overage and shortage; the store report sums
them; typed receipts remain only for a day without a till."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import AuditEntry, ClerkReportReceipts
from hallops.selectors.daily_reports import store_day_report
from hallops.services import cash as cash_svc
from hallops.services.daily_reports import (
    clerk_report_confirm,
    clerk_report_save,
    clerk_report_start,
    clerk_report_submit,
)
from tests.cash import helpers as till


def _start(world):
    day = business_date(store=world.store_a)
    report, _created = clerk_report_start(clerk=world.clerk_a, store=world.store_a, day=day)
    return report


def _receipts(report) -> ClerkReportReceipts:
    return ClerkReportReceipts.objects.get(report=report)


def test_it_fills_the_receipts_from_the_till_through_the_day(world, clients):
    report = _start(world)
    assert _receipts(report).source == "typed"

    session = till.handed_in_till(world, card="300.00", expected_card="300.00")
    rc = _receipts(report)
    assert rc.source == "till" and rc.till_status == "handed_in" and rc.till_count == 1
    # BOSS takings by method, the sealed bag, and the 5-yuan cash shortage (995 counted).
    assert (rc.cash, rc.pos_card, rc.cheque, rc.e_payment) == (
        Decimal("1000.00"), Decimal("300.00"), Decimal("0.00"), Decimal("0.00"))
    assert (rc.handed_in_cash, rc.overage, rc.shortage) == (
        Decimal("995.00"), Decimal("0.00"), Decimal("5.00"))

    # Typed figures cannot overwrite the till's.
    clerk_report_save(actor=world.clerk_a, report=report, receipts={"cash": "1.00"})
    assert _receipts(report).cash == Decimal("1000.00")
    page = clients.clerk_a.get(reverse("clerk:report", kwargs={"pk": report.pk})).content.decode()
    assert 'data-testid="receipts-source-till"' in page
    assert 'data-testid="receipts-shortage">5.00<' in page

    clerk_report_submit(actor=world.clerk_a, report=report)
    with pytest.raises(DomainError, match="日报的收款数据取自钱箱"):  # the hand-in is not confirmed yet
        clerk_report_confirm(actor=world.dm_a, report=report)
    cash_svc.till_confirm(actor=world.dm_a, session=session, received_cash="995.00",
                          received_cheque="0")
    assert _receipts(report).till_status == "confirmed"
    clerk_report_confirm(actor=world.dm_a, report=report)

    summed = store_day_report(world.store_a, report.business_date)
    assert summed.receipts["cash"] == Decimal("1000.00")
    assert summed.receipts["pos_card"] == Decimal("300.00")
    assert summed.receipts["handed_in_cash"] == Decimal("995.00")
    assert summed.receipts["shortage"] == Decimal("5.00")
    assert (summed.receipts["from_till"], summed.receipts["typed"]) == (1, 0)
    html = clients.sm_a.get(reverse("store_manager:store_report")
                            + f"?date={report.business_date:%Y-%m-%d}").content.decode()
    assert 'data-testid="store-shortage">5.00<' in html
    assert 'data-testid="store-handed-in">995.00<' in html


def test_a_till_adjustment_after_confirmation_amends_the_report_with_its_reason(world):
    report = _start(world)
    session = till.confirmed_till(world)
    clerk_report_submit(actor=world.clerk_a, report=report)
    clerk_report_confirm(actor=world.dm_a, report=report)
    assert _receipts(report).shortage == Decimal("5.00")

    cash_svc.till_adjust(actor=world.sm_a, session=session, method="cash", amount="5.00",
                         reason="钱在抽屉缝里找到")
    report.refresh_from_db()
    rc = _receipts(report)
    assert (rc.shortage, rc.handed_in_cash) == (Decimal("0.00"), Decimal("1000.00"))
    assert report.amended_at is not None and report.status == "confirmed"
    entry = AuditEntry.objects.filter(action="clerk_report.amended", object_id=str(report.pk)).get()
    assert entry.reason == "钱在抽屉缝里找到"
    assert entry.before["receipts"]["shortage"] == "5.00"


def test_the_clerk_hands_in_the_till_before_submitting_the_report(world, clients):
    report = _start(world)
    till.counted_till(world)
    response = clients.clerk_a.post(reverse("clerk:report_submit", kwargs={"pk": report.pk}),
                                    follow=True)
    assert "Hand in your till" in response.content.decode() or "上交" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"


def test_it_keeps_typed_receipts_when_there_is_no_till(world, clients):
    report = _start(world)
    clerk_report_save(actor=world.clerk_a, report=report,
                      receipts={"cash": "88.50", "cheque": "0", "pos_card": "10", "e_payment": "0",
                                "refunds": "1.50"})
    clerk_report_submit(actor=world.clerk_a, report=report)
    clerk_report_confirm(actor=world.dm_a, report=report)
    rc = _receipts(report)
    assert rc.source == "typed" and rc.handed_in_cash is None and rc.net == Decimal("97.00")
    page = clients.dm_a.get(reverse("duty_manager:report", kwargs={"pk": report.pk}))
    assert 'data-testid="receipts-source-typed"' in page.content.decode()
    summed = store_day_report(world.store_a, report.business_date)
    assert (summed.receipts["from_till"], summed.receipts["typed"]) == (0, 1)
    assert summed.receipts["net"] == Decimal("97.00")


def test_another_clerks_or_stores_till_never_fills_the_report(world):
    from tests import factories

    other = factories.make_user("clerk_a2", role="clerk", store=world.store_a)
    report = _start(world)
    till.open_till(world, clerk=other)
    till.open_till(world, clerk=world.clerk_b, store=world.store_b)
    assert _receipts(report).source == "typed"
