"""Leave (请假): asked by a person, approved or refused by the store manager.

Approved leave marks the person's roster entries of those days (and shifts) `on_leave`: the
shift stays on the grid, counts in no staffing figure, and the day is "on leave" rather than
"absent" in attendance, the duty log and the workbooks.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hallops.exceptions import DomainError
from hallops.models import RosterEntry, ShiftType
from hallops.people import display_name
from hallops.services.audit import audit_record, snapshot
from people.models import LeaveRequest, LeaveType, PeopleRules, RequestStatus

from ._common import managers, require_reason, require_works_here, tell

# How far ahead a leave may be asked for (days); far enough for a planned wedding.
MAX_DAYS_AHEAD = 366
ACTIVE = (RequestStatus.PENDING, RequestStatus.APPROVED)


def _leave_snapshot(leave: LeaveRequest) -> dict:
    data = snapshot(leave)
    data["shifts"] = [s.code for s in leave.shift_types.all()] if leave.pk else []
    return data


def _overlapping(leave_user, store, start, end, shift_ids: set[int], exclude_pk=None,
                 statuses=ACTIVE):
    """Leave of the person in [start, end] whose shifts meet `shift_ids` (empty: all)."""
    others = (LeaveRequest.objects.filter(store=store, user=leave_user, status__in=statuses,
                                          start_date__lte=end, end_date__gte=start)
              .prefetch_related("shift_types"))
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    for other in others:
        theirs = {s.pk for s in other.shift_types.all()}
        if not theirs or not shift_ids or theirs & shift_ids:
            return other
    return None


@transaction.atomic
def leave_request_create(*, actor, store, leave_type: LeaveType, start_date: datetime.date,
                         end_date: datetime.date, shift_types=(), reason: str = "",
                         user=None) -> LeaveRequest:
    user = user or actor
    if user.pk != actor.pk:
        raise DomainError(_("You can ask for leave only for yourself."))
    require_works_here(store, user)
    if not leave_type.is_active:
        raise DomainError(_("This kind of leave is no longer offered."), field="leave_type")
    if end_date < start_date:
        raise DomainError(_("The leave ends before it starts."), field="end_date")
    rules = PeopleRules.current()
    days = (end_date - start_date).days + 1
    if days > rules.max_leave_days:
        raise DomainError(
            _("A leave request covers at most %(max)d days; this one covers %(days)d.")
            % {"max": rules.max_leave_days, "days": days}, field="end_date")
    today = timezone.localdate()
    if start_date < today - datetime.timedelta(days=settings.HALLOPS_ROSTER_MAX_DAYS_BACK):
        raise DomainError(_("%(date)s is too far in the past to ask for leave.")
                          % {"date": start_date}, field="start_date")
    if end_date > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise DomainError(_("%(date)s is too far ahead to ask for leave.") % {"date": end_date},
                          field="end_date")
    shifts = list(shift_types)
    # One person's requests one at a time: two taps at once cannot both pass the overlap check.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if any(s.store_id != store.pk for s in shifts):
        raise DomainError(_("That shift belongs to another store."), field="shift_types")
    clash = _overlapping(user, store, start_date, end_date, {s.pk for s in shifts})
    if clash is not None:
        raise DomainError(
            _("This overlaps your leave from %(start)s to %(end)s (%(status)s).")
            % {"start": clash.start_date, "end": clash.end_date,
               "status": clash.get_status_display()}, field="start_date")
    leave = LeaveRequest.objects.create(store=store, user=user, leave_type=leave_type,
                                        start_date=start_date, end_date=end_date,
                                        reason=reason.strip())
    leave.shift_types.set(shifts)
    audit_record(actor=actor, store=store, action="leave_request.created", obj=leave,
                 after=_leave_snapshot(leave))
    tell(managers(store), store=store,
         message=gettext_noop("%(name)s asks for leave from %(start)s to %(end)s."),
         params={"name": display_name(user), "start": str(start_date), "end": str(end_date)},
         page="people.leave_review")
    return leave


def _pending(leave: LeaveRequest) -> None:
    if leave.status != RequestStatus.PENDING:
        raise DomainError(_("This request was already decided (%(status)s).")
                          % {"status": leave.get_status_display()})


def _covered_entries(leave: LeaveRequest):
    entries = RosterEntry.objects.filter(store=leave.store, user=leave.user,
                                         date__gte=leave.start_date, date__lte=leave.end_date)
    shift_ids = [s.pk for s in leave.shift_types.all()]
    if shift_ids:
        entries = entries.filter(shift_type_id__in=shift_ids)
    return entries


def _lock(leave: LeaveRequest) -> LeaveRequest:
    return LeaveRequest.objects.select_for_update().get(pk=leave.pk)


@transaction.atomic
def leave_request_approve(*, actor, store, leave: LeaveRequest, reason: str = "") -> LeaveRequest:
    leave = _lock(leave)
    if leave.store_id != store.pk:
        raise DomainError(_("This request belongs to another store."))
    _pending(leave)
    if leave.user_id == actor.pk:
        raise DomainError(_("You cannot decide your own request."))
    before = _leave_snapshot(leave)
    leave.status = RequestStatus.APPROVED
    leave.decided_by = actor
    leave.decided_at = timezone.now()
    leave.decision_reason = reason.strip()
    leave.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    entries = list(_covered_entries(leave).select_related("shift_type"))
    RosterEntry.objects.filter(pk__in=[e.pk for e in entries]).update(on_leave=True)
    audit_record(actor=actor, store=store, action="leave_request.approved", obj=leave,
                 before=before, after={**_leave_snapshot(leave), "shifts_on_leave": len(entries)})
    from .roster import roster_changes_record

    roster_changes_record(store=store, actor=actor,
                          changes=[(leave.user, e.date, e.shift_type.code, "leave")
                                   for e in entries], notify=False)
    tell([leave.user], store=store,
         message=gettext_noop("Your leave from %(start)s to %(end)s is approved."),
         params={"start": str(leave.start_date), "end": str(leave.end_date)},
         page="people.leave_mine")
    return leave


@transaction.atomic
def leave_request_refuse(*, actor, store, leave: LeaveRequest, reason: str) -> LeaveRequest:
    reason = require_reason(reason)
    leave = _lock(leave)
    if leave.store_id != store.pk:
        raise DomainError(_("This request belongs to another store."))
    _pending(leave)
    if leave.user_id == actor.pk:
        raise DomainError(_("You cannot decide your own request."))
    before = _leave_snapshot(leave)
    leave.status = RequestStatus.REFUSED
    leave.decided_by = actor
    leave.decided_at = timezone.now()
    leave.decision_reason = reason
    leave.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_record(actor=actor, store=store, action="leave_request.refused", obj=leave,
                 before=before, after=_leave_snapshot(leave))
    tell([leave.user], store=store,
         message=gettext_noop("Your leave from %(start)s to %(end)s is refused: %(reason)s"),
         params={"start": str(leave.start_date), "end": str(leave.end_date), "reason": reason},
         page="people.leave_mine")
    return leave


@transaction.atomic
def leave_request_cancel(*, actor, store, leave: LeaveRequest) -> LeaveRequest:
    """The person withdraws a request still waiting, or approved leave not yet begun."""
    leave = _lock(leave)
    if leave.user_id != actor.pk or leave.store_id != store.pk:
        raise DomainError(_("Only the person who asked can withdraw this request."))
    if leave.status not in ACTIVE:
        raise DomainError(_("This request was already decided (%(status)s).")
                          % {"status": leave.get_status_display()})
    if leave.status == RequestStatus.APPROVED and leave.start_date <= timezone.localdate():
        raise DomainError(_("This leave has already begun; ask the store manager."))
    was_approved = leave.status == RequestStatus.APPROVED
    before = _leave_snapshot(leave)
    leave.status = RequestStatus.CANCELLED
    leave.save(update_fields=["status"])
    if was_approved:
        _covered_entries(leave).update(on_leave=False)
        leave_mark_entries(store=store, start=leave.start_date, end=leave.end_date)
        tell(managers(store), store=store,
             message=gettext_noop("%(name)s withdrew the approved leave from %(start)s to %(end)s."),
             params={"name": display_name(leave.user), "start": str(leave.start_date),
                     "end": str(leave.end_date)}, page="people.leave_review")
    audit_record(actor=actor, store=store, action="leave_request.cancelled", obj=leave,
                 before=before, after=_leave_snapshot(leave))
    return leave


# Providers for the roster (hallops asks through hallops.registry.provided).

def leave_covers(*, store, user, date, shift_type: ShiftType) -> bool:
    """Approved leave of `user` covers this shift of `date`."""
    return LeaveRequest.objects.filter(
        store=store, user=user, status=RequestStatus.APPROVED, start_date__lte=date,
        end_date__gte=date,
    ).filter(Q(shift_types__isnull=True) | Q(shift_types=shift_type)).exists()


def leave_mark_entries(*, store, start, end) -> int:
    """Mark the roster entries in [start, end] that approved leave covers (after a bulk copy)."""
    marked = 0
    leaves = (LeaveRequest.objects.filter(store=store, status=RequestStatus.APPROVED,
                                          start_date__lte=end, end_date__gte=start)
              .prefetch_related("shift_types"))
    for leave in leaves:
        entries = _covered_entries(leave).filter(date__gte=start, date__lte=end, on_leave=False)
        marked += entries.update(on_leave=True)
    return marked
