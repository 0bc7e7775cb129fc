"""Reads of the people app, always taking the store."""

import datetime
from collections import defaultdict
from typing import NamedTuple

from django.utils import timezone

from hallops.models import AttendanceRecord, RosterEntry
from hallops.selectors.roster import roster_between, store_staff
from people.models import (
    ClockCorrection,
    LeaveRequest,
    RequestStatus,
    RosterChange,
    RosterPublication,
    ShiftSwap,
    StaffingRule,
    SwapStatus,
)


def leave_of(store, user):
    return (LeaveRequest.objects.filter(store=store, user=user)
            .select_related("leave_type", "decided_by").prefetch_related("shift_types"))


def leave_pending(store):
    return (LeaveRequest.objects.filter(store=store, status=RequestStatus.PENDING)
            .select_related("user", "leave_type").prefetch_related("shift_types")
            .order_by("start_date", "pk"))


def leave_decided(store, limit: int = 50):
    return (LeaveRequest.objects.filter(store=store).exclude(status=RequestStatus.PENDING)
            .select_related("user", "leave_type", "decided_by").prefetch_related("shift_types")
            .order_by("-decided_at", "-pk")[:limit])


def leave_by_entry(store, start, end) -> dict:
    """{(user id, date): leave type label} of approved leave in [start, end] (the grids)."""
    out = {}
    for leave in (LeaveRequest.objects.filter(store=store, status=RequestStatus.APPROVED,
                                              start_date__lte=end, end_date__gte=start)
                  .select_related("leave_type")):
        day = max(leave.start_date, start)
        while day <= min(leave.end_date, end):
            out[(leave.user_id, day)] = leave.leave_type.label
            day += datetime.timedelta(days=1)
    return out


def corrections_of(store, user):
    return (ClockCorrection.objects.filter(store=store, user=user)
            .select_related("decided_by", "roster_entry__shift_type"))


def corrections_pending(store):
    return (ClockCorrection.objects.filter(store=store, status=RequestStatus.PENDING)
            .select_related("user", "record", "roster_entry__shift_type").order_by("created_at"))


def correctable_records(store, user, since: datetime.date):
    """The person's clock-ins since `since` (newest first) for the correction form."""
    return (AttendanceRecord.objects.filter(store=store, user=user, business_date__gte=since)
            .select_related("roster_entry__shift_type").order_by("-clock_in"))


def unclocked_shifts(store, user, since: datetime.date, today: datetime.date):
    """The person's shifts since `since` up to today with no clock-in at all (not on leave)."""
    return (RosterEntry.objects.filter(store=store, user=user, date__gte=since, date__lte=today,
                                       on_leave=False, attendance__isnull=True)
            .select_related("shift_type").order_by("-date"))


def swaps_of(store, user):
    from django.db.models import Q

    return (ShiftSwap.objects.filter(store=store).filter(Q(requester=user) | Q(colleague=user))
            .select_related("requester", "colleague", "requester_entry__shift_type",
                            "colleague_entry__shift_type"))


def swaps_waiting_approval(store):
    return (ShiftSwap.objects.filter(store=store, status=SwapStatus.ACCEPTED)
            .select_related("requester", "colleague", "requester_entry__shift_type",
                            "requester_entry__post", "colleague_entry__shift_type",
                            "colleague_entry__post"))


def swappable_entries(store, user, today):
    return (RosterEntry.objects.filter(store=store, user=user, date__gte=today, on_leave=False,
                                       attendance__isnull=True)
            .select_related("shift_type", "post").order_by("date", "shift_type__starts_at"))


def colleague_entries(store, user, today, days: int = 62):
    return (RosterEntry.objects.filter(store=store, date__gte=today,
                                       date__lte=today + datetime.timedelta(days=days),
                                       on_leave=False, attendance__isnull=True)
            .exclude(user=user).select_related("user", "shift_type", "post")
            .order_by("date", "shift_type__starts_at", "user__username"))


def staffing_rules(store):
    return StaffingRule.objects.filter(store=store).select_related("post")


def publication(store, month: datetime.date):
    return RosterPublication.objects.filter(store=store, month=month).select_related(
        "published_by").first()


def changes_since_publication(store, month: datetime.date):
    return (RosterChange.objects.filter(store=store, publication__month=month)
            .select_related("user", "changed_by"))


class MonthShift(NamedTuple):
    code: str  # the shift type's code
    on_leave: bool


def roster_month_grid(store, first: datetime.date, last: datetime.date):
    """(days, rows) for the month view: rows are (user, [cell per day]); a cell is a list of
    MonthShift. Plain values: a month of a store is a thousand entries."""
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    cells: dict = defaultdict(list)
    entries = roster_between(store, first, last).values_list(
        "user_id", "date", "shift_type__code", "on_leave")
    for user_id, day, code, on_leave in entries:
        cells[(user_id, day)].append(MonthShift(code, on_leave))
    rows = [(user, [cells.get((user.pk, d), []) for d in days]) for user in store_staff(store)]
    return days, rows


def today_local():
    return timezone.localdate()
