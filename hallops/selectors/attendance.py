"""Reads of attendance: the floor now, and a month per person."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from hallops.businessdate import shift_bounds
from hallops.models import AttendanceRecord, RosterEntry
from hallops.periods import month_dates
from hallops.permissions import Role
from hallops.selectors.attendance_figures import attendance_figures


@dataclass
class FloorRow:
    entry: RosterEntry
    record: AttendanceRecord | None
    status: str  # in / late / out / absent / expected / on_leave

    @property
    def user(self):
        return self.entry.user


def floor_status(store, day: datetime.date, now=None) -> list[FloorRow]:
    """Everyone rostered on `day` with whether they are in, late, absent or still expected."""
    now = now or timezone.now()
    entries = list(
        RosterEntry.objects.filter(store=store, date=day)
        .select_related("user", "shift_type", "post")
        .order_by("shift_type__starts_at", "post__sort_order", "user__username")
    )
    records = {
        r.roster_entry_id: r
        for r in AttendanceRecord.objects.filter(roster_entry__in=[e.pk for e in entries])
    }
    grace = datetime.timedelta(minutes=store.attendance_grace_minutes)
    rows = []
    for entry in entries:
        record = records.get(entry.pk)
        start, _end = shift_bounds(entry.date, entry.shift_type)
        if record is None and entry.on_leave:
            status = "on_leave"
        elif record is None:
            status = "absent" if now > start + grace else "expected"
        elif record.clock_out is not None:
            status = "out"
        elif record.late_minutes:
            status = "late"
        else:
            status = "in"
        rows.append(FloorRow(entry=entry, record=record, status=status))
    return rows


@dataclass
class MonthRow:
    user: object
    rostered: int = 0
    attended: int = 0
    late: int = 0
    early: int = 0
    absent: int = 0
    late_minutes: int = 0
    unrostered: int = 0
    on_leave: int = 0


def attendance_month(store, year: int, month: int, today: datetime.date | None = None):
    """Per person: shifts rostered, attended, late, left early, absent (past days only).

    Figures come from `attendance_figures`, the count the KPI table and workbooks also use.
    """
    today = today or timezone.localdate()
    first, last = month_dates(datetime.date(year, month, 1))
    figures = attendance_figures([store], first, last, today=today, by="user")
    users = get_user_model().objects.filter(pk__in=figures).select_related("profile")
    rows = [MonthRow(user=user, **figures[user.pk]) for user in users]
    return sorted(rows, key=lambda r: r.user.get_username())


def month_days(year: int, month: int) -> list[datetime.date]:
    first, last = month_dates(datetime.date(year, month, 1))
    return [first + datetime.timedelta(days=n) for n in range(last.day)]


def open_record(user):
    return AttendanceRecord.objects.filter(user=user, clock_out__isnull=True).first()


def corrected_records(store, first: datetime.date, last: datetime.date):
    """Clock-ins of [first, last] with a corrected time: shown with what the clock said."""
    from django.db.models import Q

    return (AttendanceRecord.objects.filter(store=store, business_date__gte=first,
                                            business_date__lte=last)
            .filter(Q(clock_in_corrected=True) | Q(clock_out_corrected=True))
            .select_related("user", "roster_entry__shift_type")
            .order_by("business_date", "clock_in"))


def records_needing_correction(store, today: datetime.date, user=None):
    """Clock-ins of past business days never clocked out (still open, or closed for the
    person by their next clock-in) and not yet corrected: flagged until a correction."""
    from django.db.models import Q

    records = AttendanceRecord.objects.filter(store=store, business_date__lt=today).filter(
        Q(clock_out__isnull=True) | Q(needs_correction=True))
    if user is not None:
        records = records.filter(user=user)
    return records.select_related("user", "roster_entry__shift_type").order_by("business_date")


# Roles that work shifts on the floor and clock in; anyone else (the store manager, the fund
# receiver) is prompted only on a day they are rostered.
CLOCK_IN_ROLES = (Role.DUTY_MANAGER, Role.CLERK, Role.COMPLAINT_HANDLER)


def clock_card(user, store, role, day: datetime.date) -> dict:
    """What the clock card shows: the open record, today's last clock-out, whether to prompt.
    One query for both (a home page has a query budget): the open record (one per person)
    sorts first, else today's latest clock-out here."""
    from django.db.models import F, Q

    record = (AttendanceRecord.objects.filter(user=user)
              .filter(Q(clock_out__isnull=True)
                      | Q(store=store, business_date=day, clock_out__isnull=False))
              .order_by(F("clock_out").desc(nulls_first=True), "-pk").first())
    if record is not None and record.clock_out is None and record.business_date < day:
        # Never clocked out on a past day: the next clock-in closes it for a correction.
        return {"open_record": None, "stale_record": record, "last_clock_out": None,
                "clock_prompt": True}
    if record is not None and record.clock_out is None:
        return {"open_record": record, "last_clock_out": None, "clock_prompt": True}
    last = record.clock_out if record is not None else None
    prompt = (role in CLOCK_IN_ROLES or last is not None
              or RosterEntry.objects.filter(user=user, store=store, date=day).exists())
    return {"open_record": None, "last_clock_out": last, "clock_prompt": prompt}


__all__ = ["CLOCK_IN_ROLES", "attendance_month", "clock_card", "corrected_records",
           "floor_status", "month_days", "open_record", "records_needing_correction"]
