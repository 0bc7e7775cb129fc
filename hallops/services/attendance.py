"""Clock in and clock out (考勤), compared with the roster."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.businessdate import business_date, shift_bounds
from hallops.exceptions import DomainError
from hallops.models import AttendanceRecord, RosterEntry
from hallops.services.audit import audit_record, snapshot

# A clock-in this long before a shift starts still counts for that shift.
EARLY_WINDOW = datetime.timedelta(hours=3)


def _minutes(delta: datetime.timedelta) -> int:
    return max(0, int(delta.total_seconds() // 60))


def _matching_entry(*, user, store, now) -> RosterEntry | None:
    """The roster entry this clock-in belongs to: today's not yet attended, nearest start."""
    day = business_date(now, store=store)
    candidates = (
        RosterEntry.objects.filter(store=store, user=user, date__in=[day, day - datetime.timedelta(days=1)])
        .exclude(attendance__isnull=False)
        .select_related("shift_type")
    )
    best, best_gap = None, None
    for entry in candidates:
        start, end = shift_bounds(entry.date, entry.shift_type)
        if not (start - EARLY_WINDOW <= now < end):
            continue
        gap = abs(now - start)
        if best_gap is None or gap < best_gap:
            best, best_gap = entry, gap
    return best


def _resumable_record(*, user, store, now) -> AttendanceRecord | None:
    """A record closed early whose shift is still running: clocking in again resumes it.

    Without this the second clock-in found no unattended roster entry (the shift already has
    its record) and was filed as "not on the roster".
    """
    day = business_date(now, store=store)
    records = (
        AttendanceRecord.objects.select_for_update(of=("self",))
        .filter(user=user, store=store, clock_out__isnull=False, roster_entry__isnull=False,
                roster_entry__date__in=[day, day - datetime.timedelta(days=1)])
        .select_related("roster_entry__shift_type")
        .order_by("-clock_out")
    )
    for record in records:
        entry = record.roster_entry
        assert entry is not None  # filtered on roster_entry__isnull=False
        start, end = shift_bounds(entry.date, entry.shift_type)
        if start - EARLY_WINDOW <= now < end:
            return record
    return None


def _resume(record: AttendanceRecord, *, user, store) -> AttendanceRecord:
    """Back on the same shift: the clock-out and its early leave no longer stand (audited)."""
    before = snapshot(record)
    record.clock_out = None
    record.early_leave_minutes = 0
    record.early_leave_reason = ""
    record.save(update_fields=["clock_out", "early_leave_minutes", "early_leave_reason"])
    audit_record(actor=user, store=store, action="attendance.clocked_in", obj=record,
                 before=before, after=snapshot(record))
    return record


def _close_forgotten(record: AttendanceRecord, *, user) -> None:
    """A clock-in of a past business day never clocked out: closed at its shift's end (or at
    the clock-in when it had no shift) and flagged for a correction, so the person can clock
    in today and the real time is asked for rather than guessed (audited)."""
    before = snapshot(record)
    end = record.clock_in
    if record.roster_entry is not None:
        _start, shift_end = shift_bounds(record.roster_entry.date, record.roster_entry.shift_type)
        end = max(shift_end, record.clock_in)
    record.clock_out = end
    record.needs_correction = True
    record.save(update_fields=["clock_out", "needs_correction"])
    audit_record(actor=user, store=record.store, action="attendance.closed_for_correction",
                 obj=record, before=before, after=snapshot(record))


@transaction.atomic
def attendance_clock_in(*, user, store, reason: str = "", now=None) -> AttendanceRecord:
    now = now or timezone.now()
    open_record = (AttendanceRecord.objects.select_related("store", "roster_entry__shift_type")
                   .filter(user=user, clock_out__isnull=True).first())
    if open_record is not None and open_record.business_date < business_date(
            now, store=open_record.store):
        _close_forgotten(open_record, user=user)
        open_record = None
    if open_record is not None:
        raise DomainError(
            _("You are already clocked in since %(time)s.")
            % {"time": timezone.localtime(open_record.clock_in).strftime("%H:%M")}
        )
    resumed = _resumable_record(user=user, store=store, now=now)
    if resumed is not None:
        return _resume(resumed, user=user, store=store)
    entry = _matching_entry(user=user, store=store, now=now)
    late = 0
    if entry is not None:
        start, _end = shift_bounds(entry.date, entry.shift_type)
        late = _minutes(now - start)
        if late > store.attendance_grace_minutes and not reason.strip():
            raise DomainError(
                _("You are %(minutes)d minutes late for shift %(shift)s; please give a reason.")
                % {"minutes": late, "shift": entry.shift_type.code},
                field="reason",
                code="reason_required",
            )
    try:
        with transaction.atomic():
            record = AttendanceRecord.objects.create(
                store=store,
                user=user,
                business_date=entry.date if entry else business_date(now, store=store),
                roster_entry=entry,
                clock_in=now,
                late_minutes=late if late > store.attendance_grace_minutes else 0,
                late_reason=reason.strip() if late > store.attendance_grace_minutes else "",
            )
    except IntegrityError:
        raise DomainError(_("You are already clocked in."))
    audit_record(actor=user, store=store, action="attendance.clocked_in", obj=record,
                 after=snapshot(record))
    return record


@transaction.atomic
def attendance_clock_out(*, user, store, reason: str = "", now=None) -> AttendanceRecord:
    now = now or timezone.now()
    record = (
        AttendanceRecord.objects.select_for_update(of=("self",))
        .filter(user=user, store=store, clock_out__isnull=True)
        .select_related("roster_entry__shift_type")
        .first()
    )
    if record is None:
        raise DomainError(_("You are not clocked in, so you cannot clock out."))
    if record.business_date < business_date(now, store=store):
        raise DomainError(
            _("Your clock-in of %(date)s was never clocked out; ask for a correction of that day.")
            % {"date": record.business_date})
    before = snapshot(record)
    early = 0
    if record.roster_entry is not None:
        _start, end = shift_bounds(record.roster_entry.date, record.roster_entry.shift_type)
        early = _minutes(end - now)
        if early > store.attendance_grace_minutes and not reason.strip():
            raise DomainError(
                _("Your shift ends in %(minutes)d minutes; please give a reason for leaving early.")
                % {"minutes": early},
                field="reason",
                code="reason_required",
            )
    record.clock_out = now
    if early > store.attendance_grace_minutes:
        record.early_leave_minutes = early
        record.early_leave_reason = reason.strip()
    record.save(update_fields=["clock_out", "early_leave_minutes", "early_leave_reason"])
    audit_record(actor=user, store=store, action="attendance.clocked_out", obj=record,
                 before=before, after=snapshot(record))
    return record
