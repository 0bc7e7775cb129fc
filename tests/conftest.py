"""Personas: one user per role in store A, the same roles in store B (outsiders),
a regional supervisor over A's region, and an anonymous client."""

from types import SimpleNamespace

import pytest
from django.test import Client

from hallops.celery import app as celery_app
from hallops.permissions import Role
from tests import factories

PERSONAS = ("sm_a", "dm_a", "clerk_a", "ch_a", "sm_b", "dm_b", "clerk_b", "ch_b", "supervisor", "anon")
PERSONA_ROLE = {
    "sm": Role.STORE_MANAGER,
    "dm": Role.DUTY_MANAGER,
    "clerk": Role.CLERK,
    "ch": Role.COMPLAINT_HANDLER,
}

# Tasks enqueued in tests run in-process; integration tests start a real worker instead.
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _media_and_language(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "zh-hans"
    # Real password hashing costs ~0.3 s a user; tests create dozens.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    """Two stores in two regions with one person per role each, and a supervisor over A."""
    return make_world()


def make_world() -> SimpleNamespace:
    """The `world` fixture's data; module-scoped fixtures (tests/fuzz) build it once."""
    region_a = factories.make_region("RA")
    region_b = factories.make_region("RB")
    store_a = factories.make_store("A001", region=region_a, name="和平路营业厅")
    store_b = factories.make_store("B001", region=region_b, name="建设街营业厅")
    w = SimpleNamespace(region_a=region_a, region_b=region_b, store_a=store_a, store_b=store_b)
    for prefix, role in PERSONA_ROLE.items():
        setattr(w, f"{prefix}_a", factories.make_user(f"{prefix}_a", role=role, store=store_a))
        setattr(w, f"{prefix}_b", factories.make_user(f"{prefix}_b", role=role, store=store_b))
    w.supervisor = factories.make_user("supervisor", role=Role.SUPERVISOR, region=region_a)
    return w


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
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _migrated_snapshot(django_db_setup, django_db_blocker):
    """The database right after migrating: reference data from the data migrations."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request, _migrated_snapshot):
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

    request.getfixturevalue("transactional_db")
    if Post.objects.exists():
        return
    # Content types and permissions come back by themselves (post_migrate after the flush).
    skip = {"contenttypes.contenttype", "auth.permission"}
    for obj in serializers.deserialize("json", _migrated_snapshot):
        if obj.object._meta.label_lower not in skip:
            obj.save()
