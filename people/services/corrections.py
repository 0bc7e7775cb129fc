"""Clock corrections (补卡): a person asks, the duty manager or store manager decides.

The record keeps what the clock said: the first approved correction of a side stores the
original time (`clock_in_original` / `clock_out_original`) and flags the side corrected, so the
attendance pages show the corrected time with the original beside it.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hallops.businessdate import shift_bounds
from hallops.exceptions import DomainError
from hallops.models import AttendanceRecord, RosterEntry
from hallops.people import display_name
from hallops.periods import FUTURE_TOLERANCE
from hallops.permissions import Role
from hallops.services.audit import audit_record, snapshot
from people.models import ClockCorrection, CorrectionSide, PeopleRules, RequestStatus

from ._common import managers, require_reason, tell

DECIDERS = (Role.DUTY_MANAGER, Role.STORE_MANAGER)


def _minutes(delta: datetime.timedelta) -> int:
    return max(0, int(delta.total_seconds() // 60))


def _check_time(moment: datetime.datetime, *, now, field: str) -> None:
    if moment > now + FUTURE_TOLERANCE:
        raise DomainError(_("A correction cannot be in the future."), field=field)
    window = PeopleRules.current().correction_window_days
    if moment < now - datetime.timedelta(days=window):
        raise DomainError(
            _("A correction can reach back %(days)d days at most; ask the store manager.")
            % {"days": window}, field=field)


def _near(moment, day: datetime.date, field: str) -> None:
    """The corrected time lies on the business day of the record (or the next, at night)."""
    local = timezone.localtime(moment).date()
    if not (day <= local <= day + datetime.timedelta(days=1)):
        raise DomainError(_("The corrected time must be on %(date)s (or the night after).")
                          % {"date": day}, field=field)


@transaction.atomic
def clock_correction_request(*, actor, store, side: str, corrected_time: datetime.datetime,
                             reason: str, record: AttendanceRecord | None = None,
                             roster_entry: RosterEntry | None = None,
                             corrected_out_time: datetime.datetime | None = None,
                             now=None) -> ClockCorrection:
    now = now or timezone.now()
    reason = require_reason(reason)
    if side not in CorrectionSide.values:
        raise DomainError(_("Choose the clock-in or the clock-out."), field="side")
    _check_time(corrected_time, now=now, field="corrected_time")
    original = None
    if record is not None:
        if record.user_id != actor.pk or record.store_id != store.pk:
            raise DomainError(_("You can correct only your own clock-ins in this store."))
        _near(corrected_time, record.business_date, "corrected_time")
        if side == CorrectionSide.CLOCK_IN:
            original = record.clock_in
            if record.clock_out is not None and not record.needs_correction \
                    and corrected_time > record.clock_out:
                raise DomainError(_("The clock-in cannot be after the clock-out."),
                                  field="corrected_time")
        else:
            original = None if record.needs_correction else record.clock_out
            if corrected_time < record.clock_in:
                raise DomainError(_("The clock-out cannot be before the clock-in."),
                                  field="corrected_time")
        roster_entry = None
        corrected_out_time = None
    elif roster_entry is not None:
        if roster_entry.user_id != actor.pk or roster_entry.store_id != store.pk:
            raise DomainError(_("You can correct only your own shifts in this store."))
        if AttendanceRecord.objects.filter(roster_entry=roster_entry).exists():
            raise DomainError(_("This shift has a clock-in already; correct that one."))
        if side != CorrectionSide.CLOCK_IN:
            raise DomainError(_("With no clock-in at all, give the clock-in time first."),
                              field="side")
        _near(corrected_time, roster_entry.date, "corrected_time")
        if corrected_out_time is None:
            raise DomainError(_("Give the time you left as well."), field="corrected_out_time")
        _check_time(corrected_out_time, now=now, field="corrected_out_time")
        if corrected_out_time < corrected_time:
            raise DomainError(_("The clock-out cannot be before the clock-in."),
                              field="corrected_out_time")
    else:
        raise DomainError(_("Choose the clock-in or the shift to correct."), field="record")
    waiting = ClockCorrection.objects.filter(store=store, status=RequestStatus.PENDING, side=side)
    waiting = (waiting.filter(record=record) if record is not None
               else waiting.filter(roster_entry=roster_entry))
    if waiting.exists():
        raise DomainError(_("A correction of this is already waiting for a decision."))
    correction = ClockCorrection.objects.create(
        store=store, user=actor, record=record, roster_entry=roster_entry, side=side,
        corrected_time=corrected_time, corrected_out_time=corrected_out_time,
        original_time=original, reason=reason)
    audit_record(actor=actor, store=store, action="clock_correction.requested", obj=correction,
                 after=snapshot(correction))
    tell([u for u in managers(store, *DECIDERS) if u.pk != actor.pk], store=store,
         message=gettext_noop("%(name)s asks to correct a clock time of %(date)s."),
         params={"name": display_name(actor),
                 "date": str(timezone.localtime(corrected_time).date())},
         page="people.correction_review")
    return correction


def _decidable(correction: ClockCorrection, *, actor, store) -> ClockCorrection:
    correction = ClockCorrection.objects.select_for_update().get(pk=correction.pk)
    if correction.store_id != store.pk:
        raise DomainError(_("This request belongs to another store."))
    if correction.status != RequestStatus.PENDING:
        raise DomainError(_("This request was already decided (%(status)s).")
                          % {"status": correction.get_status_display()})
    if correction.user_id == actor.pk:
        raise DomainError(_("You cannot decide your own request."))
    return correction


def _late(entry: RosterEntry | None, clock_in, store) -> int:
    if entry is None:
        return 0
    start, _end = shift_bounds(entry.date, entry.shift_type)
    late = _minutes(clock_in - start)
    return late if late > store.attendance_grace_minutes else 0


def _early(entry: RosterEntry | None, clock_out, store) -> int:
    if entry is None or clock_out is None:
        return 0
    _start, end = shift_bounds(entry.date, entry.shift_type)
    early = _minutes(end - clock_out)
    return early if early > store.attendance_grace_minutes else 0


def _apply(correction: ClockCorrection, *, actor, store) -> AttendanceRecord:
    if correction.record_id is None:
        assert correction.roster_entry_id is not None  # asked for a shift with no clock-in
        entry = RosterEntry.objects.select_related("shift_type").get(pk=correction.roster_entry_id)
        if AttendanceRecord.objects.filter(roster_entry=entry).exists():
            raise DomainError(_("This shift has a clock-in already; correct that one."))
        record = AttendanceRecord.objects.create(
            store=store, user_id=correction.user_id, business_date=entry.date, roster_entry=entry,
            clock_in=correction.corrected_time, clock_out=correction.corrected_out_time,
            clock_in_corrected=True, clock_out_corrected=True,
            late_minutes=_late(entry, correction.corrected_time, store),
            early_leave_minutes=_early(entry, correction.corrected_out_time, store))
        audit_record(actor=actor, store=store, action="attendance.corrected", obj=record,
                     after=snapshot(record))
        return record
    record = (AttendanceRecord.objects.select_for_update(of=("self",))
              .select_related("roster_entry__shift_type").get(pk=correction.record_id))
    before = snapshot(record)
    shift = record.roster_entry
    if correction.side == CorrectionSide.CLOCK_IN:
        if record.clock_out is not None and correction.corrected_time > record.clock_out:
            raise DomainError(_("The clock-in cannot be after the clock-out."))
        if not record.clock_in_corrected:
            record.clock_in_original = record.clock_in
            record.clock_in_corrected = True
        record.clock_in = correction.corrected_time
        record.late_minutes = _late(shift, record.clock_in, store)
    else:
        if correction.corrected_time < record.clock_in:
            raise DomainError(_("The clock-out cannot be before the clock-in."))
        if not record.clock_out_corrected:
            # A clock-out the system filled in for a forgotten one was never on the clock.
            record.clock_out_original = None if record.needs_correction else record.clock_out
            record.clock_out_corrected = True
        record.clock_out = correction.corrected_time
        record.needs_correction = False
        record.early_leave_minutes = _early(shift, record.clock_out, store)
    record.save()
    audit_record(actor=actor, store=store, action="attendance.corrected", obj=record,
                 before=before, after=snapshot(record))
    return record


@transaction.atomic
def clock_correction_approve(*, actor, store, correction: ClockCorrection,
                             reason: str = "") -> ClockCorrection:
    correction = _decidable(correction, actor=actor, store=store)
    before = snapshot(correction)
    record = _apply(correction, actor=actor, store=store)
    correction.record = record
    correction.status = RequestStatus.APPROVED
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.decision_reason = reason.strip()
    correction.save()
    audit_record(actor=actor, store=store, action="clock_correction.approved", obj=correction,
                 before=before, after=snapshot(correction))
    tell([correction.user], store=store,
         message=gettext_noop("Your clock correction of %(date)s is approved."),
         params={"date": str(record.business_date)}, page="people.correction_mine")
    return correction


@transaction.atomic
def clock_correction_refuse(*, actor, store, correction: ClockCorrection,
                            reason: str) -> ClockCorrection:
    reason = require_reason(reason)
    correction = _decidable(correction, actor=actor, store=store)
    before = snapshot(correction)
    correction.status = RequestStatus.REFUSED
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.decision_reason = reason
    correction.save()
    audit_record(actor=actor, store=store, action="clock_correction.refused", obj=correction,
                 before=before, after=snapshot(correction))
    tell([correction.user], store=store,
         message=gettext_noop("Your clock correction is refused: %(reason)s"),
         params={"reason": reason}, page="people.correction_mine")
    return correction
