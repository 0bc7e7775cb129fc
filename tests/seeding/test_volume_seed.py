"""The volume seed (hallops.seeding, `seed_demo --stores N --days D`): every feature's table
filled, rows that pass the models' own validation, nothing pointing nowhere, the same rows
for the same seed, and the pages and workbooks of a seeded store answering."""

import datetime
import io
import random

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import Callback, ContactAttempt, DeskComplaint, OrderCounter, OrderEvent, WorkOrder
from floor.models import FloorAction, QueueReading
from hallops.models import (
    AttendanceRecord,
    AuditEntry,
    BankDeposit,
    BankDepositHandIn,
    CashDrop,
    CashHandIn,
    ChecklistRun,
    ChecklistTick,
    ClerkDailyReport,
    ClerkReportLine,
    ClerkReportReceipts,
    CustomerOpinion,
    DutyLog,
    Equipment,
    EquipmentFault,
    ExpectedTakings,
    Handover,
    Incident,
    MeetingAttendee,
    MeetingTarget,
    MonthlyTarget,
    MorningMeeting,
    Notification,
    Region,
    RoleAssignment,
    RosterEntry,
    ServiceRecord,
    Store,
    StoreDay,
    TailCashRecord,
    TallyCount,
    TillCount,
    TillDifference,
    TillSession,
)
from hallops.permissions import Role
from hallops.seeding import Plan, Progress, Rates, Writer, people, seed_history
from hallops.seeding.writer import dangling_references
from reports.models import ReportFile
from tasks.models import Task

# Every table the history fills, named one by one (a builder that stops writing one fails here).
FILLED = [
    RosterEntry, AttendanceRecord, ChecklistRun, ChecklistTick, Equipment, EquipmentFault, Incident,
    CustomerOpinion, DutyLog, TillSession, CashDrop, ExpectedTakings, TillCount, TillDifference, CashHandIn,
    TailCashRecord, BankDeposit, BankDepositHandIn, MonthlyTarget, MorningMeeting, MeetingAttendee,
    MeetingTarget, TallyCount, ClerkDailyReport, ClerkReportLine, ClerkReportReceipts, StoreDay,
    ServiceRecord, Handover, WorkOrder, OrderEvent, ContactAttempt, Callback, OrderCounter, AuditEntry,
    Notification, ReportFile, QueueReading, FloorAction, DeskComplaint, Task,
]
DAYS = 6
# Small numbers, but rates high enough that the rare things (incidents, differences,
# escalations) happen in two stores' six days.
RATES = Rates(incidents_per_store_day=0.5, till_difference=0.5, faults_per_store_day=0.5,
              orders_per_store_day=4, duty_log_returned=0.3, desk_complaints_per_store_day=2,
              tasks_per_store_day=2)


def _stores(count: int = 2) -> list:
    regions = people.regions()
    stores = people.volume_stores(regions, count)
    people.shift_types(stores)
    people.volume_staff(stores, random.Random(1), "x-Pass-2026")
    people.roster_and_attendance(stores, DAYS, random.Random(1), Writer())
    return stores


def _plan(stores, *, seed: int = 7, writer=None, now=None) -> Plan:
    today = timezone.localdate()
    return Plan(stores=stores, first=today - datetime.timedelta(days=DAYS), last=today - datetime.timedelta(days=1),
                seed=seed, writer=writer or Writer(), progress=Progress(io.StringIO()), rates=RATES,
                now=now or timezone.now())


@pytest.fixture
def seeded(db):
    stores = _stores()
    plan = _plan(stores)
    seed_history(plan)
    return plan


def test_it_fills_every_feature_table_of_the_seeded_stores(seeded):
    empty = [m.__name__ for m in FILLED if not m.objects.exists()]
    assert empty == []
    ids = [s.pk for s in seeded.stores]
    assert ChecklistRun.objects.filter(store_id__in=ids, incident__isnull=True).count() == 3 * DAYS * len(ids)
    assert DutyLog.objects.filter(store_id__in=ids).count() == DAYS * len(ids)
    # Statuses across the lifecycle, and the audit trail dated when things happened.
    # Replied orders wait for their callback with a due time (the callback queue).
    assert not WorkOrder.objects.filter(status="replied", callback_due__isnull=True).exists()
    assert {"closed", "new"} <= set(WorkOrder.objects.values_list("status", flat=True)) or \
        WorkOrder.objects.exclude(status="closed").exists()
    oldest = AuditEntry.objects.order_by("at").first().at
    assert timezone.localtime(oldest).date() < timezone.localdate() - datetime.timedelta(days=DAYS - 2)
    _assert_rows_the_models_accept()


