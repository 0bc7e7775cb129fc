import datetime

import pytest
from django.utils import timezone

from hallops.exceptions import DomainError
from hallops.models import AuditEntry, Notification, RosterEntry, ShiftType
from hallops.selectors.attendance import attendance_month, floor_status
from hallops.selectors.roster import roster_week_grid
from hallops.services.roster import roster_entry_create
from people.models import LeaveRequest, LeaveType, RequestStatus
from people.services.leave import (
    leave_request_approve,
    leave_request_cancel,
    leave_request_create,
    leave_request_refuse,
)
from tests.factories import post, roster

pytestmark = pytest.mark.django_db


def annual():
    return LeaveType.objects.get(code="annual")


def ask(world, start, end, user=None, **kw):
    user = user or world.clerk_a
    return leave_request_create(actor=user, store=world.store_a, leave_type=annual(),
                                start_date=start, end_date=end, reason="家中有事", **kw)


def test_it_seeds_six_leave_types_in_chinese_and_english():
    codes = set(LeaveType.objects.values_list("code", flat=True))
    assert {"annual", "sick", "personal", "compensatory", "marriage", "bereavement"} <= codes
    assert LeaveType.objects.get(code="sick").name == "病假"
    assert LeaveType.objects.get(code="sick").name_en == "Sick leave"


def test_it_refuses_a_reversed_range(world):
    today = timezone.localdate()
    with pytest.raises(DomainError, match="ends before it starts"):
        ask(world, today + datetime.timedelta(days=3), today)
    assert not LeaveRequest.objects.exists()


def test_it_refuses_an_absurdly_long_leave(world):
    today = timezone.localdate()
    with pytest.raises(DomainError, match="at most 60 days"):
        ask(world, today, today + datetime.timedelta(days=400))


def test_it_refuses_overlapping_leave(world):
    today = timezone.localdate()
    ask(world, today + datetime.timedelta(days=2), today + datetime.timedelta(days=4))
    with pytest.raises(DomainError, match="overlaps your leave"):
        ask(world, today + datetime.timedelta(days=4), today + datetime.timedelta(days=6))
    assert LeaveRequest.objects.count() == 1


def test_it_allows_leave_of_another_shift_the_same_day(world):
    day = timezone.localdate() + datetime.timedelta(days=2)
    a = ShiftType.objects.get(store=world.store_a, code="A")
    c = ShiftType.objects.get(store=world.store_a, code="C")
    ask(world, day, day, shift_types=[a])
    ask(world, day, day, shift_types=[c])
    with pytest.raises(DomainError, match="overlaps"):
        ask(world, day, day)


def test_it_refuses_leave_for_someone_of_another_store(world):
    day = timezone.localdate()
    with pytest.raises(DomainError, match="does not work in this store"):
        ask(world, day, day, user=world.clerk_b)
    with pytest.raises(DomainError, match="only for yourself"):
        leave_request_create(actor=world.clerk_a, store=world.store_a, leave_type=annual(),
                             start_date=day, end_date=day, user=world.dm_a)


def test_it_refuses_a_shift_of_another_store(world):
    day = timezone.localdate()
    other = ShiftType.objects.filter(store=world.store_b).first()
    with pytest.raises(DomainError, match="another store"):
        ask(world, day, day, shift_types=[other])


def test_it_refuses_a_decision_without_a_reason_or_on_ones_own_request(world):
    day = timezone.localdate() + datetime.timedelta(days=1)
    leave = ask(world, day, day)
    with pytest.raises(DomainError, match="give a reason"):
        leave_request_refuse(actor=world.sm_a, store=world.store_a, leave=leave, reason=" ")
    own = leave_request_create(actor=world.sm_a, store=world.store_a, leave_type=annual(),
                               start_date=day, end_date=day)
    with pytest.raises(DomainError, match="your own request"):
        leave_request_approve(actor=world.sm_a, store=world.store_a, leave=own)


