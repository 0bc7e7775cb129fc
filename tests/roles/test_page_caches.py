"""Pages whose content is cached under the store's version (issue 10), like the home panels:
the same page from the cache, and any write in the store shows at once."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hallops.models import AuditEntry
from hallops.services.audit import audit_record

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _get(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return TOKEN.sub("", response.content.decode()), len(queries)


def _trail(html):
    return html[html.index("<table"):html.index("</table>")]


def test_the_audit_trail_comes_from_the_cache_until_the_next_entry(world, clients, page_cache, settings):
    url = reverse("store_manager:audit")
    for n in range(3):
        audit_record(actor=world.dm_a, store=world.store_a, action="meeting.recorded",
                     obj=world.clerk_a, reason=f"reason {n}")
    first, cold = _get(clients.sm_a, url)
    second, warm = _get(clients.sm_a, url)
    assert second == first and warm < cold
    settings.PANEL_CACHE_SECONDS = 0
    assert _trail(_get(clients.sm_a, url)[0]) == _trail(first)  # what the live page says
    settings.PANEL_CACHE_SECONDS = 60
    audit_record(actor=world.dm_a, store=world.store_a, action="meeting.recorded",
                 obj=world.clerk_a, reason="the newest")
    third, _ = _get(clients.sm_a, url)
    assert "the newest" in _trail(third) and "the newest" not in _trail(first)
    filtered, _ = _get(clients.sm_a, url, action="roster.entry_created")
    assert "the newest" not in _trail(filtered)  # filters are part of the key
    assert AuditEntry.objects.filter(store=world.store_a).count() >= 4