def _assert_rows_the_models_accept():
    assert dangling_references(FILLED) == {}
    for model in FILLED:
        for obj in model.objects.order_by("pk")[:15]:
            obj.full_clean()  # choices, lengths, constraints (the database checked its own)
    # Money in cents; confirmed money rows locked; statuses that agree with their times.
    assert not TillSession.objects.filter(status="confirmed", locked=False).exists()
    assert not CashHandIn.objects.filter(confirmed_at__isnull=True).exists()
    for session in TillSession.objects.select_related("count").prefetch_related("drops", "expected"):
        expected = {e.method: e.amount for e in session.expected.all()}
        counted = session.count.cash_in_drawer + sum(d.amount for d in session.drops.all()) - session.opening_float
        difference = session.differences.filter(method="cash").first()
        signed = 0 if difference is None else (difference.amount if difference.kind == "overage"
                                               else -difference.amount)
        assert counted - expected["cash"] == signed
        assert session.needs_approval == (difference is not None and difference.beyond_tolerance)
    for receipts in ClerkReportReceipts.objects.filter(source="till").select_related("report"):
        handin = CashHandIn.objects.get(session__clerk=receipts.report.clerk_id,
                                        session__business_date=receipts.report.business_date)
        assert receipts.handed_in_cash == handin.received_cash
    assert not DutyLog.objects.filter(status="countersigned", reviewed_at__isnull=True).exists()
    now = timezone.now()
    assert not WorkOrder.objects.filter(closed_at__gt=now).exists()
    assert not CustomerOpinion.objects.filter(replied_at__gt=now).exists()


def test_it_gives_the_same_rows_for_the_same_seed(db):
    stores = _stores()
    runs = []
    now = timezone.now()  # the story of the last days depends on what has happened by now
    for seed in (7, 7, 8):
        writer = Writer(dry_run=True)
        seed_history(_plan(stores, seed=seed, writer=writer, now=now), only=["seed_checklists_and_faults", "seed_cash",
                                                                     "seed_clerk_days", "seed_work_orders"])
        runs.append(dict(writer.kept))
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    assert not ChecklistRun.objects.exists()  # a dry run writes nothing


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_it_answers_the_pages_and_workbooks_of_a_seeded_store(seeded):
    store = seeded.stores[0]
    code = store.code.lower()
    for username, url in ((f"{code}-store1", reverse("store_manager:home")),
                          (f"{code}-store1", reverse("store_manager:cash_register")),
                          (f"{code}-store1", reverse("store_manager:audit")),
                          (f"{code}-duty1", reverse("duty_manager:home")),
                          (f"{code}-clerk1", reverse("clerk:home")),
                          (f"{code}-complaint1", reverse("complaint_handler:home")),
                          (f"{code}-store1", reverse("reports:archive"))):
        assert _client(username).get(url).status_code == 200, url
    report = ReportFile.objects.filter(store=store, status="done").order_by("-period_start").first()
    response = _client(f"{code}-store1").get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"  # an xlsx (zip) file
    # The regional supervisor sees the seeded stores of the region.
    supervisor = get_user_model().objects.create_user("sup-test")
    RoleAssignment.objects.create(user=supervisor, role=Role.SUPERVISOR, region=store.region)
    page = _client("sup-test").get(reverse("supervisor:home")).content.decode()
    assert store.code in page


