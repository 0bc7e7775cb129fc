"""The clerk's day: value cards sold and invoices used, reconciled against the tally and the
daily report's invoice range; a mismatch shows on the daily report and in the duty log."""

import datetime

import pytest
from django.urls import reverse

from hallops.models import BusinessType, ClerkDailyReport, TallyCount
from hallops.registry import duty_log_sections
from materials.models import MovementKind
from materials.reconcile import clerk_day_check
from materials.services import (
    movement_issue,
    movement_receive,
    movement_sell,
    movement_write_off,
)
from tests.materials.helpers import card

pytestmark = pytest.mark.django_db
TZ = datetime.timezone(datetime.timedelta(hours=8))
DAY = datetime.date(2026, 3, 5)
NOW = datetime.datetime(2026, 3, 5, 10, tzinfo=TZ)


def _day(world, items):
    a, clerk = world.store_a, world.clerk_a
    payment = BusinessType.objects.get_or_create(code="payment", defaults={"name": "缴费"})[0]
    items.card50.tally_code = payment.code
    items.card50.save()
    for item, first, last in ((items.invoice, "00001001", "00001100"),
                              (items.card50, card(1), card(50))):
        movement_receive(actor=world.sm_a, store=a, item=item, reference="DN",
                         first_serial=first, last_serial=last, now=NOW)
        movement_issue(actor=world.dm_a, store=a, item=item, clerk=clerk, first_serial=first,
                       last_serial=last, now=NOW)
    movement_sell(actor=clerk, store=a, item=items.invoice, clerk=clerk,
                  first_serial="00001001", last_serial="00001010", now=NOW)
    movement_write_off(actor=clerk, store=a, item=items.invoice, clerk=clerk,
                       kind=MovementKind.VOIDED, reason="printer jam",
                       first_serial="00001011", now=NOW)
    movement_sell(actor=clerk, store=a, item=items.card50, clerk=clerk,
                  first_serial=card(1), last_serial=card(5), now=NOW)
    TallyCount.objects.create(store=a, clerk=clerk, business_date=DAY, business_type=payment,
                              count=5)
    return ClerkDailyReport.objects.create(store=a, clerk=clerk, business_date=DAY,
                                           invoice_first=1001, invoice_last=1011,
                                           invoices_voided=1)


def test_a_day_that_matches_has_no_flags(world, items):
    _day(world, items)
    assert clerk_day_check(world.store_a, world.clerk_a, DAY) == []


def test_an_invoice_range_or_tally_that_differs_is_flagged(world, items, clients):
    report = _day(world, items)
    ClerkDailyReport.objects.filter(pk=report.pk).update(invoice_last=1015, invoices_voided=0)
    TallyCount.objects.filter(clerk=world.clerk_a).update(count=4)
    found = {m.what: (m.ledger, m.reported) for m in clerk_day_check(world.store_a,
                                                                       world.clerk_a, DAY)}
    assert found["Invoices used"] == ("1001–1011", "1001–1015")
    assert found["Invoices voided"] == ("1", "0")
    assert found["Test 50 card sold (tally)"] == ("5", "4")
    sections = {s.key: ctx for s, ctx in duty_log_sections(world.store_a, DAY, None)}
    assert [c for c, _found in sections["materials"]["mismatches"]] == [world.clerk_a]
    page = clients.dm_a.get(reverse("duty_manager:report", args=[report.pk])).content.decode()
    assert 'data-testid="materials-mismatch"' in page and "1001–1015" in page


# ---------------------------------------------------------------- the shipped reference data

def _ref_card(n: int) -> str:
    return "5" + str(n).zfill(11)


def _tapped_cards(world, count: int):
    """The reference 50-yuan card, as shipped (no admin step): 5 sold from the ledger, the
    clerk tapping its tally key `count` times."""
    from hallops.services.business import tally_change
    from materials.models import ItemType

    a, clerk = world.store_a, world.clerk_a
    card50 = ItemType.objects.get(code="card_50")
    kind = BusinessType.objects.get(code=card50.tally_code)
    movement_receive(actor=world.sm_a, store=a, item=card50, reference="DN",
                     first_serial=_ref_card(1), last_serial=_ref_card(20), now=NOW)
    movement_issue(actor=world.dm_a, store=a, item=card50, clerk=clerk,
                   first_serial=_ref_card(1), last_serial=_ref_card(20), now=NOW)
    movement_sell(actor=clerk, store=a, item=card50, clerk=clerk,
                  first_serial=_ref_card(1), last_serial=_ref_card(5), now=NOW)
    for _ in range(count):
        tally_change(clerk=clerk, store=a, item=kind, delta=1, now=NOW)
    return ClerkDailyReport.objects.create(store=a, clerk=clerk, business_date=DAY)


def test_the_reference_value_cards_are_counted_on_the_tally_by_denomination():
    from materials.models import ItemType

    kinds = {i.code: BusinessType.objects.get(code=i.tally_code)
             for i in ItemType.objects.filter(category="value_card")}
    assert set(kinds) == {"card_50", "card_100"}
    assert kinds["card_50"] != kinds["card_100"]
    assert all(k.is_active and k.shortcut for k in kinds.values())


def test_with_the_shipped_reference_data_a_matching_day_passes(world):
    _tapped_cards(world, 5)
    assert clerk_day_check(world.store_a, world.clerk_a, DAY) == []
    sections = {s.key: ctx for s, ctx in duty_log_sections(world.store_a, DAY, None)}
    assert sections["materials"]["mismatches"] == []


def test_with_the_shipped_reference_data_a_mismatch_is_flagged(world, clients):
    report = _tapped_cards(world, 4)
    found = {m.what: (m.ledger, m.reported) for m in clerk_day_check(world.store_a,
                                                                       world.clerk_a, DAY)}
    assert found == {"50-yuan value card sold (tally)": ("5", "4")}
    sections = {s.key: ctx for s, ctx in duty_log_sections(world.store_a, DAY, None)}
    [(clerk, mismatches)] = sections["materials"]["mismatches"]
    assert clerk == world.clerk_a and [m.ledger for m in mismatches] == ["5"]
    page = clients.dm_a.get(reverse("duty_manager:report", args=[report.pk])).content.decode()
    assert 'data-testid="materials-mismatch"' in page and "50元充值卡" in page
