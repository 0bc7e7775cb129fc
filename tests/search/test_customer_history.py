"""The work-order page lists the customer's other records at this store, linked (issue 17)."""

import pytest
from django.urls import reverse

from .helpers import make_order, opinion, service_record

NUMBER = "13812340000"


@pytest.fixture
def history(world):
    earlier = make_order(world, number=NUMBER)
    elsewhere = make_order(world, store=world.store_b, number=NUMBER)
    note = opinion(world.store_a, phone=NUMBER, content="排队太久")
    opinion(world.store_b, phone=NUMBER, content="别的厅的意见")
    record = service_record(world.store_a, world.clerk_a, phone=NUMBER)
    order = make_order(world, number=NUMBER)
    return order, earlier, elsewhere, note, record


def _page(client, order):
    response = client.get(reverse("complaints:order", args=[order.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_links_the_customers_records_at_this_store_for_the_store_manager(world, clients,
                                                                             history):
    order, earlier, elsewhere, note, record = history
    html = _page(clients.sm_a, order)
    assert 'data-testid="customer-history"' in html
    assert reverse("complaints:order", args=[earlier.pk]) in html
    assert f"#opinion-{note.pk}" in html
    assert f"{reverse('store_manager:service_records')}?month={record.business_date:%Y-%m}" in html
    # Another store's order and opinion never appear, not even as text.
    assert elsewhere.number not in html
    assert "别的厅的意见" not in html


def test_it_shows_the_handler_the_records_without_links_to_pages_it_cannot_open(world, clients,
                                                                               history):
    order, earlier, _elsewhere, note, _record = history
    html = _page(clients.ch_a, order)
    assert reverse("complaints:order", args=[earlier.pk]) in html
    assert "排队太久" in html
    assert f"#opinion-{note.pk}" not in html  # the handler has no opinions page
    assert reverse("store_manager:service_records") not in html


def test_it_costs_the_same_queries_with_a_long_history(world, clients, history,
                                                       django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    order = history[0]
    _page(clients.sm_a, order)
    with CaptureQueriesContext(connection) as few:
        _page(clients.sm_a, order)
    for _ in range(12):
        make_order(world, number=NUMBER)
        opinion(world.store_a, phone=NUMBER)
        service_record(world.store_a, world.clerk_a, phone=NUMBER)
    with CaptureQueriesContext(connection) as many:
        html = _page(clients.sm_a, order)
    assert len(many) == len(few)
    assert html.count('data-testid="history-order"') == 10  # capped
