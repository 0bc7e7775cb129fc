"""One enum per concept (issue 16): a value is spelled once, in its TextChoices, and code
compares and filters with the members; renamed stored values and audit action codes are moved
by data migrations (each tested here by calling the migration's function with the historical
apps of the executor's state)."""

import ast
import importlib
import re
from pathlib import Path

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from complaints.models import Source
from hallops.audit_labels import ACTION_LABELS, action_label
from hallops.models import AuditEntry, CustomerOpinion, OpinionChannel
from tests.hallops.test_audit_trail import _written_action_codes
from tests.sources import PROJECT_PACKAGES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = PROJECT_PACKAGES
# Fields whose values are TextChoices members everywhere they are compared or filtered on.
CHOICE_FIELDS = {"status", "kind", "source", "channel", "customer_level", "role", "destination",
                 "level", "due_kind", "quality", "outcome"}


def migration(app: str, name: str):
    """The migration's module and the historical apps right after it."""
    module = importlib.import_module(f"{app}.migrations.{name}")
    apps = MigrationExecutor(connection).loader.project_state((app, name)).apps
    return module, apps


def _choice_literals(path: Path) -> list[str]:
    """`x.status == "a"`, `status="a"`, `status__in=("a", …)` and the like, outside a model's
    Meta (a nested TextChoices is out of reach there)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_meta = {id(n) for meta in ast.walk(tree) if isinstance(meta, ast.ClassDef) and meta.name == "Meta"
               for n in ast.walk(meta)}
    found = []

    def literal(node) -> bool:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
            return True
        return isinstance(node, ast.Tuple | ast.List | ast.Set) and any(literal(e) for e in node.elts)

    for node in ast.walk(tree):
        if id(node) in in_meta:
            continue
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Attribute) and s.attr in CHOICE_FIELDS for s in sides) and any(
                    literal(s) for s in sides):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        if isinstance(node, ast.keyword) and node.arg:
            field = re.sub(r"__(in|exact)$", "", node.arg).split("__")[-1]
            if field in CHOICE_FIELDS and literal(node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_it_compares_and_filters_choice_fields_with_enum_members_not_strings(db):
    found = []
    for package in SOURCES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                found += _choice_literals(path)
    assert found == []


def test_it_spells_on_site_the_same_for_opinions_and_work_orders(db):
    assert OpinionChannel.ONSITE == Source.ONSITE == "onsite"


def test_it_moves_opinions_received_on_site_to_the_one_spelling(world):
    from tests.dutyops.helpers import opinion

    old = opinion(world)
    CustomerOpinion.objects.filter(pk=old.pk).update(channel="on_site")
    entry = AuditEntry.objects.create(store=world.store_a, action="opinion.recorded",
                                      object_type="hallops.customeropinion", object_id=str(old.pk),
                                      after={"channel": "on_site", "content": "on_site"})
    other = AuditEntry.objects.create(store=world.store_a, action="x.y", object_type="hallops.store",
                                      after={"channel": "on_site"})
    module, apps = migration("hallops", "0055_opinion_channel_onsite")

    module.forward(apps, None)
    old.refresh_from_db(), entry.refresh_from_db(), other.refresh_from_db()
    assert old.channel == OpinionChannel.ONSITE
    assert old.get_channel_display() == str(OpinionChannel.ONSITE.label)
    assert entry.after == {"channel": "onsite", "content": "on_site"}
    assert other.after == {"channel": "on_site"}  # not an opinion: left alone

    module.backward(apps, None)
    old.refresh_from_db(), entry.refresh_from_db()
    assert (old.channel, entry.after["channel"]) == ("on_site", "on_site")


def test_it_follows_the_service_name_in_every_action_code(db):
    services = set()
    for package in SOURCES:
        for path in (ROOT / package).rglob("*.py"):
            if "services" in path.parts or path.name == "services.py":
                tree = ast.parse(path.read_text(encoding="utf-8"))
                services |= {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    codes = _written_action_codes() | set(ACTION_LABELS)
    # `<entity>.<action in the past tense>` for a service `<entity>_<action>`.
    strays = sorted(code for code in codes
                    if not any(name.startswith(code.split(".")[0] + "_") for name in services))
    assert strays == []
    assert "till.float_issued" in codes and "cash.float_issued" not in codes


def test_it_renames_stored_action_codes_so_old_entries_read_under_the_new_labels(world):
    module, apps = migration("hallops", "0056_audit_action_codes_follow_services")
    old = {code: AuditEntry.objects.create(store=world.store_a, action=code, object_type="x")
           for code in module.RENAMES}
    kept = AuditEntry.objects.create(store=world.store_a, action="opinion.recorded", object_type="x")

    module.forward(apps, None)
    for code, entry in old.items():
        entry.refresh_from_db()
        assert entry.action == module.RENAMES[code]
        assert entry.action in ACTION_LABELS
    assert set(module.RENAMES).isdisjoint(ACTION_LABELS)  # no label left for an old code
    kept.refresh_from_db()
    assert kept.action == "opinion.recorded"
    with translation.override("en"):
        assert action_label(old["cash.counted"].action) == "Counted a till"

    module.backward(apps, None)
    assert sorted(AuditEntry.objects.filter(pk__in=[e.pk for e in old.values()])
                  .values_list("action", flat=True)) == sorted(module.RENAMES)


def test_it_shows_an_old_entry_in_the_audit_trail_filter_under_its_new_code(world, clients):
    from django.urls import reverse

    entry = AuditEntry.objects.create(store=world.store_a, action="cash.counted", actor=world.clerk_a,
                                      object_type="x")
    module, apps = migration("hallops", "0056_audit_action_codes_follow_services")
    module.forward(apps, None)
    page = clients.sm_a.get(reverse("store_manager:audit"), {"action": "till.count_recorded"})
    assert page.status_code == 200
    # The trail's lines come without their entry (kept in the cache): the one line is this one.
    assert [(line.at, line.action_label) for line in page.context["lines"]] == [
        (timezone.localtime(entry.at), action_label("till.count_recorded"))]
