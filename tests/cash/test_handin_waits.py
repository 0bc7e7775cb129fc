"""Each step of the till says what it waits for, and from whom, before anyone tries it."""

import pytest
from django.urls import reverse

from hallops.services import cash as svc
from tests.business.factories import make_report
from tests.cash.helpers import counted_till, notes, open_till, reason

pytestmark = pytest.mark.django_db


def _page(clients) -> str:
    return clients.clerk_a.get(reverse("clerk:till")).content.decode()


def test_it_says_the_hand_in_waits_for_the_duty_managers_billing_figures(world, clients):
    session = open_till(world)
    svc.till_count_record(actor=world.clerk_a, session=session, notes=notes(notes_100=10),
                          non_cash={})
    page = _page(clients)
    assert 'data-testid="waiting-expected"' in page
    assert "值班经理" in page and world.dm_a.get_full_name() in page
    assert 'data-testid="handin-form"' not in page


def test_it_says_the_hand_in_waits_for_the_store_managers_approval(world, clients):
    session = counted_till(world, drawer=notes(notes_100=5))  # 500 short: beyond tolerance
    page = _page(clients)
    assert 'data-testid="waiting-explanations"' in page
    assert 'data-testid="handin-form"' not in page
    svc.till_differences_explain(actor=world.clerk_a, session=session, explanations={
        "cash": {"reason": reason(), "note": "待查", "destination": "made_up"}})
    page = _page(clients)
    assert 'data-testid="needs-approval"' in page and "厅经理" in page
    assert world.sm_a.get_full_name() in page
    assert 'data-testid="handin-form"' not in page
    svc.till_approve(actor=world.sm_a, session=session)
    page = _page(clients)
    assert 'data-testid="handin-form"' in page and 'data-testid="needs-approval"' not in page


def test_it_says_the_report_needs_the_hand_in_before_submitting(world, clients):
    session = open_till(world)
    report = make_report(world.store_a, world.clerk_a, session.business_date, status="draft")
    page = clients.clerk_a.get(reverse("clerk:report", args=[report.pk])).content.decode()
    assert 'data-testid="report-waiting-handin"' in page
    assert 'data-testid="report-submit"' not in page
