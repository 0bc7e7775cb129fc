import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from hallops.exceptions import DomainError
from hallops.models import Notification, ShiftType
from hallops.selectors.roster import roster_week_grid
from hallops.services.roster import roster_entry_create, roster_entry_delete
from people.models import DayType, LeaveType, RosterChange, StaffingRule
from people.services.leave import leave_request_approve, leave_request_create
from people.services.roster import roster_month_publish, staffing_rule_create
from people.sheets import roster_workbook
from tests.factories import post, roster

pytestmark = pytest.mark.django_db


def next_month():
    return (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def next_saturday():
    today = timezone.localdate()
    return today + datetime.timedelta(days=(5 - today.weekday()) % 7 or 7)


def test_band_warnings_per_post_and_time_band(world):
    saturday = next_saturday()
    monday = saturday - datetime.timedelta(days=5)
    staffing_rule_create(actor=world.sm_a, store=world.store_a, day_type=DayType.WEEKEND,
                         starts_at=datetime.time(10), ends_at=datetime.time(12),
                         post=post("counter"), minimum=2)
    roster(world.store_a, world.dm_a, saturday, post_code="duty")
    roster(world.store_a, world.clerk_a, saturday, "A")
    roster(world.store_a, world.ch_a, saturday, "A")
    _d, _r, warnings = roster_week_grid(world.store_a, monday)
    assert not [w for w in warnings if w.date == saturday and "10:00–12:00" in w.message]
    # The clerk's leave takes one counter away: the band warns, with its post and hours.
    leave = leave_request_create(actor=world.clerk_a, store=world.store_a,
                                 leave_type=LeaveType.objects.get(code="personal"),
                                 start_date=saturday, end_date=saturday)
    leave_request_approve(actor=world.sm_a, store=world.store_a, leave=leave)
    _d, _r, warnings = roster_week_grid(world.store_a, monday)
    band = [w.message for w in warnings if w.date == saturday and "10:00–12:00" in w.message]
    assert band == ["10:00–12:00 Counter: 1 rostered, at least 2 needed."]
    # Weekdays have no such minimum.
    assert not [w for w in warnings if w.date == monday and "10:00" in w.message]


def test_a_band_rule_refuses_reversed_hours_and_duplicates(world):
    with pytest.raises(DomainError, match="end after it starts"):
        staffing_rule_create(actor=world.sm_a, store=world.store_a, day_type=DayType.EVERY_DAY,
                             starts_at=datetime.time(12), ends_at=datetime.time(10),
                             post=post("counter"), minimum=1)
    staffing_rule_create(actor=world.sm_a, store=world.store_a, day_type=DayType.EVERY_DAY,
                         starts_at=datetime.time(10), ends_at=datetime.time(12),
                         post=post("counter"), minimum=1)
    with pytest.raises(DomainError, match="already has a minimum"):
        staffing_rule_create(actor=world.sm_a, store=world.store_a, day_type=DayType.EVERY_DAY,
                             starts_at=datetime.time(10), ends_at=datetime.time(12),
                             post=post("counter"), minimum=3)
    assert StaffingRule.objects.count() == 1


def test_publish_notifies_and_tracks_later_changes(world):
    first = next_month()
    with pytest.raises(DomainError, match="has no roster yet"):
        roster_month_publish(actor=world.sm_a, store=world.store_a, month=first)
    entry = roster(world.store_a, world.clerk_a, first)
    roster_month_publish(actor=world.sm_a, store=world.store_a, month=first)
    assert Notification.objects.filter(recipient=world.clerk_a,
                                       message_id__contains="is published").exists()
    with pytest.raises(DomainError, match="already published"):
        roster_month_publish(actor=world.sm_a, store=world.store_a, month=first)
    roster_entry_delete(actor=world.sm_a, entry=entry)
    roster_entry_create(actor=world.sm_a, store=world.store_a, user=world.clerk_a,
                        date=first, shift_type=ShiftType.objects.get(store=world.store_a, code="C"),
                        post=post("counter"))
    kinds = sorted(RosterChange.objects.values_list("kind", flat=True))
    assert kinds == ["added", "removed"]
    assert Notification.objects.filter(recipient=world.clerk_a,
                                       message_id__contains="published roster changed").count() == 2


def test_past_months_cannot_be_published(world):
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    with pytest.raises(DomainError, match="has passed"):
        roster_month_publish(actor=world.sm_a, store=world.store_a, month=last_month)


def test_the_roster_workbook_lists_shifts_and_leave(world):
    first = next_month()
    roster(world.store_a, world.clerk_a, first)
    entry = roster(world.store_a, world.dm_a, first, post_code="duty")
    entry.on_leave = True
    entry.save()
    buffer = io.BytesIO()
    roster_workbook(buffer, store=world.store_a, month=first)
    buffer.seek(0)
    sheet = openpyxl.load_workbook(buffer).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] in ("Date", "日期")
    statuses = sorted(r[8] for r in rows[1:] if r[0] is not None and r[8])
    assert statuses == ["On leave", "Working"]


@pytest.mark.scopes_enforced
@pytest.mark.scopes_enforced
def test_the_roster_providers_work_in_a_plain_store_scope(world):
    """Outside a request (a task, a command) the roster code runs in the store's scope the
    caller entered; the people app's providers need nothing more."""
    from hallops.scoping import ScopeError, store_scope

    first = next_month()
    with pytest.raises(ScopeError):
        list(StaffingRule.objects.all())
    with store_scope(world.store_a):
        entry = roster_entry_create(actor=world.sm_a, store=world.store_a, user=world.clerk_a,
                                    date=first,
                                    shift_type=ShiftType.objects.get(store=world.store_a, code="A"),
                                    post=post("counter"))
        assert entry.on_leave is False
        _d, _r, warnings = roster_week_grid(world.store_a,
                                            first - datetime.timedelta(days=first.weekday()))
    assert warnings


def test_the_managers_home_warns_per_band_too(world, clients):
    from django.urls import reverse

    saturday = next_saturday()
    staffing_rule_create(actor=world.sm_a, store=world.store_a, day_type=DayType.WEEKEND,
                         starts_at=datetime.time(10), ends_at=datetime.time(12),
                         post=post("counter"), minimum=2)
    roster(world.store_a, world.clerk_a, saturday, "A")
    html = clients.sm_a.get(reverse("store_manager:home")).content.decode()
    assert "10:00–12:00" in html
