"""Every persona's menu pages answer with the same number of queries on a small demo
database and on a bigger one (more stores, more days): lists are bounded and paginated,
figures are counted by the database, and nothing runs a query per row.

Seeded through `seed_demo` (the generator the page benchmark uses), on PostgreSQL only:
the benchmark's database is PostgreSQL, and on it query plans and counts are the real ones.
No timing here; timings are bench/page_bench.py's business.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.page_bench import FUND_RECEIVER_STORE, PERSONAS, extra_queries
from hallops.models import RoleAssignment, Store
from hallops.permissions import ROLE_NAMESPACE, Role
from hallops.registry import nav_for
from hallops.services.fund_receiver import fund_receiver_grant

pytestmark = [pytest.mark.scale, pytest.mark.postgres]

# Both seeds cover the months the history pages ask for (last month), so the comparison is
# "more rows", never "no rows" against "some" (an empty queryset skips its prefetches).
SMALL = {"stores": 2, "days": 62}
BIG = {"stores": 10, "days": 62}


def _pages(role: str) -> list[str]:
    namespace = ROLE_NAMESPACE[role]
    urls = [reverse(f"{namespace}:home")]
    extras = extra_queries()
    for item in nav_for(role):
        urls.append(item.url)
        urls += [item.url + query for query in extras.get(item.url_name, [])]
    return urls


def _clients() -> dict[str, tuple[Client, list[str]]]:
    User = get_user_model()
    out = {}
    for persona, username, role in PERSONAS:
        user = User.objects.get(username=username)
        if role == Role.FUND_RECEIVER and not RoleAssignment.objects.filter(user=user, role=role).exists():
            store = Store.objects.get(code=FUND_RECEIVER_STORE)
            manager = RoleAssignment.objects.filter(store=store, role=Role.STORE_MANAGER).first()
            fund_receiver_grant(actor=manager.user, store=store, user=user)
        client = Client()
        client.force_login(user)
        # Act as the persona's role (a person may hold several).
        assignment = RoleAssignment.objects.get(user=user, role=role, is_active=True)
        client.post(reverse("acting_switch"), {"assignment": assignment.pk})
        out[persona] = (client, _pages(role))
    return out


def _measure() -> dict[tuple[str, str], int]:
    counts = {}
    for persona, (client, urls) in _clients().items():
        for url in urls:
            client.get(url)  # warm: per-process caches (content types, templates) filled
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, f"{persona} {url}: {response.status_code}"
            counts[(persona, url)] = len(ctx.captured_queries)
    return counts


def test_it_answers_every_menu_page_with_queries_that_do_not_grow_with_the_data(db):
    call_command("seed_demo", stdout=io.StringIO(), **SMALL)
    small = _measure()
    call_command("seed_demo", stdout=io.StringIO(), **BIG)
    assert Store.objects.count() >= 3 + BIG["stores"]
    big = _measure()
    grew = {page: (small[page], big[page]) for page in small if big[page] > small[page]}
    assert not grew, f"queries grew with the data (small, big): {grew}"
