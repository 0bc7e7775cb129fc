from decimal import Decimal

import pytest
from django.urls import reverse

from hallops.models import CashDrop, CashHandIn, ExpectedTakings, TillCount, TillSession
from tests.cash.helpers import (
    ZERO_NOTES,
    confirmed_till,
    counted_till,
    handed_in_till,
    open_till,
    settlement_xlsx,
)

pytestmark = pytest.mark.django_db


def _count_data(**overrides):
    data = {**dict.fromkeys(ZERO_NOTES, "0"), "cheque": "", "card": "", "mobile": "", "other": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize(("field", "value"), [
    ("notes_100", "abc"), ("notes_100", "-1"), ("notes_100", ""), ("card", "abc"),
    ("card", "-5"), ("card", "1.005"), ("card", "1e308"), ("notes_50", "1e308"),
])
def test_it_refuses_a_bad_count_and_saves_nothing(world, clients, field, value):
    session = open_till(world)
    response = clients.clerk_a.post(reverse("clerk:till_count", args=[session.pk]),
                                    _count_data(**{field: value}))
    assert response.status_code == 400
    assert "未保存任何内容" in response.content.decode()
    assert not TillCount.objects.exists()
    session.refresh_from_db()
    assert session.status == TillSession.Status.OPEN


def test_it_refuses_an_empty_count(world, clients):
    session = open_till(world)
    response = clients.clerk_a.post(reverse("clerk:till_count", args=[session.pk]), {})
    assert response.status_code == 400
    assert not TillCount.objects.exists()


def test_it_hides_the_expected_figures_until_the_count(world, clients):
    session = open_till(world)
    from hallops.services.cash import till_expected_set

    till_expected_set(actor=world.dm_a, session=session, amounts={"cash": "4321.00"})
    page = clients.clerk_a.get(reverse("clerk:till")).content.decode()
    assert "4321" not in page and 'data-testid="count-form"' in page
    response = clients.clerk_a.post(reverse("clerk:till_count", args=[session.pk]),
                                    _count_data(notes_100="45"))
    assert response.status_code == 302
    page = clients.clerk_a.get(reverse("clerk:till")).content.decode()
    assert "4321.00" in page and 'data-testid="overage"' not in page
    assert 'data-testid="shortage"' in page


def test_it_answers_404_for_another_clerks_or_stores_till(world, clients):
    from tests import factories

    other_clerk = factories.make_user("clerk_a2", role="clerk", store=world.store_a)
    mine = open_till(world, clerk=other_clerk)
    assert clients.clerk_a.post(reverse("clerk:till_count", args=[mine.pk]),
                                _count_data()).status_code == 404
    assert clients.clerk_b.post(reverse("clerk:till_drop", args=[mine.pk]),
                                {"amount": "5"}).status_code == 404
    assert not TillCount.objects.exists() and not CashDrop.objects.exists()


@pytest.mark.parametrize("amount", ["abc", "-1", "10.001", "1e308", ""])
def test_it_refuses_a_bad_float(world, clients, amount):
    response = clients.dm_a.post(reverse("duty_manager:cash_float_issue"),
                                 {"clerk": world.clerk_a.pk, "amount": amount})
    assert response.status_code == 400
    assert not TillSession.objects.exists()


def test_it_refuses_a_float_for_another_stores_clerk_in_the_form(world, clients):
    response = clients.dm_a.post(reverse("duty_manager:cash_float_issue"),
                                 {"clerk": world.clerk_b.pk, "amount": "100"})
    assert response.status_code == 400
    assert not TillSession.objects.exists()


def test_it_says_so_when_a_hand_in_is_sent_twice(world, clients):
    session = handed_in_till(world)
    response = clients.clerk_a.post(reverse("clerk:till_handin", args=[session.pk]),
                                    {"bag_no": "B9", "seal_no": "S9"})
    assert response.status_code == 400
    assert CashHandIn.objects.get().bag_no == "B1"


def test_it_confirms_through_the_board(world, clients):
    session = handed_in_till(world)
    url = reverse("duty_manager:cash_confirm", args=[session.pk])
    bad = clients.dm_a.post(url, {f"c{session.pk}-received_cash": "1e308"})
    assert bad.status_code == 400
    ok = clients.dm_a.post(url, {f"c{session.pk}-received_cash": "995.00"})
    assert ok.status_code == 302
    again = clients.dm_a.post(url, {f"c{session.pk}-received_cash": "995.00"})
    assert again.status_code == 400
    session.refresh_from_db()
    assert session.status == TillSession.Status.CONFIRMED


def test_it_lists_every_broken_import_row_and_saves_nothing(world, clients):
    session = open_till(world)
    no = world.clerk_a.profile.employee_no
    upload = settlement_xlsx([(no, None, 100, 0, 0, 0, 0), ("", None, "x", 0, 0, 0, 0)])
    response = clients.dm_a.post(reverse("duty_manager:cash_import"),
                                 {"day": f"{session.business_date:%Y-%m-%d}", "file": upload})
    assert response.status_code == 400
    assert 'data-testid="import-errors"' in response.content.decode()
    assert not ExpectedTakings.objects.exists()


def test_it_shows_the_register_with_adjustments(world, clients):
    from hallops.services.cash import till_adjust

    session = confirmed_till(world)
    till_adjust(actor=world.sm_a, session=session, method="cash", amount="5", reason="补齐")
    page = clients.sm_a.get(reverse("store_manager:cash_register")).content.decode()
    assert 'data-kind="shortage"' in page and "补齐" in page
    assert 'data-testid="register-net">0.00' in page


def test_it_refuses_a_bad_adjustment(world, clients):
    session = confirmed_till(world)
    url = reverse("store_manager:cash_adjust", args=[session.pk])
    for amount in ("abc", "0", "1.001", "1e308"):
        response = clients.sm_a.post(url, {"method": "cash", "amount": amount, "reason": "x"})
        assert response.status_code == 400
    assert not session.adjustments.exists()


def _many_tills(world, n):
    from tests import factories

    for i in range(n):
        clerk = factories.make_user(f"c{i}", role="clerk", store=world.store_a)
        if i % 2:
            confirmed_till(world, clerk=clerk)
        else:
            counted_till(world, clerk=clerk)


@pytest.mark.parametrize("n", [1, 8])
def test_it_bounds_the_queries_of_the_cash_pages(world, clients, django_assert_max_num_queries,
                                                 n):
    _many_tills(world, n)
    for client, name in ((clients.dm_a, "duty_manager:cash_board"),
                         (clients.sm_a, "store_manager:cash"),
                         (clients.sm_a, "store_manager:cash_register"),
                         (clients.sm_a, "store_manager:cash_deposits"),
                         (clients.dm_a, "duty_manager:home"),
                         (clients.sm_a, "store_manager:home")):
        with django_assert_max_num_queries(40):
            assert client.get(reverse(name)).status_code == 200


def test_it_renders_the_duty_log_cash_section(world):
    from django.template.loader import render_to_string

    from hallops.registry import duty_log_sections

    session = confirmed_till(world)
    sections = {s.key: (s, ctx) for s, ctx in
                    duty_log_sections(world.store_a, session.business_date, None)}
    section, ctx = sections["cash"]
    assert ctx["shortages"][0].amount == Decimal("5.00")
    html = render_to_string(section.template, ctx)
    assert "5.00" in html and 'data-testid="duty-log-cash"' in html