def test_it_seeds_a_history_from_the_command_once_and_fills_the_supervisors_region(db):
    call_command("seed_demo", stores=5, days=3, stdout=io.StringIO())
    region = Region.objects.get(code="HB-SJZ")
    volume = Store.objects.filter(code__startswith="V")
    assert volume.filter(region=region).count() > volume.count() / 2
    assert DutyLog.objects.filter(store__code__startswith="V").count() == 5 * 3
    # The demo stores keep their services-made last week; the history ends before it.
    assert not ChecklistRun.objects.filter(store__code="SJZ001", business_date__lt=timezone.localdate()
                                           - datetime.timedelta(days=3)).exists()
    counts = {m.__name__: m.objects.count() for m in FILLED}
    call_command("seed_demo", stores=5, days=3, stdout=io.StringIO())
    assert {m.__name__: m.objects.count() for m in FILLED} == counts


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_seeds_postgresql_with_copy_and_locked_rows_stay_locked():
    stores = _stores()
    plan = _plan(stores, writer=Writer(skip_fk_triggers=True))
    seed_history(plan)
    assert [m.__name__ for m in FILLED if not m.objects.exists()] == []
    assert dangling_references(FILLED) == {}
    # Inserted in their final state, the confirmed rows are refused any change.
    session = TillSession.objects.filter(locked=True).first()
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE hallops_tillsession SET opening_float = 0 WHERE id = %s", [session.pk])
    # The sequences follow the ids the writer gave: the services insert after them.
    last = AuditEntry.objects.order_by("-pk").first().pk
    entry = AuditEntry.objects.create(action="test.after_seed", object_type="test")
    assert entry.pk > last


def _audit_rows(writer, n, action="test.copy"):
    for _ in range(n):
        writer.add(AuditEntry, {"at": timezone.now(), "action": action, "object_type": "test",
                                "object_id": "1", "object_repr": "", "reason": ""})


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_queued_copy_is_in_before_any_other_statement_and_the_commit(monkeypatch):
    """COPYs run on a helper thread while the builders go on; a read, a savepoint, the
    sequences or the end of the transaction wait for every queued COPY first."""
    from hallops.seeding import writer as writer_module

    started = []
    copy_in = writer_module._copy_in

    def slow_copy(raw, sql, text):
        started.append(sql)
        import time

        time.sleep(0.2)  # the server still busy with it when the builder reads
        copy_in(raw, sql, text)

    monkeypatch.setattr(writer_module, "_copy_in", slow_copy)
    writer = Writer()
    before = AuditEntry.objects.count()
    with transaction.atomic(), writer.batch():
        _audit_rows(writer, 3)
        writer._write(AuditEntry)                       # queued, running on the thread
        _audit_rows(writer, 2)
        writer._write(AuditEntry)                       # queued behind it
        assert len(writer._pending) == 2
        assert AuditEntry.objects.count() == before + 5  # the read waited for both
        assert writer._pending == [] and writer._barrier not in connection.execute_wrappers
        _audit_rows(writer, 4)
        writer.flush()
    assert len(started) == 3
    assert AuditEntry.objects.filter(action="test.copy").count() == 9
    # the sequence follows the ids given out
    assert AuditEntry.objects.create(action="test.after", object_type="test").pk > max(
        AuditEntry.objects.filter(action="test.copy").values_list("pk", flat=True))


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_failed_copy_fails_the_seed_and_leaves_nothing_behind():
    writer = Writer()
    before = AuditEntry.objects.count()
    with pytest.raises(DatabaseError), transaction.atomic(), writer.batch():
        _audit_rows(writer, 3)
        writer._write(AuditEntry)
        writer.add(AuditEntry, {"at": "not a time", "action": "test.bad", "object_type": "test",
                                "object_id": "1", "object_repr": "", "reason": ""})
        writer.flush()                                   # the bad row's COPY fails here
    assert writer._pending == [] and writer._barrier not in connection.execute_wrappers
    assert AuditEntry.objects.count() == before        # rolled back: the good COPY too


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_after_a_bulk_load_every_table_has_planner_statistics():
    """The tables the services wrote (stores, people) are analyzed too, not only the bulk
    ones: without statistics the planner takes a region's stores for one."""
    from hallops.management.commands.seed_demo import Command
    from hallops.models import Store

    def never_analyzed():
        with connection.cursor() as cursor:
            cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples < 0 "
                           "AND relname = ANY(%s)", [connection.introspection.django_table_names()])
            return {name for (name,) in cursor.fetchall()}

    _stores()
    assert Store._meta.db_table in never_analyzed()
    writer = Writer()
    writer.written[AuditEntry] = 100_000  # a bulk load's worth: the step runs
    out = io.StringIO()
    command = Command(stdout=out)
    command._vacuum(writer)
    assert never_analyzed() == set()
    assert "analyze:" in out.getvalue()
