"""Store scopes that fail closed (issue 18): a store-owned query without a scope raises, a
request sees its acting store (a supervisor: the region), and every cross-store use is named.

Tests marked `scopes_enforced` run their body with no scope at all, as a Celery worker or a
management command would; they build their data in `scopes_disabled()`.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.utils import timezone

from complaints.models import WorkOrder
from complaints.selectors import overdue_orders
from complaints.tasks import sla_sweep_task
from hallops.models import AuditEntry, Store, TillSession
from hallops.permissions import SESSION_ROLE, SESSION_STORE, Role
from hallops.scoping import (
    ScopeError,
    active_store_ids,
    all_stores,
    region_scope,
    scopes_disabled,
    store_scope,
    stores_scope,
)
from hallops.selectors.cash import sessions_for_day
from reports.models import Kind, ReportFile
from reports.tasks import build_report
from tests import factories
from tests.complaints.helpers import make_order
from tests.personas import build_world

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)
NUMBER = "13755550000"

# Models with a foreign-key path to Store whose default manager is deliberately NOT scoped,
# with the reason (docs/ARCHITECTURE.md, "Store scopes", says the same).
EXEMPT = {
    "hallops.RoleAssignment": "the authority scopes are computed from: read before any scope "
                              "exists (resolve_acting, the login), store or region or neither",
    "hallops.Notification": "belongs to its recipient, not to a store: every read filters on "
                            "recipient=user (the bell in every page's shell)",
    "hallops.CashPolicy": "configuration: a shared default (no store) with per-store overrides, "
                          "set in /admin/",
    "hallops.TailCashLimit": "configuration: bands of a CashPolicy",
    "hallops.DiscrepancyReason": "configuration: shared reasons (no store) and a store's own, "
                                 "set in /admin/",
    "hallops.ChecklistTemplate": "configuration: shared templates (no store) and a store's own",
    "hallops.ChecklistItem": "configuration: the items of a ChecklistTemplate",
    "hallops.WebhookEndpoint": "configuration: a group robot of one store or one region, set in "
                               "/admin/; read by explicit store/region filters",
    "hallops.Event": "the operator's log of urgent events: written by emit, read in /admin/ and "
                     "by the delivery task by id",
    "hallops.Delivery": "the operator's log of deliveries: read and claimed by the delivery "
                        "task by id, shown read-only in /admin/",
    "reports.ReportSchedule": "configuration: a schedule names one store, one region or every "
                              "store; it is run by the operator-wide beat job",
}


def _store_paths(model, depth=2, prefix=""):
    """Lookups from `model` to Store through forward foreign keys, up to `depth` hops."""
    out = []
    for field in model._meta.get_fields():
        if not (field.is_relation and field.concrete and (field.many_to_one or field.one_to_one)):
            continue
        if field.related_model is Store:
            out.append(prefix + field.name)
        elif depth > 1 and field.related_model is not model:
            out += _store_paths(field.related_model, depth - 1, f"{prefix}{field.name}__")
    return out


def _resolve(model, path):
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def _store_owned_models():
    return [m for m in apps.get_models() if m is not Store and _store_paths(m)]


# -- every store-owned model is scoped --------------------------------------------------------

def test_every_model_with_a_path_to_store_has_a_scoped_default_manager_or_a_listed_reason():
    unscoped = []
    for model in _store_owned_models():
        path = getattr(type(model._default_manager), "scope_path", None)
        if model._meta.label in EXEMPT:
            assert path is None, f"{model._meta.label} is scoped: drop it from EXEMPT"
            continue
        if path is None:
            unscoped.append(model._meta.label)
            continue
        assert _resolve(model, path) is Store, f"{model._meta.label}: {path} does not reach Store"
        # The filter compiles (a wrong lookup would only fail at the first request).
        with store_scope(1):
            str(model._default_manager.all().query)
    assert unscoped == [], f"store-owned models without store_scoped(): {unscoped}"
    assert set(EXEMPT) <= {m._meta.label for m in _store_owned_models()}


def test_the_exemptions_are_documented():
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    section = doc.split("## Store scopes", 1)[1].split("\n## ", 1)[0]
    for label in EXEMPT:
        assert f"`{label.split('.')[1]}`" in section, f"{label} is not in the Store scopes section"


# -- a forgotten scope raises -----------------------------------------------------------------

@pytest.fixture
def built(db):
    """The personas and a few orders, built unscoped (as test code is the operator)."""
    with scopes_disabled():
        world = build_world()
        neighbour = factories.make_store("A002", region=world.region_a, name="中华大街营业厅")
        handler = factories.make_user("ch_a2", role=Role.COMPLAINT_HANDLER, store=neighbour)
        make_order(world, number=NUMBER)
        make_order(world, store=world.store_b, number=NUMBER)
        make_order(world, store=neighbour, actor=handler, number="13755551111")
        world.neighbour, world.ch_a2 = neighbour, handler
    return world


@pytest.mark.scopes_enforced
def test_a_query_outside_any_scope_raises(built):
    with pytest.raises(ScopeError):
        list(WorkOrder.objects.all())
    with pytest.raises(ScopeError):
        WorkOrder.objects.filter(store=built.store_a)
    with pytest.raises(ScopeError):
        built.store_a.work_orders.count()  # a reverse relation is scoped like the manager
    # The doors django-scopes leaves open are closed too.
    for probe in (lambda: WorkOrder.objects.exists(), lambda: WorkOrder.objects.in_bulk(),
                  lambda: WorkOrder.objects.exclude(store=None).exists()):
        with pytest.raises(ScopeError):
            probe()
    with pytest.raises(ScopeError):
        active_store_ids()


@pytest.mark.scopes_enforced
def test_a_selector_and_a_service_called_outside_any_scope_raise(built):
    with pytest.raises(ScopeError):
        overdue_orders(built.store_a)
    with pytest.raises(ScopeError):
        sessions_for_day(built.store_a, timezone.localdate())
    with pytest.raises(ScopeError):
        make_order(built, number="13755552222")  # work_order_create: numbering reads the counter
    with scopes_disabled():
        assert WorkOrder.objects.count() == 3  # nothing was written


@pytest.mark.scopes_enforced
def test_the_same_calls_work_inside_the_stores_scope(built):
    with store_scope(built.store_a):
        assert list(overdue_orders(built.store_a)) == []
        order = make_order(built, number="13755552222")
        assert {o.store_id for o in WorkOrder.objects.all()} == {built.store_a.pk}
        assert active_store_ids() == [built.store_a.pk]
    assert order.store_id == built.store_a.pk


@pytest.mark.scopes_enforced
def test_region_scope_holds_the_regions_stores_and_no_other(built):
    with region_scope(built.region_a):
        stores = set(WorkOrder.objects.values_list("store_id", flat=True))
        assert stores == {built.store_a.pk, built.neighbour.pk}
        assert sorted(active_store_ids()) == sorted([built.store_a.pk, built.neighbour.pk])
        assert not WorkOrder.objects.filter(store=built.store_b).exists()
    with stores_scope([]):
        assert WorkOrder.objects.count() == 0
    with all_stores("tests_read_every_store"):
        assert WorkOrder.objects.count() == 3
        assert active_store_ids() is None


def test_all_stores_needs_a_reason():
    with pytest.raises(ValueError), all_stores("  "):
        pass


# -- requests ---------------------------------------------------------------------------------

def _probe(user, url="/test-forgetful/"):
    client = Client()
    client.force_login(user)
    return _probe_client(client, url)


def _probe_client(client, url="/test-forgetful/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def regional_file(built):
    with scopes_disabled():
        return ReportFile.objects.create(kind=Kind.REGION_MONTHLY, region=built.region_a,
                                         period_start=dt.date(2026, 1, 1),
                                         period_end=dt.date(2026, 1, 31))


@pytest.mark.urls("tests.hallops.urls_scopes")
def test_a_store_roles_request_never_sees_another_stores_rows_even_without_a_filter(built,
                                                                                  regional_file):
    for user, store in ((built.ch_a, built.store_a), (built.clerk_a, built.store_a),
                        (built.ch_b, built.store_b), (built.ch_a2, built.neighbour)):
        seen = _probe(user)
        assert seen["orders"] == [store.pk], user.username
        assert seen["events"] == [store.pk], user.username
        assert set(seen["audit"]) <= {store.pk}, user.username
        assert seen["order_exists"] is True
        assert seen["regional_files"] == []  # a region's workbook is its supervisor's


@pytest.mark.urls("tests.hallops.urls_scopes")
def test_a_supervisors_request_sees_the_regions_stores_and_excludes_the_others(built,
                                                                                regional_file):
    seen = _probe(built.supervisor)
    assert seen["orders"] == sorted([built.store_a.pk, built.neighbour.pk])
    assert built.store_b.pk not in seen["events"] + seen["audit"]
    assert seen["regional_files"] == [built.region_a.pk]


@pytest.mark.urls("tests.hallops.urls_scopes")
def test_a_template_response_renders_in_the_scope_the_gate_switched_to(built):
    """A clerk of store A who also supervises region A opens a supervisor page: the gate
    switches role after the middleware entered the clerk's scope; the template, rendered
    after the view returns, still reads the region."""
    with scopes_disabled():
        factories.grant(built.clerk_a, Role.SUPERVISOR, region=built.region_a)
    client = Client()
    client.force_login(built.clerk_a)
    session = client.session
    session.update({SESSION_ROLE: Role.CLERK, SESSION_STORE: built.store_a.pk})
    session.save()
    assert set(_probe_client(client)["orders"]) == {built.store_a.pk}  # acting as the clerk
    response = client.get("/test-lazy/")
    assert response.status_code == 200
    seen = {int(pk) for pk in response.content.decode().split()}
    assert seen == {built.store_a.pk, built.neighbour.pk}


@pytest.mark.urls("tests.hallops.urls_scopes")
def test_a_view_outside_the_gate_runs_in_the_middlewares_scope(built):
    assert _probe(built.clerk_b, "/test-unguarded/")["orders"] == [built.store_b.pk]
    # Anonymous visitors get the empty scope: nothing, and no error.
    response = Client().get("/test-unguarded/")
    assert response.status_code == 200 and response.json()["orders"] == []


def test_real_home_pages_answer_inside_their_scopes(built):
    for user in (built.supervisor, built.sm_a, built.ch_b, built.clerk_a, built.dm_b, built.ch_a2):
        client = Client()
        client.force_login(user)
        response = client.get("/", follow=True)
        assert response.status_code == 200, user.username


# -- cross-store work enters its own scope -----------------------------------------------------

@pytest.mark.scopes_enforced
def test_the_repeat_lookup_at_intake_reads_the_region_from_a_store_scope(built):
    """A store's request is scoped to its store; repeat detection enters the region's scope."""
    with store_scope(built.neighbour):
        order = make_order(built, store=built.neighbour, actor=built.ch_a2, number=NUMBER)
        assert set(WorkOrder.objects.values_list("store_id", flat=True)) == {built.neighbour.pk}
    # Store A's order counts (same region); store B's (another region) does not.
    assert order.is_repeat and order.repeat_elsewhere_count == 1


@pytest.mark.scopes_enforced
def test_the_sla_sweep_task_runs_outside_a_request_in_its_named_scope(built):
    with scopes_disabled():
        WorkOrder.objects.update(next_due_at=timezone.now() - dt.timedelta(minutes=5))
        overdue_stores = set(WorkOrder.objects.values_list("store_id", flat=True))
    with pytest.raises(ScopeError):
        from complaints.services import sla_sweep

        sla_sweep()  # the service alone: no scope, no sweep
    sla_sweep_task.delay()
    with scopes_disabled():
        swept = set(WorkOrder.objects.filter(sla_state=WorkOrder.SlaState.OVERDUE)
                    .values_list("store_id", flat=True))
    assert swept == overdue_stores  # every store's orders, across regions


@pytest.mark.scopes_enforced
def test_the_workbook_task_builds_a_regional_workbook_in_the_regions_scope(built, regional_file):
    assert build_report.delay(regional_file.pk).get() == "built"
    with scopes_disabled():
        regional_file.refresh_from_db()
        assert regional_file.status == ReportFile.Status.DONE
    with store_scope(built.store_a):
        assert not ReportFile.objects.filter(pk=regional_file.pk).exists()
    with region_scope(built.region_a):
        assert ReportFile.objects.filter(pk=regional_file.pk).exists()
    with region_scope(built.region_b):
        assert not ReportFile.objects.filter(pk=regional_file.pk).exists()


@pytest.mark.scopes_enforced
def test_a_store_scope_writes_and_reads_its_cash_rows_only(built):
    with store_scope(built.store_a):
        assert TillSession.objects.count() == 0
        AuditEntry.objects.create(store=built.store_b, action="test.noted")  # create needs no read
        assert not AuditEntry.objects.filter(action="test.noted").exists()
    with store_scope(built.store_b):
        assert AuditEntry.objects.filter(action="test.noted").count() == 1


# -- every cross-store scope is documented -----------------------------------------------------

CODE_DIRS = [p for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()
             and p.name != "tests"] + [ROOT / "bench"]
REASON = re.compile(r"""all_stores\(\s*["']([^"']+)["']""")
ANY_CALL = re.compile(r"""all_stores\((?!\s*["'])""")


def _code_files():
    """The project's Python code but its migrations and the helper itself (whose docstrings
    show the pattern)."""
    for folder in CODE_DIRS:
        for path in folder.rglob("*.py"):
            if "migrations" not in path.parts and path != ROOT / "hallops" / "scoping.py":
                yield path


def test_every_all_stores_reason_in_the_code_is_listed_in_the_docs():
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    section = doc.split("### Cross-store scopes", 1)[1].split("\n## ", 1)[0]
    reasons: dict[str, list[str]] = {}
    for path in _code_files():
        text = path.read_text()
        for reason in REASON.findall(text):
            reasons.setdefault(reason, []).append(str(path.relative_to(ROOT)))
        for match in ANY_CALL.finditer(text):
            line = text[: match.start()].count("\n") + 1
            source = text.splitlines()[line - 1]
            assert source.lstrip().startswith("def all_stores"), (
                f"{path.relative_to(ROOT)}:{line}: all_stores() needs a literal reason")
    assert "sla_sweep" in reasons and "seed_demo" in reasons
    missing = {r: where for r, where in reasons.items() if f"`{r}`" not in section}
    assert missing == {}, f"all_stores reasons missing from docs/ARCHITECTURE.md: {missing}"
    assert "region_scope" in section



@pytest.mark.scopes_enforced
def test_a_transfer_to_another_store_reads_the_receiving_stores_hours_in_its_scope(built):
    """The sending store's request must not read the receiving store's opening hours as unset
    (a scoped read of another store answers nothing: silently wrong deadlines)."""
    import datetime as _dt

    from complaints import services
    from complaints.models import OpeningHours
    from complaints.services.clocks import working_week

    with scopes_disabled():
        OpeningHours.objects.bulk_create(
            [OpeningHours(store=built.store_b, weekday=day, opens_at=_dt.time(13),
                          closes_at=_dt.time(14)) for day in range(7)])
        order = WorkOrder.objects.get(store=built.store_a)
        expected_week = working_week(built.store_b)
    with store_scope(built.store_a):
        assert working_week(built.store_b) != expected_week  # what a naive read would use
        services.work_order_transfer_to_store(actor=built.ch_a, order=order,
                                              to_store=built.store_b, reason="客户在B厅")
    with scopes_disabled():
        order.refresh_from_db()
        assert order.store_id == built.store_b.pk
        local = timezone.localtime(order.accept_due)
        assert _dt.time(13) <= local.time() <= _dt.time(14) or order.accept_due == order.final_due
