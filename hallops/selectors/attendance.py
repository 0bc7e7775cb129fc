"""Reads of attendance: the floor now, and a month per person."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from hallops.businessdate import shift_bounds
from hallops.models import AttendanceRecord, RosterEntry
from hallops.periods import month_dates


@dataclass
class FloorRow:
    entry: RosterEntry
    record: AttendanceRecord | None
    status: str  # in / late / out / absent / expected

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
        if record is None:
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
    days: dict = field(default_factory=dict)


def attendance_month(store, year: int, month: int, today: datetime.date | None = None):
    """Per person: shifts rostered, attended, late, left early, absent (past days only)."""
    today = today or timezone.localdate()
    first, last = month_dates(datetime.date(year, month, 1))
    entries = RosterEntry.objects.filter(store=store, date__gte=first, date__lte=last).select_related(
        "user", "user__profile"
    )
    records = AttendanceRecord.objects.filter(
        store=store, business_date__gte=first, business_date__lte=last
    ).select_related("user", "user__profile")
    rows: dict[int, MonthRow] = {}
    attended_entries = set()
    for record in records:
        row = rows.setdefault(record.user_id, MonthRow(user=record.user))
        row.attended += 1
        row.late += 1 if record.late_minutes else 0
        row.late_minutes += record.late_minutes
        row.early += 1 if record.early_leave_minutes else 0
        if record.roster_entry_id:
            attended_entries.add(record.roster_entry_id)
        else:
            row.unrostered += 1
    for entry in entries:
        row = rows.setdefault(entry.user_id, MonthRow(user=entry.user))
        row.rostered += 1
        if entry.pk not in attended_entries and entry.date < today:
            row.absent += 1
    return sorted(rows.values(), key=lambda r: r.user.get_username())


def month_days(year: int, month: int) -> list[datetime.date]:
    first, last = month_dates(datetime.date(year, month, 1))
    return [first + datetime.timedelta(days=n) for n in range(last.day)]


def open_record(user):
    return AttendanceRecord.objects.filter(user=user, clock_out__isnull=True).first()


__all__ = ["attendance_month", "floor_status", "month_days", "open_record"]
