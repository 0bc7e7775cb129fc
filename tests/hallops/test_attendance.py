"""Attendance (考勤): clock in and out against the roster, the floor, a month, the business date."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from hallops.businessdate import business_date, day_bounds, shift_bounds
from hallops.exceptions import DomainError
from hallops.models import AttendanceRecord, AuditEntry, Post, RosterEntry, ShiftType
from hallops.scoping import store_scope
from hallops.services.attendance import attendance_clock_in, attendance_clock_out
from tests import factories
from tests.hallops.helpers import english, flashed, say

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = datetime.date(2025, 3, 12)  # a Wednesday


def at(day, hour, minute=0, second=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI)


def frozen(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture(autouse=True)
def _long_sessions(settings):
    # The tests jump hours between requests; the idle timeout is tested in test_security.
    settings.SESSION_COOKIE_AGE = 7 * 24 * 3600


@pytest.fixture
def night(world):
    return ShiftType.objects.create(store=world.store_a, code="N", name="夜班",
                                    starts_at=datetime.time(22), ends_at=datetime.time(2))


@pytest.fixture
def rostered(world):
    """clerk_a works shift A (08:30–17:00) at the counter on DAY."""
    return factories.roster(world.store_a, world.clerk_a, DAY, "A", "counter")


def clock_in(client, reason=""):
    return client.post(reverse("clock_in"), {"reason": reason})


def clock_out(client, reason=""):
    return client.post(reverse("clock_out"), {"reason": reason})


class TestClockIn:
    def test_it_clocks_in_on_time(self, world, clients, rostered):
        with frozen(at(DAY, 8, 32)):
            response = clock_in(clients.clerk_a)
        assert response.status_code == 302
        assert flashed(response) == [say("zh-hans", "Clocked in.")]
        record = AttendanceRecord.objects.get(user=world.clerk_a)
        assert record.roster_entry == rostered
        assert record.business_date == DAY
        assert record.late_minutes == 0 and record.late_reason == ""
        assert record.clock_in == at(DAY, 8, 32)
        audit = AuditEntry.objects.get(action="attendance.clocked_in")
        assert audit.actor == world.clerk_a and audit.store == world.store_a
        assert audit.after["roster_entry"] == rostered.pk

    def test_it_allows_lateness_within_the_grace(self, world, clients, rostered):
        with frozen(at(DAY, 8, 35)):
            clock_in(clients.clerk_a)
        assert AttendanceRecord.objects.get(user=world.clerk_a).late_minutes == 0

    @pytest.mark.parametrize("language", ["zh-hans", "en"])
    def test_it_asks_for_a_reason_when_late_beyond_the_grace(self, world, clients, rostered,
                                                             language):
        client = english(clients.clerk_a) if language == "en" else clients.clerk_a
        with frozen(at(DAY, 8, 40)):
            response = clock_in(client)
        assert flashed(response) == [say(
            language, "You are %(minutes)d minutes late for shift %(shift)s; please give a reason.",
            minutes=10, shift="A")]
        assert not AttendanceRecord.objects.exists()
        assert not AuditEntry.objects.exists()

        with frozen(at(DAY, 8, 41)):
            clock_in(client, reason="地铁故障")
        record = AttendanceRecord.objects.get(user=world.clerk_a)
        assert (record.late_minutes, record.late_reason) == (11, "地铁故障")

    def test_the_grace_is_the_stores_setting(self, world, clients, rostered):
        world.store_a.attendance_grace_minutes = 15
        world.store_a.save()
        with frozen(at(DAY, 8, 40)):
            clock_in(clients.clerk_a)
        assert AttendanceRecord.objects.get(user=world.clerk_a).late_minutes == 0

    @pytest.mark.parametrize("language", ["zh-hans", "en"])
    def test_it_refuses_clocking_in_twice(self, world, clients, rostered, language):
        client = english(clients.clerk_a) if language == "en" else clients.clerk_a
        with frozen(at(DAY, 8, 32)):
            clock_in(client)
        with frozen(at(DAY, 9, 0)):
            response = clock_in(client)
        assert response.status_code == 302
        assert flashed(response)[-1] == say(
            language, "You are already clocked in since %(time)s.", time="08:32")
        assert AttendanceRecord.objects.count() == 1
        assert AuditEntry.objects.count() == 1

    def test_it_allows_an_unrostered_clock_in_with_a_warning(self, world, clients):
        with frozen(at(DAY, 10, 0)):
            response = clock_in(clients.ch_a)
        assert flashed(response) == [say("zh-hans", "Clocked in. You are not on today's roster.")]
        record = AttendanceRecord.objects.get(user=world.ch_a)
        assert record.roster_entry is None and record.business_date == DAY
        assert record.late_minutes == 0

    def test_it_ignores_another_stores_roster(self, world):
        factories.roster(world.store_b, world.clerk_b, DAY, "A", "counter")
        factories.grant(world.clerk_b, "clerk", store=world.store_a)
        record = attendance_clock_in(user=world.clerk_b, store=world.store_a,
                                     now=at(DAY, 9, 30))
        assert record.roster_entry is None


class TestClockOut:
    @pytest.mark.parametrize("language", ["zh-hans", "en"])
    def test_it_refuses_clocking_out_without_clocking_in(self, world, clients, language):
        client = english(clients.clerk_a) if language == "en" else clients.clerk_a
        response = clock_out(client)
        assert response.status_code == 302
        assert flashed(response) == [
            say(language, "You are not clocked in, so you cannot clock out.")]
        assert not AttendanceRecord.objects.exists()
        assert not AuditEntry.objects.exists()

    def test_it_clocks_out_at_the_end_of_the_shift(self, world, clients, rostered):
        with frozen(at(DAY, 8, 30)):
            clock_in(clients.clerk_a)
        with frozen(at(DAY, 17, 3)):
            response = clock_out(clients.clerk_a)
        assert flashed(response)[-1] == say("zh-hans", "Clocked out.")
        record = AttendanceRecord.objects.get()
        assert record.clock_out == at(DAY, 17, 3) and record.early_leave_minutes == 0

    @pytest.mark.parametrize("language", ["zh-hans", "en"])
    def test_it_asks_for_a_reason_when_leaving_early(self, world, clients, rostered, language):
        client = english(clients.clerk_a) if language == "en" else clients.clerk_a
        with frozen(at(DAY, 8, 30)):
            clock_in(client)
        with frozen(at(DAY, 16, 30)):
            response = clock_out(client)
        assert flashed(response)[-1] == say(
            language,
            "Your shift ends in %(minutes)d minutes; please give a reason for leaving early.",
            minutes=30)
        record = AttendanceRecord.objects.get()
        assert record.clock_out is None
        assert not AuditEntry.objects.filter(action="attendance.clocked_out").exists()

        with frozen(at(DAY, 16, 30)):
            clock_out(client, reason="孩子发烧")
        record.refresh_from_db()
        assert record.clock_out == at(DAY, 16, 30)
        assert (record.early_leave_minutes, record.early_leave_reason) == (30, "孩子发烧")
        audit = AuditEntry.objects.get(action="attendance.clocked_out")
        assert audit.before["clock_out"] is None
        assert audit.after["early_leave_minutes"] == 30


    def test_it_shows_the_clock_out_time_and_a_second_clock_in_keeps_the_roster(
            self, world, clients, rostered):
        with frozen(at(DAY, 8, 30)):
            clock_in(clients.clerk_a)
        with frozen(at(DAY, 14, 14)):
            clock_out(clients.clerk_a, reason="去银行")
            home = clients.clerk_a.get(reverse("clerk:home")).content.decode()
        assert "已于 14:14 签退" in home
        with frozen(at(DAY, 15, 0)):
            response = clock_in(clients.clerk_a)
        assert flashed(response)[-1] == say("zh-hans", "Clocked in.")
        record = AttendanceRecord.objects.get()
        assert record.roster_entry == rostered and record.clock_out is None
        assert record.early_leave_minutes == 0
        with frozen(at(DAY, 17, 0)):
            clock_out(clients.clerk_a)
        record.refresh_from_db()
        assert record.clock_out == at(DAY, 17, 0)
        assert AuditEntry.objects.filter(action="attendance.clocked_in").count() == 2

    def test_it_prompts_only_people_rostered_or_in_a_clock_in_role(self, world, clients):
        with frozen(at(DAY, 10)):
            page = clients.sm_a.get(reverse("store_manager:home")).content.decode()
            assert 'data-testid="clock-panel"' in page and 'data-testid="clock-in"' not in page
            assert 'data-testid="clock-in"' in clients.clerk_a.get(
                reverse("clerk:home")).content.decode()
            factories.roster(world.store_a, world.sm_a, DAY, "A", "duty")
            page = clients.sm_a.get(reverse("store_manager:home")).content.decode()
            assert 'data-testid="clock-in"' in page


class TestBusinessDate:
    def test_it_keeps_the_day_until_the_store_day_starts(self, world):
        store = world.store_a  # business day starts at 05:00
        assert business_date(at(DAY, 0, 0), store=store) == DAY - datetime.timedelta(days=1)
        assert business_date(at(DAY, 4, 59, 59), store=store) == DAY - datetime.timedelta(days=1)
        assert business_date(at(DAY, 5, 0), store=store) == DAY
        assert business_date(at(DAY, 23, 59, 59), store=store) == DAY
        # A UTC moment is read in Shanghai time: 20:59 UTC is 04:59 the next morning.
        utc = datetime.datetime(2025, 3, 12, 20, 59, tzinfo=datetime.UTC)
        assert business_date(utc, store=store) == DAY

    def test_it_uses_the_current_time_when_given_none(self, world):
        with frozen(at(DAY, 4, 59)):
            assert business_date(store=world.store_a) == DAY - datetime.timedelta(days=1)
        with frozen(at(DAY, 5, 0)):
            assert business_date(store=world.store_a) == DAY

    def test_shift_bounds_cross_midnight_for_a_night_shift(self, world, night):
        assert shift_bounds(DAY, night) == (at(DAY, 22), at(DAY + datetime.timedelta(days=1), 2))
        day_shift = ShiftType.objects.get(store=world.store_a, code="A")
        assert shift_bounds(DAY, day_shift) == (at(DAY, 8, 30), at(DAY, 17))
        assert day_bounds(DAY, store=world.store_a) == (
            at(DAY, 5), at(DAY + datetime.timedelta(days=1), 5))

    def test_a_night_shift_keeps_its_business_date(self, world, clients, night):
        entry = factories.roster(world.store_a, world.clerk_a, DAY, "N", "counter")
        with frozen(at(DAY, 21, 58)):
            clock_in(clients.clerk_a)
        next_morning = DAY + datetime.timedelta(days=1)
        with frozen(at(next_morning, 1, 58)):
            response = clock_out(clients.clerk_a)
        assert flashed(response)[-1] == say("zh-hans", "Clocked out.")
        record = AttendanceRecord.objects.get()
        assert record.roster_entry == entry
        assert record.business_date == DAY
        assert record.clock_out == at(next_morning, 1, 58)

    def test_a_late_arrival_after_midnight_counts_to_the_night_before(self, world, night):
        entry = factories.roster(world.store_a, world.clerk_a, DAY, "N", "counter")
        after_midnight = at(DAY + datetime.timedelta(days=1), 0, 30)
        with pytest.raises(DomainError, match="请填写原因"):
            attendance_clock_in(user=world.clerk_a, store=world.store_a, now=after_midnight)
        record = attendance_clock_in(user=world.clerk_a, store=world.store_a,
                                     now=after_midnight, reason="加班")
        assert record.roster_entry == entry
        assert record.business_date == DAY
        assert record.late_minutes == 150


def _panel(response, template):
    return next(ctx for tpl, ctx in response.context["panels"] if tpl == template)


class TestFloorAndMonth:
    def test_the_duty_manager_sees_who_is_in_late_absent(self, world, clients):
        store = world.store_a
        factories.roster(store, world.clerk_a, DAY, "A", "counter")
        factories.roster(store, world.ch_a, DAY, "A", "counter")
        factories.roster(store, world.sm_a, DAY, "A", "consult")
        factories.roster(store, world.dm_a, DAY, "C", "duty")
        attendance_clock_in(user=world.clerk_a, store=store, now=at(DAY, 8, 29))
        attendance_clock_in(user=world.ch_a, store=store, now=at(DAY, 8, 50), reason="堵车")
        with frozen(at(DAY, 9, 0)):
            response = clients.dm_a.get(reverse("duty_manager:home"))
        assert response.status_code == 200
        floor = _panel(response, "hallops/panels/floor.html")
        status = {row.user.username: row.status for row in floor["floor_rows"]}
        assert status == {"clerk_a": "in", "ch_a": "late", "sm_a": "absent", "dm_a": "expected"}
        assert floor["floor_counts"] == {"in": 1, "late": 1, "absent": 1, "out": 0,
                                         "expected": 1, "on_leave": 0}
        html = response.content.decode()
        assert html.count('data-testid="floor-row"') == 4
        assert "堵车" in html

    def test_the_floor_shows_the_night_shift_after_midnight(self, world, clients, night):
        factories.roster(world.store_a, world.clerk_a, DAY, "N", "counter")
        attendance_clock_in(user=world.clerk_a, store=world.store_a, now=at(DAY, 21, 55))
        with frozen(at(DAY + datetime.timedelta(days=1), 1, 0)):
            response = clients.dm_a.get(reverse("duty_manager:home"))
        floor = _panel(response, "hallops/panels/floor.html")
        assert floor["floor_day"] == DAY
        assert [(r.user.username, r.status) for r in floor["floor_rows"]] == [("clerk_a", "in")]

    def test_the_store_manager_sees_a_month_per_person(self, world, clients):
        store, clerk = world.store_a, world.clerk_a
        d1, d2, d3, d4 = (DAY.replace(day=n) for n in (3, 4, 5, 20))
        for day in (d1, d2, d3, d4):
            factories.roster(store, clerk, day, "A", "counter")
        attendance_clock_in(user=clerk, store=store, now=at(d1, 8, 30))
        attendance_clock_out(user=clerk, store=store, now=at(d1, 17, 0))
        attendance_clock_in(user=clerk, store=store, now=at(d2, 8, 40), reason="雨")
        attendance_clock_out(user=clerk, store=store, now=at(d2, 16, 0), reason="看病")
        # d3 absent; d4 is still to come.
        attendance_clock_in(user=clerk, store=store, now=at(DAY.replace(day=8), 10, 0))
        attendance_clock_out(user=clerk, store=store, now=at(DAY.replace(day=8), 12, 0))
        # Another store's attendance stays out of store A's month.
        attendance_clock_in(user=world.clerk_b, store=world.store_b, now=at(d1, 9, 0))

        with frozen(at(DAY, 12)):
            response = clients.sm_a.get(reverse("store_manager:attendance"), {"month": "2025-03"})
        assert response.status_code == 200
        rows = {r.user.username: r for r in response.context["rows"]}
        assert set(rows) == {"clerk_a"}
        row = rows["clerk_a"]
        # Attended counts rostered shifts with a clock-in; the day-8 clock-in is unrostered.
        assert (row.rostered, row.attended, row.late, row.late_minutes, row.early, row.absent,
                row.unrostered) == (4, 2, 1, 10, 1, 1, 1)
        assert response.context["month"] == datetime.date(2025, 3, 1)
        assert "2025-02" in response.content.decode() and "2025-04" in response.content.decode()

    def test_the_month_page_ignores_a_malformed_month(self, world, clients):
        with frozen(at(DAY, 12)):
            response = clients.sm_a.get(reverse("store_manager:attendance"), {"month": "2025-13"})
        assert response.status_code == 200
        assert response.context["month"] == datetime.date(2025, 3, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_clock_ins_make_exactly_one_record(world):
    store, clerk = world.store_a, world.clerk_a
    post, _ = Post.objects.get_or_create(code="counter",
                                         defaults={"name": "受理岗", "kind": "counter"})
    shift = ShiftType.objects.get(store=store, code="A")
    RosterEntry.objects.create(store=store, user=clerk, date=DAY, shift_type=shift, post=post)
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait(timeout=10)
            with store_scope(store):  # each thread is the clerk's request
                results.append(attendance_clock_in(user=clerk, store=store, now=at(DAY, 8, 30)))
        except DomainError as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert AttendanceRecord.objects.filter(user=clerk).count() == 1
    assert sorted(type(r).__name__ for r in results) == ["AttendanceRecord", "DomainError"]
    assert AuditEntry.objects.filter(action="attendance.clocked_in").count() == 1
