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
