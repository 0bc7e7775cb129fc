"""Personas: one user per role in store A (fund receiver included), the same roles in store B (outsiders),
a regional supervisor over A's region, and an anonymous client."""


from types import SimpleNamespace

import pytest
from django.test import Client

from hallops.celery import app as celery_app
from hallops.scoping import scopes_disabled
from tests.personas import build_world

PERSONAS = ("sm_a", "dm_a", "clerk_a", "ch_a", "fr_a", "sm_b", "dm_b", "clerk_b", "ch_b", "fr_b",
            "supervisor", "anon")

# Tasks enqueued in tests run in-process; integration tests start a real worker instead.
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _test_code_reads_every_store(request):
    """Test code is the operator: it builds and inspects every store's rows unscoped. What it
    calls enters its own scope (requests through the permission gate, tasks, commands), which
    overrides this one. Tests marked `scopes_enforced` run with no scope at all."""
    if request.node.get_closest_marker("scopes_enforced"):
        yield
        return
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _daytime_clock(request):
    """Tests run at 10:30 today, local time, with the clock ticking from there.

    Between local midnight and the business day's start (05:00) the business date is still
    yesterday's while the calendar date is today's: tests that build "today" one way and read it
    the other fail only at night (CI runs at any hour). Browser tests and tests with a real
    Celery worker keep the real clock (their other process would not share the travel);
    `real_clock` opts a test out."""
    if any(request.node.get_closest_marker(m) for m in ("browser", "integration", "real_clock")):
        yield
        return
    import time_machine
    from django.utils import timezone as tz

    local = tz.localtime()
    daytime = local.replace(hour=10, minute=30, second=0, microsecond=0)
    with time_machine.travel(daytime, tick=True):
        yield


@pytest.fixture(autouse=True)
def _media_and_language(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "zh-hans"
    # Real password hashing costs ~0.3 s a user; tests create dozens.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests change rows behind the services' backs (factories): no cached home panels or page
    # parts, except in the tests of the caches themselves (the `page_cache` fixture).
    settings.PANEL_CACHE_SECONDS = 0


@pytest.fixture
def page_cache(settings):
    """The page caches on (home panels, kept page parts, the audit trail's pages, the materials
    stock: `PANEL_CACHE_SECONDS`), starting and ending empty."""
    from django.core.cache import cache

    settings.PANEL_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_figures_cache(settings, tmp_path):
    """The shared figures cache (the supervisor's cockpit) starts empty in every test and is
    the test's own (in memory): a figure cached by one test must not show in the next."""
    settings.CACHES = {**settings.CACHES, "figures": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)}}


@pytest.fixture
def world(db):
    """Two stores in two regions with one person per role each, and a supervisor over A."""
    return build_world()


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clients(world):
    """A logged-in client per persona name, plus "anon"."""
    out = {name: login(getattr(world, name)) for name in PERSONAS if name != "anon"}
    out["anon"] = Client()
    return SimpleNamespace(**out)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need row locks, triggers and real decimals: skip on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://…")
    for item in items:
        if "postgres" in item.keywords or "scale" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def _migrated_snapshot(django_db_setup, django_db_blocker):
    """The database right after migrating: reference data from the data migrations.

    Taken when the first transactional test asks for it: pytest-django runs those after every
    test that rolls back, so the database still holds exactly what the migrations wrote. A run
    that selects no database test never builds a test database for it."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    """Transactional tests (threads, live server) flush every table when they end, reference
    data included; put the migrated reference data back before each of them.

    Django's serialized_rollback does not help: under Playwright the test thread's connection
    differs from the one Django restores on."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("live_server", "transactional_db")
    )
    if not transactional:
        return
    from django.core import serializers

    from hallops.models import Post

    snapshot = request.getfixturevalue("_migrated_snapshot")
    request.getfixturevalue("transactional_db")
    if Post.objects.exists():
        return
    # Content types and permissions come back by themselves (post_migrate after the flush).
    skip = {"contenttypes.contenttype", "auth.permission"}
    for obj in serializers.deserialize("json", snapshot):
        if obj.object._meta.label_lower not in skip:
            obj.save()
