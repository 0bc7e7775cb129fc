"""The search page (issue 17): scoped to the reader's stores, masked, linked to the pages the
reader's role may open, refusing bad text with a message, bounded in queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.models import Source
from search.selectors import CAP
from tests.factories import make_store

from .helpers import duty_log, make_order, opinion, service_record, till

URL = reverse("search:search")
NUMBER_A, NUMBER_B, NUMBER_C = "13812345678", "13912345678", "13712345678"


@pytest.fixture
def orders(world):
    """The same last four digits at store A, store B (another region) and store C (region A)."""
    store_c = make_store("SJZ903", region=world.region_a)
    a = make_order(world, number=NUMBER_A, source=Source.HOTLINE, external_no="10086555001")
    b = make_order(world, store=world.store_b, number=NUMBER_B)
    c = make_order(world, store=store_c, actor=world.ch_a, number=NUMBER_C)
    return a, b, c


def _search(client, q):
    return client.get(URL, {"q": q})


@pytest.mark.parametrize("persona", ["sm_a", "dm_a", "ch_a"])
def test_it_finds_a_store_role_its_order_by_the_last_four_digits_masked(
        world, clients, orders, persona):
    a, b, c = orders
    response = _search(getattr(clients, persona), "5678")
    assert response.status_code == 200
    html = response.content.decode()
    assert a.number in html
    assert reverse("complaints:order", args=[a.pk]) in html
    assert b.number not in html and c.number not in html  # other stores' rows never appear
    assert "138****5678" in html
    assert NUMBER_A not in html and NUMBER_B not in html  # never the whole number


def test_it_shows_the_supervisor_the_orders_of_the_region_only(world, clients, orders):
    a, b, c = orders
    html = _search(clients.supervisor, "5678").content.decode()
    assert a.number in html and c.number in html
    assert b.number not in html
    assert "137****5678" in html and NUMBER_C not in html
    assert c.store.name in html  # the supervisor is told which hall


@pytest.mark.parametrize("persona", ["clerk_a", "fr_a"])
def test_it_offers_no_work_orders_to_roles_without_the_order_page(world, clients, orders,
                                                                  persona):
    a, _b, _c = orders
    html = _search(getattr(clients, persona), "5678").content.decode()
    assert a.number not in html
    assert 'data-testid="search-group-work_order"' not in html


def test_it_finds_an_order_by_its_external_number(world, clients, orders):
    a, _b, _c = orders
    for q in ("10086555001", "10086555"):
        html = _search(clients.ch_a, q).content.decode()
        assert a.number in html, q
    # store B's handler cannot reach store A's order by its number either.
    assert a.number not in _search(clients.ch_b, "10086555001").content.decode()


def test_it_finds_an_order_by_its_number_and_the_whole_customer_number(world, clients, orders):
    a, b, _c = orders
    assert a.number in _search(clients.dm_a, a.number).content.decode()
    assert a.number in _search(clients.dm_a, NUMBER_A).content.decode()
    html = _search(clients.dm_a, b.number).content.decode()
    assert reverse("complaints:order", args=[b.pk]) not in html
    assert 'data-testid="search-hit"' not in html


def test_it_links_each_kind_to_the_page_of_the_searching_role(world, clients):
    day = timezone.localdate() - dt.timedelta(days=3)
    log = duty_log(world.store_a, world.dm_a, day=day)
    session = till(world.store_a, world.clerk_a, world.dm_a, day=day)
    other_log = duty_log(world.store_b, world.dm_b, day=day)
    q = f"{day:%Y-%m-%d}"
    sm = _search(clients.sm_a, q).content.decode()
    assert reverse("store_manager:dutylog", args=[log.pk]) in sm
    assert reverse("store_manager:cash_session", args=[session.pk]) in sm
    dm = _search(clients.dm_a, q).content.decode()
    assert reverse("duty_manager:dutylog", args=[log.pk]) in dm
    assert f"{reverse('duty_manager:cash_board')}?day={q}" in dm
    sv = _search(clients.supervisor, q).content.decode()
    assert reverse("supervisor:dutylog", args=[log.pk]) in sv
    assert reverse("supervisor:dutylog", args=[other_log.pk]) not in sv  # region B
    assert 'data-testid="search-group-till"' not in sv  # no till page for a supervisor
    ch = _search(clients.ch_a, q).content.decode()
    assert 'data-testid="search-group-duty_log"' not in ch


def test_it_shows_the_fund_receiver_only_confirmed_tills(world, clients):
    from tests.cash.helpers import confirmed_till

    confirmed = confirmed_till(world)
    open_one = till(world.store_a, world.clerk_a, world.dm_a,
                    day=confirmed.business_date - dt.timedelta(days=1))
    html = _search(clients.fr_a, f"{confirmed.business_date:%Y-%m-%d}").content.decode()
    assert reverse("fund_receiver:till", args=[confirmed.pk]) in html
    html = _search(clients.fr_a, f"{open_one.business_date:%Y-%m-%d}").content.decode()
    assert reverse("fund_receiver:till", args=[open_one.pk]) not in html
    assert 'data-testid="search-nothing"' in html


def test_it_shows_a_clerk_only_their_own_service_records(world, clients):
    from tests.factories import make_user

    other = make_user("clerk_a2", role="clerk", store=world.store_a)
    service_record(world.store_a, world.clerk_a, phone="13800005678")
    service_record(world.store_a, other, phone="13800015678")
    html = _search(clients.clerk_a, "5678").content.decode()
    assert "138****5678" in html
    assert html.count('data-testid="search-hit"') == 1
    assert reverse("clerk:service_records") in html
    sm = _search(clients.sm_a, "5678").content.decode()
    assert sm.count('data-testid="search-hit"') == 2


def test_it_finds_opinions_by_number_and_words_and_tills_by_the_clerks_name(world, clients):
    mine = opinion(world.store_a, phone="13800005678", content="空调太冷了")
    opinion(world.store_b, phone="13800005678", content="空调太冷了")
    html = _search(clients.dm_a, "5678").content.decode()
    assert f"#opinion-{mine.pk}" in html
    assert html.count('data-testid="search-hit"') == 1
    assert f"#opinion-{mine.pk}" in _search(clients.sm_a, "空调").content.decode()
    session = till(world.store_a, world.clerk_a, world.dm_a, day=timezone.localdate())
    till(world.store_b, world.clerk_b, world.dm_b, day=timezone.localdate())
    html = _search(clients.sm_a, "clerk_").content.decode()  # the clerks' shown names
    assert reverse("store_manager:cash_session", args=[session.pk]) in html
    assert html.count(reverse("store_manager:cash", args=[]) + "till/") == 1


HOSTILE = [
    ("", "search-refused"),
    ("   ", "search-refused"),
    ("x" * 10_000, "search-refused"),
    ("a\x00b", "search-refused"),
    ("%", "search-refused"),
    ("2026-02-30", "search-refused"),
    ("2026-13-01", "search-refused"),
    ("9999-01-01", "search-refused"),
    ("\u202e5678", "search-refused"),
]


@pytest.mark.parametrize(("q", "marker"), HOSTILE)
def test_it_refuses_bad_text_with_a_message(world, clients, q, marker):
    response = _search(clients.sm_a, q)
    assert response.status_code == 400
    assert f'data-testid="{marker}"' in response.content.decode()


@pytest.mark.parametrize("q", ["%%", "__", "%_", "' OR 1=1 --", "'; DROP TABLE x; --", "\\\\",
                               "<script>alert(1)</script>"])
def test_it_reads_wildcards_and_sql_as_plain_text(world, clients, orders, q):
    response = _search(clients.sm_a, q)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="search-hit"' not in html  # no wildcard matched every row
    assert "<script>alert(1)" not in html


def test_it_says_the_reason_in_chinese(world, clients):
    response = _search(clients.sm_a, "2026-02-30")
    assert "不是日期" in response.content.decode()


def test_it_caps_each_kind_and_hints_at_more(world, clients):
    for i in range(CAP + 2):
        make_order(world, number=f"138{i:04d}5678")
    html = _search(clients.sm_a, "5678").content.decode()
    assert html.count('data-testid="search-hit"') == CAP
    assert 'data-testid="search-more"' in html


def test_it_runs_as_many_queries_with_many_rows_as_with_few(world, clients):
    make_order(world, number="13800005678")
    service_record(world.store_a, world.clerk_a, phone="13800005678")
    opinion(world.store_a, phone="13800005678")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert _search(clients.sm_a, "5678").status_code == 200
        return len(queries)

    count()  # the first request of a session warms caches (the session, the acting role)
    few = count()
    for i in range(15):
        make_order(world, number=f"138{i:04d}5678")
        service_record(world.store_a, world.clerk_a, phone=f"138{i:04d}5678")
        opinion(world.store_a, phone=f"138{i:04d}5678")
    assert count() == few
    assert few <= 20
