import datetime

import pytest
from django.utils import timezone

from hallops.exceptions import DomainError
from hallops.models import AttendanceRecord, AuditEntry
from hallops.selectors.attendance import records_needing_correction
from hallops.services.attendance import attendance_clock_in
from people.models import ClockCorrection, CorrectionSide, PeopleRules, RequestStatus
from people.services.corrections import (
    clock_correction_approve,
    clock_correction_refuse,
    clock_correction_request,
)
from tests.factories import roster

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def open_record(world, day, hour=8, minute=25):
    entry = roster(world.store_a, world.clerk_a, day)
    return AttendanceRecord.objects.create(store=world.store_a, user=world.clerk_a,
                                           business_date=day, roster_entry=entry,
                                           clock_in=at(day, hour, minute))


def ask(world, record=None, **kw):
    args = {"side": CorrectionSide.CLOCK_OUT, "reason": "忘记签退"}
    args.update(kw)
    return clock_correction_request(actor=world.clerk_a, store=world.store_a, record=record,
                                    **args)


def test_it_refuses_a_correction_in_the_future(world):
    day = timezone.localdate()
    record = open_record(world, day, hour=0, minute=5)
    with pytest.raises(DomainError, match="cannot be in the future"):
        ask(world, record, corrected_time=timezone.now() + datetime.timedelta(hours=2))
    assert not ClockCorrection.objects.exists()


def test_it_refuses_a_correction_beyond_the_window(world):
    rules = PeopleRules.current()
    rules.correction_window_days = 3
    rules.save()
    day = timezone.localdate() - datetime.timedelta(days=5)
    record = open_record(world, day)
    with pytest.raises(DomainError, match="reach back 3 days at most"):
        ask(world, record, corrected_time=at(day, 17, 5))


def test_it_refuses_a_clock_out_before_the_clock_in_and_a_missing_reason(world):
    day = timezone.localdate() - datetime.timedelta(days=1)
    record = open_record(world, day)
    with pytest.raises(DomainError, match="before the clock-in"):
        ask(world, record, corrected_time=at(day, 7, 0))
    with pytest.raises(DomainError, match="give a reason"):
        ask(world, record, corrected_time=at(day, 17, 0), reason="")


def test_it_refuses_someone_elses_record_and_a_self_decision(world):
    day = timezone.localdate() - datetime.timedelta(days=1)
    record = open_record(world, day)
    with pytest.raises(DomainError, match="only your own"):
        clock_correction_request(actor=world.dm_a, store=world.store_a, record=record,
                                 side=CorrectionSide.CLOCK_OUT, corrected_time=at(day, 17),
                                 reason="x")
    correction = ask(world, record, corrected_time=at(day, 17, 2))
    with pytest.raises(DomainError, match="your own request"):
        clock_correction_approve(actor=world.clerk_a, store=world.store_a, correction=correction)
    with pytest.raises(DomainError, match="already waiting"):
        ask(world, record, corrected_time=at(day, 17, 3))


def test_a_forgotten_clock_out_is_flagged_closed_at_next_clock_in_and_corrected(world):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    record = open_record(world, yesterday)
    today = timezone.localdate()
    assert list(records_needing_correction(world.store_a, today)) == [record]
    # The next clock-in closes it for correction rather than refusing the person.
    attendance_clock_in(user=world.clerk_a, store=world.store_a,
                        now=at(today, 8, 20))
    record.refresh_from_db()
    assert record.needs_correction and record.clock_out is not None
    assert list(records_needing_correction(world.store_a, today)) == [record]
    assert AuditEntry.objects.filter(action="attendance.closed_for_correction").exists()
    correction = ask(world, record, corrected_time=at(yesterday, 17, 10))
    assert correction.original_time is None
    clock_correction_approve(actor=world.dm_a, store=world.store_a, correction=correction)
    record.refresh_from_db()
    assert record.clock_out == at(yesterday, 17, 10)
    assert record.clock_out_corrected and record.clock_out_original is None
    assert not record.needs_correction
    assert list(records_needing_correction(world.store_a, today)) == []


def test_a_wrong_clock_in_keeps_the_original(world):
    day = timezone.localdate() - datetime.timedelta(days=1)
    record = open_record(world, day, hour=9, minute=40)
    record.clock_out = at(day, 17, 0)
    record.late_minutes = 70
    record.save()
    correction = ask(world, record, side=CorrectionSide.CLOCK_IN, corrected_time=at(day, 8, 28))
    assert correction.original_time == at(day, 9, 40)
    clock_correction_approve(actor=world.sm_a, store=world.store_a, correction=correction)
    record.refresh_from_db()
    assert record.clock_in == at(day, 8, 28)
    assert record.clock_in_original == at(day, 9, 40)
    assert record.clock_in_corrected and record.late_minutes == 0
    # A second correction keeps the first original, never overwrites it silently.
    again = ask(world, record, side=CorrectionSide.CLOCK_IN, corrected_time=at(day, 8, 29))
    clock_correction_approve(actor=world.sm_a, store=world.store_a, correction=again)
    record.refresh_from_db()
    assert record.clock_in_original == at(day, 9, 40)
    assert AuditEntry.objects.filter(action="attendance.corrected").count() == 2


def test_a_shift_with_no_clock_in_is_corrected_whole(world):
    day = timezone.localdate() - datetime.timedelta(days=2)
    entry = roster(world.store_a, world.clerk_a, day)
    with pytest.raises(DomainError, match="time you left"):
        clock_correction_request(actor=world.clerk_a, store=world.store_a, roster_entry=entry,
                                 side=CorrectionSide.CLOCK_IN, corrected_time=at(day, 8, 30),
                                 reason="打卡机故障")
    correction = clock_correction_request(
        actor=world.clerk_a, store=world.store_a, roster_entry=entry,
        side=CorrectionSide.CLOCK_IN, corrected_time=at(day, 8, 30),
        corrected_out_time=at(day, 17, 0), reason="打卡机故障")
    clock_correction_approve(actor=world.dm_a, store=world.store_a, correction=correction)
    record = AttendanceRecord.objects.get(roster_entry=entry)
    assert record.clock_in_corrected and record.clock_in_original is None
    assert record.clock_out == at(day, 17, 0)


def test_a_refusal_needs_a_reason_and_leaves_the_record(world):
    day = timezone.localdate() - datetime.timedelta(days=1)
    record = open_record(world, day)
    correction = ask(world, record, corrected_time=at(day, 17, 0))
    with pytest.raises(DomainError, match="give a reason"):
        clock_correction_refuse(actor=world.dm_a, store=world.store_a, correction=correction,
                                reason="")
    clock_correction_refuse(actor=world.dm_a, store=world.store_a, correction=correction,
                            reason="监控显示 16:00 离开")
    correction.refresh_from_db()
    record.refresh_from_db()
    assert correction.status == RequestStatus.REFUSED
    assert record.clock_out is None


def test_a_clock_out_a_day_late_is_refused_and_the_card_offers_a_clock_in(world):
    from hallops.selectors.attendance import clock_card
    from hallops.services.attendance import attendance_clock_out

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    record = open_record(world, yesterday)
    today = timezone.localdate()
    with pytest.raises(DomainError, match="never clocked out; ask for a correction"):
        attendance_clock_out(user=world.clerk_a, store=world.store_a, now=at(today, 9, 0))
    record.refresh_from_db()
    assert record.clock_out is None
    card = clock_card(world.clerk_a, world.store_a, "clerk", today)
    assert card["open_record"] is None and card["stale_record"] == record
