"""SLA arithmetic at the edges: closing time, overnight, weekends, pauses, the deadline itself."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from complaints import sla
from complaints.models import OpeningHours, Source
from tests.complaints.helpers import make_order

TZ = ZoneInfo("Asia/Shanghai")
NINE, SIX = dt.time(9, 0), dt.time(18, 0)
DAILY = sla.WorkingWeek.every_day(NINE, SIX, TZ)
# Monday–Friday only.
WEEKDAYS = sla.WorkingWeek(tuple((NINE, SIX) if d < 5 else None for d in range(7)), TZ)
H = dt.timedelta(hours=1)


def at(day, hour, minute=0):
    # 2025-03-03 is a Monday.
    return dt.datetime(2025, 3, day, hour, minute, tzinfo=TZ)


def test_it_adds_wall_time_without_a_calendar():
    assert sla.add_working_time(at(3, 23), 2 * H) == at(4, 1)


def test_it_carries_time_across_closing_into_the_next_morning():
    assert sla.add_working_time(at(3, 17), 2 * H, DAILY) == at(4, 10)


def test_it_ends_exactly_at_closing_time_not_the_next_morning():
    assert sla.add_working_time(at(3, 16), 2 * H, DAILY) == at(3, 18)


def test_it_starts_counting_at_opening_when_received_overnight():
    assert sla.add_working_time(at(3, 22), 2 * H, DAILY) == at(4, 11)
    assert sla.add_working_time(at(4, 6), 2 * H, DAILY) == at(4, 11)


def test_it_skips_weekends_when_configured():
    # Friday 17:00 + 2 working hours → Monday 10:00.
    assert sla.add_working_time(at(7, 17), 2 * H, WEEKDAYS) == at(10, 10)
    # Saturday intake starts on Monday morning.
    assert sla.add_working_time(at(8, 12), 30 * dt.timedelta(minutes=1), WEEKDAYS) == at(10, 9, 30)


def test_it_measures_working_time_between_moments():
    assert sla.working_time_between(at(3, 17), at(4, 10), DAILY) == 2 * H
    assert sla.working_time_between(at(7, 17), at(10, 10), WEEKDAYS) == 2 * H
    assert sla.working_time_between(at(4, 10), at(3, 17), DAILY) == dt.timedelta(0)


def test_it_moves_a_deadline_by_the_pause_in_open_hours():
    deadline = at(3, 15)
    # Paused at 11:00 with 4 h left, resumed at 17:00: 1 h today, 3 h tomorrow.
    assert sla.resume_deadline(deadline, at(3, 11), at(3, 17), DAILY) == at(4, 12)


def test_it_moves_a_wall_clock_deadline_by_the_pause():
    assert sla.resume_deadline(at(4, 12), at(3, 12), at(3, 20)) == at(4, 20)


def test_it_keeps_a_deadline_that_had_passed_before_the_pause():
    assert sla.resume_deadline(at(3, 10), at(3, 11), at(3, 17), DAILY) == at(3, 10)


def test_it_is_due_not_overdue_exactly_at_the_deadline():
    warning = 2 * H
    assert sla.due_state(at(3, 12), at(3, 12), warning) == "due_soon"
    assert sla.due_state(at(3, 12, 1), at(3, 12), warning) == "overdue"
    assert sla.due_state(at(3, 10), at(3, 12), warning) == "due_soon"
    assert sla.due_state(at(3, 9, 59), at(3, 12), warning) == "ok"


def test_it_refuses_a_week_with_no_open_day_and_negative_limits():
    closed = sla.WorkingWeek((None,) * 7, TZ)
    with pytest.raises(ValueError):
        sla.add_working_time(at(3, 9), H, closed)
    with pytest.raises(ValueError):
        sla.add_working_time(at(3, 9), -H)


@pytest.mark.django_db
def test_it_sets_order_deadlines_from_the_store_hours(world):
    # On-site policy: accept 30 min, contact 60 min (open hours), reply 9 open hours.
    with time_machine.travel(at(3, 17, 45), tick=False):
        order = make_order(world, source=Source.ONSITE)
    assert order.accept_due == at(4, 9, 15)
    assert order.contact_due == at(4, 9, 45)
    assert order.reply_due == at(4, 17, 45)
    assert order.final_due == at(18, 17, 45)
    assert (order.next_due_kind, order.next_due_at) == ("accept", order.accept_due)


@pytest.mark.django_db
def test_it_uses_per_weekday_opening_hours_when_configured(world):
    store = world.store_a
    for day in range(5):
        OpeningHours.objects.create(store=store, weekday=day, opens_at=NINE, closes_at=SIX)
    with time_machine.travel(at(7, 17, 45), tick=False):  # Friday
        order = make_order(world, source=Source.ONSITE)
    assert order.accept_due == at(10, 9, 15)  # Monday


@pytest.mark.django_db
def test_it_counts_billing_reply_limits_in_clock_hours(world):
    with time_machine.travel(at(3, 20), tick=False):
        order = make_order(world, source=Source.HOTLINE, category_code="bill_border")
    assert order.reply_due == at(4, 20)  # 24 h
    assert order.accept_due == at(4, 11)  # 2 open hours from the next opening
    with time_machine.travel(at(3, 20), tick=False):
        roaming = make_order(
            world, source=Source.HOTLINE, category_code="bill_roaming", number="13812340000"
        )
        intl = make_order(
            world, source=Source.HOTLINE, category_code="bill_intl", number="13812340001"
        )
    assert roaming.reply_due == at(5, 20)
    assert intl.reply_due == at(6, 20)


@pytest.mark.django_db
def test_it_never_sets_the_first_contact_due_after_the_reply_due(world):
    # Friday evening, a billing order: its reply clock runs on wall time (24 h, Saturday),
    # the contact clock on opening hours (Monday to Friday) would end on Monday.
    for day in range(5):
        OpeningHours.objects.create(store=world.store_a, weekday=day, opens_at=NINE,
                                    closes_at=SIX)
    with time_machine.travel(at(7, 17, 45), tick=False):
        order = make_order(world, source=Source.HOTLINE, category_code="bill_border")
    assert order.reply_due == at(8, 17, 45)
    assert order.contact_due <= order.reply_due
