"""Repeat detection across halls without showing one store another store's orders.

Scope: the halls of the intake store's region. A store role learns the fact and a count;
the region's supervisor reads the details.
"""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from complaints.models import WorkOrder
from hallops.permissions import Role
from tests import factories
from tests.complaints.helpers import make_order

pytestmark = pytest.mark.django_db
NUMBER = "13755550000"


@pytest.fixture
def neighbour(world):
    """A second hall in store A's region, with its own complaint handler."""
    store = factories.make_store("A002", region=world.region_a, name="中华大街营业厅")
    handler = factories.make_user("ch_a2", role=Role.COMPLAINT_HANDLER, store=store)
    return store, handler


def _earlier_card(html: str) -> str:
    match = re.search(r'data-testid="earlier-orders">(.*?)</ul>', html, re.S)
    return match.group(1) if match else ""


def _elsewhere_line(html: str) -> str:
    match = re.search(r'data-testid="repeat-elsewhere">(.*?)</li>', html, re.S)
    return match.group(1) if match else ""


def test_it_counts_the_regions_other_halls_without_linking_their_orders(world, neighbour):
    store, handler = neighbour
    make_order(world, store=store, actor=handler, number=NUMBER, category_code="bill_cdr")
    same_hall = make_order(world, number=NUMBER)
    order = make_order(world, number=NUMBER)
    assert order.is_repeat
    assert order.repeat_elsewhere_count == 1
    # Only this hall's earlier order is linked: nothing ties it to the other hall's order.
    assert list(order.earlier_orders.all()) == [same_hall]
    assert not WorkOrder.objects.filter(store=store, later_orders__isnull=False).exists()


def test_it_flags_a_repeat_seen_only_at_another_hall_of_the_region(world, neighbour):
    store, handler = neighbour
    make_order(world, store=store, actor=handler, number=NUMBER)
    order = make_order(world, number=NUMBER)
    assert order.is_repeat and order.repeat_elsewhere_count == 1
    assert not order.earlier_orders.exists()


def test_it_leaves_halls_of_other_regions_out(world):
    make_order(world, store=world.store_b, number=NUMBER)
    order = make_order(world, number=NUMBER)
    assert not order.is_repeat
    assert order.repeat_elsewhere_count == 0


def test_it_counts_only_the_window_and_not_cancelled_orders(world, neighbour):
    store, handler = neighbour
    now = timezone.now()
    make_order(world, store=store, actor=handler, number=NUMBER,
               received_at=now - dt.timedelta(days=31))
    cancelled = make_order(world, store=store, actor=handler, number=NUMBER)
    WorkOrder.objects.filter(pk=cancelled.pk).update(status=WorkOrder.Status.CANCELLED)
    order = make_order(world, number=NUMBER)
    assert not order.is_repeat and order.repeat_elsewhere_count == 0


@pytest.mark.parametrize("who", ["ch_a", "dm_a", "sm_a"])
def test_it_shows_a_store_role_only_the_count(world, clients, neighbour, who):
    store, handler = neighbour
    other = make_order(world, store=store, actor=handler, number=NUMBER)
    order = make_order(world, number=NUMBER)
    response = getattr(clients, who).get(reverse("complaints:order", args=[order.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    line = _elsewhere_line(html)
    assert "1" in line and "30" in line
    assert other.number not in html
    # (The hall's name is on the page in the transfer form's list of halls, not in the card.)
    assert store.name not in _earlier_card(html)
    assert list(response.context["earlier_elsewhere"]) == []
    # The other hall's order itself stays out of reach.
    response = getattr(clients, who).get(reverse("complaints:order", args=[other.pk]))
    assert response.status_code == 404


def test_it_shows_the_regions_supervisor_the_other_halls_orders(world, clients, neighbour):
    store, handler = neighbour
    other = make_order(world, store=store, actor=handler, number=NUMBER, category_code="bill_cdr")
    order = make_order(world, number=NUMBER)
    response = clients.supervisor.get(reverse("complaints:order", args=[order.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert _elsewhere_line(html)
    assert other.number in html and store.name in _earlier_card(html)
    assert reverse("complaints:order", args=[other.pk]) in html
    assert list(response.context["earlier_elsewhere"]) == [other]


def test_it_shows_no_earlier_orders_card_for_a_first_complaint(world, clients):
    order = make_order(world, number=NUMBER)
    response = clients.ch_a.get(reverse("complaints:order", args=[order.pk]))
    assert 'data-testid="earlier-orders"' not in response.content.decode()


def test_it_turns_existing_cross_hall_links_into_a_count(world, neighbour):
    """The data migration: links to other halls' orders made before this change."""
    store, handler = neighbour
    other_region = make_order(world, store=world.store_b, number=NUMBER)
    other_hall = make_order(world, store=store, actor=handler, number=NUMBER)
    same_hall = make_order(world, number=NUMBER)
    order = make_order(world, number=NUMBER)
    order.earlier_orders.add(other_region, other_hall)
    WorkOrder.objects.filter(pk=order.pk).update(repeat_elsewhere_count=0)
    migration = importlib.import_module("complaints.migrations.0005_repeat_elsewhere_count")
    migration.unlink_other_halls(django_apps, None)
    order.refresh_from_db()
    assert order.repeat_elsewhere_count == 2
    assert list(order.earlier_orders.all()) == [same_hall]
    assert order.is_repeat
