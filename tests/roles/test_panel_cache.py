"""Home panels rendered once and reused until the store's next write (hallops.registry)."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hallops.templatetags.hallops_tags import CSRF_PLACEHOLDER
from tests import factories
from tests.conftest import login

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return TOKEN.sub("", response.content.decode()), len(queries)


@pytest.mark.parametrize(("persona", "url_name"), [
    ("sm_a", "store_manager:home"),
    ("dm_a", "duty_manager:home"),
    ("clerk_a", "clerk:home"),
    ("ch_a", "complaint_handler:home"),
])
def test_it_serves_the_second_home_from_the_cache_with_the_same_page(
        world, page_cache, persona, url_name):
    client = login(getattr(world, persona))
    url = reverse(url_name)
    client.get(url)  # the session's first request
    cache.clear()  # then the home rendered, and served again from the cache
    first, first_queries = _get(client, url)
    second, second_queries = _get(client, url)
    assert second == first
    assert second_queries < first_queries
    # The shell (session, user, acting role, bell) plus the store's version, nothing per panel.
    assert second_queries <= 8


def test_a_write_in_the_store_shows_at_once(world, page_cache):
    client = login(world.clerk_a)
    url = reverse("clerk:home")
    factories.roster(world.store_a, world.clerk_a, _today(world), "C", "consult")
    before, _ = _get(client, url)
    assert 'data-testid="clock-in"' in before
    assert client.post(reverse("clock_in"), {"reason": ""}).status_code == 302
    after, _ = _get(client, url)
    assert 'data-testid="clock-in"' not in after
    assert 'data-testid="clock-out"' in after


def test_a_write_in_another_store_keeps_the_cache(world, page_cache):
    client = login(world.clerk_a)
    url = reverse("clerk:home")
    _get(client, url)
    _get(client, url)
    _, cached_queries = _get(client, url)
    factories.roster(world.store_b, world.clerk_b, _today(world), "C", "consult")
    assert login(world.clerk_b).post(reverse("clock_in"), {"reason": ""}).status_code == 302
    _, queries = _get(client, url)
    assert queries == cached_queries


def test_people_and_languages_never_share_a_panel(world, page_cache):
    factories.roster(world.store_a, world.clerk_a, _today(world), "C", "consult")
    empty = "未来两周没有班次。"
    clerk = login(world.clerk_a)
    for _ in range(3):
        mine, _ = _get(clerk, reverse("clerk:home"))
    assert empty not in mine
    # Another person on a clerk's home in the same store, with no write between: their own panels.
    factories.grant(world.dm_a, "clerk", store=world.store_a)
    other = login(world.dm_a)
    for _ in range(2):
        page, _ = _get(other, reverse("clerk:home"))
    assert empty in page
    # The same person in English: English panels, not the cached Chinese ones.
    world.clerk_a.profile.language = "en"
    world.clerk_a.profile.save()
    english, _ = _get(clerk, reverse("clerk:home"))
    assert "My upcoming shifts" in english
    assert "我的近期班次" not in english


def test_a_cached_panels_form_still_passes_csrf(world, page_cache):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk_a)
    factories.roster(world.store_a, world.clerk_a, _today(world), "C", "consult")
    client.get(reverse("clerk:home"))
    client.get(reverse("clerk:home"))
    html = client.get(reverse("clerk:home")).content.decode()
    form = html.split('action="/attendance/clock-in/"', 1)[1].split("</form>", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = client.post(reverse("clock_in"), {"csrfmiddlewaretoken": token, "reason": ""})
    assert response.status_code == 302
    assert world.clerk_a.attendance.count() == 1


def _today(world):
    from hallops.businessdate import business_date

    return business_date(store=world.store_a)


def test_the_fund_receivers_deposits_are_kept_until_the_stores_next_write(world, page_cache):
    """The fund receiver's home keeps its deposit part (the waiting hand-ins, the form and the
    deposits) like a panel: the same page from the cache, a confirmation or a deposit at once."""
    from hallops.selectors.cash import undeposited_handins
    from tests.cash.helpers import confirmed_till

    client = login(world.fr_a)
    url = reverse("fund_receiver:home")
    client.get(url)  # the session's first request
    cache.clear()
    first, first_queries = _get(client, url)
    second, second_queries = _get(client, url)
    assert second == first and 'data-testid="undeposited-row"' not in second
    assert second_queries < first_queries and second_queries <= 6
    # Another session of the same person is served the kept part, with its own CSRF token.
    other = Client(enforce_csrf_checks=True)
    other.force_login(world.fr_a)
    other.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = other.get(url).content.decode()
    assert TOKEN.sub("", html) == first and len(queries) <= 6
    assert CSRF_PLACEHOLDER not in html

    confirmed_till(world)  # the duty manager confirms a hand-in: it is waiting at once
    waiting, _ = _get(client, url)
    assert 'data-testid="undeposited-row"' in waiting and 'data-testid="deposit-form"' in waiting
    handins = undeposited_handins(world.store_a)
    response = client.post(url, {
        "slip_no": "DS-9", "collected_at": "2026-03-02T17:30", "collectors": "张三\n李四",
        "cash_amount": str(sum(h.cash_due for h in handins)),
        "cheque_amount": str(sum(h.cheque_due for h in handins)),
        "handins": [str(h.pk) for h in handins], "mismatch_reason": ""})
    assert response.status_code == 302
    after, _ = _get(client, url)
    assert 'data-testid="undeposited-row"' not in after and "DS-9" in after


def test_a_kept_part_s_form_passes_csrf_in_another_session(world, page_cache):
    from tests.cash.helpers import confirmed_till

    confirmed_till(world)
    url = reverse("fund_receiver:home")
    login(world.fr_a).get(url)  # kept by the person's first session
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.fr_a)
    html = client.get(url).content.decode()
    form = html.split('data-testid="deposit-form"', 1)[1].split("</form>", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    # Accepted by the CSRF check (403 otherwise), then refused as incomplete: nothing saved.
    assert client.post(url, {"csrfmiddlewaretoken": token, "slip_no": ""}).status_code == 400


def test_the_persons_sessions_share_the_panels_each_with_its_own_csrf_token(world, page_cache):
    """The key holds no CSRF secret (a person's second browser, the benchmark's 32 sessions):
    the cached HTML is filled with the requesting session's token, which passes the check."""
    factories.roster(world.store_a, world.clerk_a, _today(world), "C", "consult")
    url = reverse("clerk:home")
    first = Client(enforce_csrf_checks=True)
    first.force_login(world.clerk_a)
    first.get(url)
    first.get(url)  # rendered and cached
    second = Client(enforce_csrf_checks=True)
    second.force_login(world.clerk_a)
    second.get(url)  # sets the second session's CSRF cookie
    with CaptureQueriesContext(connection) as queries:
        html = second.get(url).content.decode()
    assert len(queries) <= 8  # served from the first session's cache
    assert "\x00" not in html
    form = html.split('action="/attendance/clock-in/"', 1)[1].split("</form>", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    assert first.post(reverse("clock_in"), {"csrfmiddlewaretoken": token, "reason": ""}).status_code == 403
    response = second.post(reverse("clock_in"), {"csrfmiddlewaretoken": token, "reason": ""})
    assert response.status_code == 302
    assert world.clerk_a.attendance.count() == 1
