"""One seeded world per fuzz module, and the forms every persona's pages show.

Seeding every feature and walking every page costs seconds, so it happens once per module
inside a transaction that is rolled back when the module ends; each test runs in a savepoint
of it (pytest-django's `db`), and each generated request in a savepoint of its own.
"""

import os
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, Phase, settings

from hallops.permissions import Role
from hallops.scoping import scopes_disabled
from tests.integration.seed import seed_world
from tests.personas import build_world
from tests.test_permission_matrix import CASES

from .forms import page_forms

# CI runs a fixed, reproducible set of examples; HYPOTHESIS_PROFILE=explore looks further.
_COMMON = {"deadline": None, "database": None, "print_blob": True,
               "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                      HealthCheck.data_too_large, HealthCheck.filter_too_much]}
# CI does not shrink a failing example (minutes per failure on a busy machine): the example is
# printed as found; HYPOTHESIS_PROFILE=explore shrinks.
settings.register_profile("ci", derandomize=True,
                          phases=(Phase.explicit, Phase.reuse, Phase.generate),
                          max_examples=int(os.environ.get("HALLOPS_FUZZ_EXAMPLES", "8")), **_COMMON)
settings.register_profile("explore", max_examples=int(os.environ.get("HALLOPS_FUZZ_EXAMPLES", "300")),
                          **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The persona that plays each role (all of store A, the supervisor over A's region).
ROLE_PERSONA = {Role.STORE_MANAGER: "sm_a", Role.DUTY_MANAGER: "dm_a", Role.CLERK: "clerk_a",
                Role.COMPLAINT_HANDLER: "ch_a", Role.SUPERVISOR: "supervisor",
                Role.FUND_RECEIVER: "fr_a"}
# Public URLs left out: logging out ends the session the other requests need, and failed
# logins would lock the account (django-axes); the language switch is fuzzed as a manager.
SKIPPED_PUBLIC = {"login", "logout", "healthz"}


def personas_for(case) -> list[str]:
    if case.public:
        return [] if case.url_name in SKIPPED_PUBLIC else ["sm_a"]
    personas = list(dict.fromkeys(ROLE_PERSONA[role] for role in case.roles))
    # URLs every role reaches (home, notifications…) answer the same code path: two suffice.
    return personas if len(personas) <= 3 else personas[:1] + ["supervisor"]


TARGETS = [(persona, name) for name, case in sorted(CASES.items()) for persona in personas_for(case)]


def fuzz_client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world with every feature seeded, the URL of each case and the forms of each page."""
    overrides = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("fuzz-media"), LANGUAGE_CODE="zh-hans",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), overrides:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            # Module fixtures run before the per-test unscoped fixture: the builder is the
            # operator, unscoped like test code (tests/conftest.py).
            with scopes_disabled():
                built = _build()
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _build() -> SimpleNamespace:
    from hallops.services.dutylog import duty_log_submit
    from tests.dutyops.helpers import filled

    world = build_world()
    a, b = seed_world(world)
    duty_log_submit(actor=world.dm_a, log=a.log, data=filled(a.log))
    # Several cases share one kwargs builder that creates its object each time: build once.
    built: dict = {}
    paths = {}
    for name, case in CASES.items():
        if case.kwargs and case.kwargs not in built:
            built[case.kwargs] = case.kwargs(world)
        paths[name] = reverse(name, kwargs=built.get(case.kwargs)) + case.query
    # Ids of store B's objects and people: a form of store A must refuse them, not crash.
    other_ids = sorted({world.sm_b.pk, world.dm_b.pk, world.clerk_b.pk, world.ch_b.pk, world.fr_b.pk,
                        b.session.pk, b.report.pk, b.order.pk, b.log.pk, b.run.pk})
    forms: dict = {}  # (persona, action URL name) → [FormSpec]
    clients = {p: fuzz_client(getattr(world, p)) for p in ROLE_PERSONA.values()}
    for name, case in CASES.items():
        if case.method != "get" or case.public:
            continue
        for persona in dict.fromkeys(ROLE_PERSONA[r] for r in case.roles):
            response = clients[persona].get(paths[name])
            if "text/html" not in response.get("Content-Type", ""):
                continue
            for spec in page_forms(response.content.decode(errors="replace"), paths[name]):
                found = forms.setdefault((persona, spec.url_name), [])
                if spec.key() not in {f.key() for f in found}:
                    found.append(spec)
    return SimpleNamespace(world=world, paths=paths, forms=forms, other_ids=other_ids)
