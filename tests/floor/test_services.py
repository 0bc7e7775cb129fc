"""The floor board's services: thresholds turn queues amber/red, actions are logged with time and
person, the duty log shows them and the daily workbook has the peaks per hour."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from floor import selectors
from floor.models import ActionKind, FloorAction, FloorThreshold, Level, QueueReading
from floor.services import floor_action_record, floor_threshold_save, queue_reading_record
from hallops.audit_labels import ACTION_LABELS
from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import AuditEntry
from hallops.registry import duty_log_sections
from reports.models import Kind
from tests.reports.helpers import open_workbook
from tests.reports.test_workbooks import run_on_commit  # noqa: F401  (fixture)

from .helpers import action, queue, reading

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(("waiting", "wait", "level"), [
    (10, 15, Level.GREEN), (11, 0, Level.AMBER), (0, 16, Level.AMBER),
    (20, 20, Level.AMBER), (21, 0, Level.RED), (3, 21, Level.RED),
])
def test_it_sets_the_level_from_the_default_thresholds(world, waiting, wait, level):
    r = reading(world, waiting=waiting, wait=wait)
    r.refresh_from_db()
    assert r.level == level
    assert not FloorThreshold.objects.filter(store=world.store_a).exists()


def test_it_uses_the_stores_own_thresholds_and_audits_the_change(world):
    floor_threshold_save(actor=world.sm_a, store=world.store_a, amber_waiting=4,
                         amber_wait_minutes=8, red_waiting=6, red_wait_minutes=12)
    assert reading(world, waiting=5, wait=0).level == Level.AMBER
    assert reading(world, waiting=7, wait=0, code="vip").level == Level.RED
    # Store B keeps the defaults.
    assert reading(world, store=world.store_b, waiting=7, wait=0).level == Level.GREEN
    entry = AuditEntry.objects.get(action="floor_threshold.saved")
    assert entry.store == world.store_a and entry.actor == world.sm_a
    assert entry.after["red_waiting"] == 6


def test_it_refuses_red_below_amber_and_saves_nothing(world):
    with pytest.raises(DomainError, match="cannot be below the amber"):
        floor_threshold_save(actor=world.sm_a, store=world.store_a, amber_waiting=10,
                             amber_wait_minutes=15, red_waiting=5, red_wait_minutes=20)
    with pytest.raises(DomainError, match="from 0 to"):
        floor_threshold_save(actor=world.sm_a, store=world.store_a, amber_waiting=-1,
                             amber_wait_minutes=15, red_waiting=5, red_wait_minutes=20)
    assert not FloorThreshold.objects.filter(store=world.store_a).exists()


@pytest.mark.parametrize(("desks", "waiting", "wait", "message"), [
    (-1, 0, 0, "Desks open"), (2, 1000, 0, "Tickets waiting"), (2, 1, 2000, "Longest wait"),
    (2, "x", 0, "Tickets waiting"), (None, 1, 1, "Desks open"),
])
def test_it_refuses_readings_out_of_range(world, desks, waiting, wait, message):
    with pytest.raises(DomainError, match=message):
        queue_reading_record(actor=world.dm_a, store=world.store_a, readings=[
            {"queue_type": queue(), "desks_open": desks, "waiting": waiting,
             "longest_wait_minutes": wait}])
    assert not QueueReading.objects.exists()


def test_it_refuses_a_queue_twice_and_a_time_in_the_future(world):
    row = {"queue_type": queue(), "desks_open": 1, "waiting": 1, "longest_wait_minutes": 1}
    with pytest.raises(DomainError, match="entered twice"):
        queue_reading_record(actor=world.dm_a, store=world.store_a, readings=[row, row])
    future = dt.datetime.now(TZ) + dt.timedelta(hours=2)
    with pytest.raises(DomainError, match="future"):
        queue_reading_record(actor=world.dm_a, store=world.store_a, readings=[row], at=future)
    assert not QueueReading.objects.exists()


def test_it_proposes_the_manuals_actions_for_amber_and_red(world):
    reading(world, code="normal", waiting=25)
    reading(world, code="vip", waiting=12)
    reading(world, code="general", waiting=1)
    rows = {row.queue.code: row for row in selectors.board(world.store_a, business_date(store=world.store_a))}
    assert rows["normal"].level == Level.RED
    assert ActionKind.BACK_OFFICE in rows["normal"].proposals
    assert rows["vip"].proposals == [ActionKind.OPEN_DESK, ActionKind.GREETER]
    assert rows["general"].proposals == []


def test_it_shows_the_latest_reading_per_queue(world):
    with time_machine.travel(dt.datetime.now(TZ) - dt.timedelta(minutes=30), tick=False):
        reading(world, waiting=25)
    reading(world, waiting=2)
    row = next(r for r in selectors.board(world.store_a, business_date(store=world.store_a))
               if r.queue.code == "normal")
    assert row.reading.waiting == 2 and row.level == Level.GREEN


def test_it_logs_an_action_with_time_person_and_an_audit_entry(world):
    r = reading(world, waiting=25)
    done = floor_action_record(actor=world.dm_a, store=world.store_a, kind=ActionKind.OPEN_DESK,
                               reading=r, note="开3号台")
    done.refresh_from_db()
    assert done.by == world.dm_a and done.queue_type == r.queue_type and done.at is not None
    entry = AuditEntry.objects.get(action="floor_action.recorded")
    assert entry.actor == world.dm_a and entry.object_id == str(done.pk)
    for code in ("floor_action.recorded", "queue_reading.recorded", "floor_threshold.saved",
                 "queue_reading.imported", "desk_ready_check.recorded"):
        assert code in ACTION_LABELS


def test_it_refuses_an_unknown_action_and_another_stores_reading(world):
    with pytest.raises(DomainError, match="Choose what was done"):
        floor_action_record(actor=world.dm_a, store=world.store_a, kind="dance")
    other = reading(world, store=world.store_b)
    with pytest.raises(DomainError, match="another store"):
        floor_action_record(actor=world.dm_a, store=world.store_a, kind=ActionKind.GREETER,
                            reading=other)
    assert not FloorAction.objects.exists()


def test_it_shows_the_days_actions_in_the_duty_log_section(world):
    reading(world, waiting=25, wait=30)
    action(world, kind=ActionKind.GREETER)
    action(world, store=world.store_b, kind=ActionKind.BACK_OFFICE)
    day = business_date(store=world.store_a)
    sections = {s.key: ctx for s, ctx in duty_log_sections(world.store_a, day, None)}
    ctx = sections["floor"]
    assert [a.kind for a in ctx["floor_actions"]] == [ActionKind.GREETER]
    assert ctx["floor_peak"]["waiting"] == 25 and ctx["floor_peak"]["red"] == 1


def test_it_renders_the_action_on_the_duty_log_page(world, clients):
    from tests.dutyops import helpers as h

    action(world, kind=ActionKind.OPEN_DESK)
    log = h.dutylog(world)
    response = clients.dm_a.get(reverse("duty_manager:dutylog", args=[log.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="log-floor-action"' in text
    assert "增开一个台席" in text


def test_it_puts_the_peaks_per_hour_in_the_daily_workbook(world, run_on_commit):  # noqa: F811
    day = dt.date(2025, 3, 12)
    world.store_a.day_starts_at = dt.time(0, 0)
    world.store_a.save()
    at = lambda h, m: dt.datetime(2025, 3, 12, h, m, tzinfo=TZ)  # noqa: E731
    with time_machine.travel(at(12, 0), tick=False):
        reading(world, waiting=8, wait=5, at=at(10, 5))
        reading(world, waiting=24, wait=18, desks=3, at=at(10, 40))
        reading(world, waiting=4, wait=2, at=at(11, 10))
        reading(world, code="vip", waiting=1, wait=1, at=at(10, 20))
        floor_action_record(actor=world.dm_a, store=world.store_a, kind=ActionKind.OPEN_DESK,
                            queue_type=queue(), at=at(10, 45))
        reading(world, store=world.store_b, waiting=99, wait=99, at=at(10, 30))
    report = run_on_commit(Kind.STORE_DAILY, day, store=world.store_a)
    ws = open_workbook(report)["客户分流"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header, body = rows[0], rows[1:-1]
    assert header[:3] == ["营业日", "时段", "队列"]
    by_key = {(r[1], r[2]): r for r in body}
    assert set(by_key) == {("10:00–11:00", "普通"), ("10:00–11:00", "VIP"), ("11:00–12:00", "普通")}
    ten = by_key[("10:00–11:00", "普通")]
    assert ten[3:] == [2, 24, 18, 3, "拥堵", 1]
    assert by_key[("11:00–12:00", "普通")][7] == "正常"
    assert rows[-1][3] == 4  # readings summed in the totals row; store B's left out


def test_the_weekly_workbook_folds_the_days_into_the_hours_of_the_day(world, run_on_commit):  # noqa: F811
    """A week of readings reads as one row per hour of the day and queue (one printed page)."""
    world.store_a.day_starts_at = dt.time(0, 0)
    world.store_a.save()
    monday = dt.date(2025, 3, 10)
    for offset, waiting in ((0, 8), (1, 24), (2, 5)):
        day = monday + dt.timedelta(days=offset)
        at = dt.datetime(day.year, day.month, day.day, 10, 30, tzinfo=TZ)
        with time_machine.travel(at, tick=False):
            reading(world, waiting=waiting, wait=waiting, at=at)
            if waiting > 20:
                floor_action_record(actor=world.dm_a, store=world.store_a,
                                    kind=ActionKind.OPEN_DESK, queue_type=queue(), at=at)
    report = run_on_commit(Kind.STORE_WEEKLY, monday, store=world.store_a)
    rows = [[c.value for c in r] for r in open_workbook(report)["客户分流"].iter_rows()]
    header, body = rows[0], rows[1:-1]
    assert header[:4] == ["时段", "队列", "记录天数", "记录次数"]
    assert body == [["10:00–11:00", "普通", 3, 3, 24, 24, 2, 1, "拥堵", 1]]  # 2 desks (helper)


LEVEL_ORDER = {Level.GREEN: 0, Level.AMBER: 1, Level.RED: 2}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(desks=st.one_of(st.integers(-5, 200), st.text(max_size=4), st.none(), st.floats(allow_nan=True)),
       waiting=st.one_of(st.integers(-5, 2000), st.text(max_size=4)),
       wait=st.one_of(st.integers(-5, 3000), st.just("12"), st.floats(0, 30)))
def test_it_answers_hostile_readings_with_a_refusal_or_a_sound_row(world, desks, waiting, wait):
    try:
        with transaction.atomic():
            saved = reading(world, desks=desks, waiting=waiting, wait=wait)
    except DomainError:
        return
    saved.refresh_from_db()
    assert 0 <= saved.desks_open <= 99 and 0 <= saved.waiting <= 999
    assert saved.level == FloorThreshold(store=world.store_a).level(saved.waiting, saved.longest_wait_minutes)
    # One more waiting never makes a queue look better.
    limits = FloorThreshold(store=world.store_a)
    worse = limits.level(saved.waiting + 1, saved.longest_wait_minutes)
    assert LEVEL_ORDER[worse] >= LEVEL_ORDER[saved.level]