def test_approved_leave_marks_the_roster_and_recomputes_warnings(world):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(days=7)
    roster(world.store_a, world.dm_a, monday, post_code="duty")
    entry = roster(world.store_a, world.clerk_a, monday)
    _days, _rows, warnings = roster_week_grid(world.store_a, monday)
    before = [w.message for w in warnings if w.date == monday]
    assert not any("duty manager" in m for m in before)
    leave = ask(world, monday, monday, user=world.dm_a)
    leave_request_approve(actor=world.sm_a, store=world.store_a, leave=leave, reason="")
    _days, _rows, warnings = roster_week_grid(world.store_a, monday)
    after = [w.message for w in warnings if w.date == monday]
    assert any("No duty manager" in m for m in after)
    entry.refresh_from_db()
    assert entry.on_leave is False
    assert RosterEntry.objects.get(user=world.dm_a, date=monday).on_leave is True
    assert AuditEntry.objects.filter(action="leave_request.approved").exists()
    assert Notification.objects.filter(recipient=world.dm_a).exists()
    assert Notification.objects.filter(recipient=world.sm_a).exists()


def test_attendance_shows_on_leave_not_absent(world):
    today = timezone.localdate()
    past = today - datetime.timedelta(days=2)
    roster(world.store_a, world.clerk_a, past)
    leave = ask(world, past, past)
    leave_request_approve(actor=world.sm_a, store=world.store_a, leave=leave)
    rows = floor_status(world.store_a, past, timezone.now())
    assert [r.status for r in rows] == ["on_leave"]
    month = attendance_month(world.store_a, past.year, past.month, today=today)
    row = next(r for r in month if r.user == world.clerk_a)
    assert (row.absent, row.on_leave) == (0, 1)


def test_a_shift_added_after_approval_is_on_leave_and_withdrawal_clears_it(world):
    day = timezone.localdate() + datetime.timedelta(days=5)
    leave = ask(world, day, day)
    leave_request_approve(actor=world.sm_a, store=world.store_a, leave=leave)
    entry = roster_entry_create(actor=world.sm_a, store=world.store_a, user=world.clerk_a,
                                date=day, shift_type=ShiftType.objects.get(store=world.store_a, code="A"),
                                post=post("counter"))
    assert entry.on_leave is True
    leave_request_cancel(actor=world.clerk_a, store=world.store_a, leave=leave)
    entry.refresh_from_db()
    assert entry.on_leave is False
    leave.refresh_from_db()
    assert leave.status == RequestStatus.CANCELLED


def test_a_decided_request_cannot_be_decided_again(world):
    day = timezone.localdate() + datetime.timedelta(days=1)
    leave = ask(world, day, day)
    leave_request_refuse(actor=world.sm_a, store=world.store_a, leave=leave, reason="人手不足")
    with pytest.raises(DomainError, match="already decided"):
        leave_request_approve(actor=world.sm_a, store=world.store_a, leave=leave)


def test_the_duty_log_and_the_workbooks_say_on_leave(world):
    from hallops.dutylog_sections import attendance_section
    from reports.models import Kind
    from reports.sheets import SheetContext
    from reports.sheets.attendance import AttendanceByPersonSheet, AttendanceDetailSheet

    today = timezone.localdate()
    past = today - datetime.timedelta(days=1)
    roster(world.store_a, world.clerk_a, past)
    roster(world.store_a, world.ch_a, past)
    leave = ask(world, past, past)
    leave_request_approve(actor=world.sm_a, store=world.store_a, leave=leave)
    section = attendance_section(world.store_a, past, None)
    assert section["counts"]["on_leave"] == 1 and section["counts"]["absent"] == 1
    ctx = SheetContext(kind=Kind.STORE_DAILY, start=past, end=past, stores=[world.store_a],
                       today=today)
    statuses = sorted(row[-1] for row in AttendanceDetailSheet().rows(ctx))
    assert statuses == ["Absent", "On leave"]
    ctx = SheetContext(kind=Kind.STORE_MONTHLY, start=past, end=past, stores=[world.store_a],
                       today=today)
    people = {row[0]: row for row in AttendanceByPersonSheet().rows(ctx)}
    clerk = people[world.clerk_a.profile.employee_no]
    assert (clerk[7], clerk[9]) == (0, 1)  # absences, shifts on leave
