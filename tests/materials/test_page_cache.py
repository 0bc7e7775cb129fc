"""The materials pages' stock, a replay of the store's whole ledger, is kept in the cache under
the ledger's version (issue 10): any new entry shows at once, and the pages' queries do not
grow with the ledger."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from materials import selectors
from materials.ledger import STORE, item_states
from materials.models import Movement
from materials.services import movement_issue, movement_receive, movement_sell
from tests.materials.helpers import sim

pytestmark = pytest.mark.django_db


def _moves(world, items, start: int, n: int) -> None:
    for k in range(start, start + n):
        a = k * 10 + 1
        movement_receive(actor=world.sm_a, store=world.store_a, item=items.sim, reference=f"DN-{k}",
                         first_serial=sim(a), last_serial=sim(a + 9))
        movement_issue(actor=world.dm_a, store=world.store_a, item=items.sim, clerk=world.clerk_a,
                       first_serial=sim(a), last_serial=sim(a + 4))
        movement_sell(actor=world.clerk_a, store=world.store_a, item=items.sim, clerk=world.clerk_a,
                      first_serial=sim(a), last_serial=sim(a + 1))
        movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift, reference=f"G-{k}",
                         quantity=3)


def _plain(states):
    return {pk: (s.ranges, s.counts) for pk, s in states.items()}


def test_the_cached_stock_equals_a_fresh_replay_and_follows_each_new_entry(world, items, page_cache):
    _moves(world, items, 0, 3)
    wanted = [items.sim, items.gift, items.card50]
    first = selectors.store_item_states(world.store_a, wanted)
    assert _plain(first) == _plain(item_states(world.store_a, wanted))
    with CaptureQueriesContext(connection) as queries:
        again = selectors.store_item_states(world.store_a, wanted)
    assert len(queries) == 1 and _plain(again) == _plain(first)  # the version alone
    movement_sell(actor=world.clerk_a, store=world.store_a, item=items.sim, clerk=world.clerk_a,
                  first_serial=sim(3), last_serial=sim(3))
    fresh = selectors.store_item_states(world.store_a, wanted)
    assert fresh[items.sim.pk].quantity(("clerk", world.clerk_a.pk)) == 3 * 3 - 1
    assert _plain(fresh) == _plain(item_states(world.store_a, wanted))
    assert fresh[items.sim.pk].quantity(STORE) == 15


@pytest.mark.parametrize(("persona", "url_name"), [
    ("sm_a", "store_manager:materials"),
    ("dm_a", "duty_manager:materials"),
    ("clerk_a", "clerk:materials"),
])
def test_the_materials_pages_run_the_same_queries_with_a_short_and_a_long_ledger(
        world, clients, items, persona, url_name):
    client = getattr(clients, persona)
    url = reverse(url_name)
    _moves(world, items, 0, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _moves(world, items, 1, 12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many]


def test_the_store_managers_ledger_is_paged_newest_first(world, clients, items):
    """The ledger grows with every movement (issue 10): 25 rows a page, newest first, every
    movement on some page; a hostile page number falls back to a real page."""
    _moves(world, items, 0, 8)  # 32 movements
    url = reverse("store_manager:materials")
    first = clients.sm_a.get(url)
    second = clients.sm_a.get(url, {"page": "2"})
    assert [m.pk for m in first.context["page"]] == list(
        Movement.objects.filter(store=world.store_a).order_by("-at", "-pk")
        .values_list("pk", flat=True)[:25])
    assert first.content.decode().count('data-testid="ledger-row"') == 25
    assert second.content.decode().count('data-testid="ledger-row"') == 7
    for hostile in ("0", "-1", "abc", "99999999999999999999"):
        assert clients.sm_a.get(url, {"page": hostile}).status_code == 200
