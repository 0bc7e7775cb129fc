"""The service pages read with the same number of queries whatever the number of rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .helpers import record_check, record_visit

PAGES = [("sm_a", "service:checks"), ("sm_a", "service:violations"), ("sm_a", "service:monthly"),
         ("sm_a", "service:mystery"), ("clerk_a", "clerk:home"), ("dm_a", "duty_manager:home"),
         ("supervisor", "service:monthly")]


def _counts(clients):
    out = {}
    for persona, name in PAGES:
        client = getattr(clients, persona)
        client.get(reverse(name))  # warm the session and the acting role
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        out[(persona, name)] = len(queries)
    return out


def test_the_pages_read_in_a_bounded_number_of_queries(world, clients):
    record_check(world, faults=("gestures",))
    record_visit(world, reference="V0", staff=world.clerk_a)
    few = _counts(clients)
    for n in range(8):
        record_check(world, faults=("gestures", "standing"), actor=world.sm_a)
        record_visit(world, reference=f"V{n + 1}", staff=world.dm_a if n % 2 else None)
    many = _counts(clients)
    assert many == few
