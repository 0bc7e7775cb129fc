"""Shift swaps (换班): proposed by a person, accepted by the colleague, approved by the store
manager, then the two roster entries change hands (audited, notified).

A shift keeps its post: the duty manager's post goes only to someone who may run the floor, so
a swap never leaves a shift without a duty manager.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hallops.exceptions import DomainError
from hallops.models import AttendanceRecord, PostKind, RosterEntry
from hallops.people import display_name
from hallops.permissions import Role
from hallops.services.audit import audit_record, snapshot
from people.models import ShiftSwap, SwapStatus

from ._common import holds_role, managers, require_reason, require_works_here, tell

FLOOR_MANAGERS = (Role.DUTY_MANAGER, Role.STORE_MANAGER)
OPEN = (SwapStatus.PROPOSED, SwapStatus.ACCEPTED)


def _label(entry: RosterEntry) -> str:
    return f"{entry.date:%m-%d} {entry.shift_type.code}"


def _check_entries(store, mine: RosterEntry, theirs: RosterEntry, *, requester, colleague,
                   exclude_pk=None) -> None:
    """What must hold at proposal and again at approval."""
    today = timezone.localdate()
    for entry in (mine, theirs):
        if entry.store_id != store.pk:
            raise DomainError(_("That shift belongs to another store."))
        if entry.date < today:
            raise DomainError(_("Shift %(shift)s is in the past.") % {"shift": _label(entry)})
        if entry.on_leave:
            raise DomainError(_("Shift %(shift)s is on approved leave; it cannot be swapped.")
                              % {"shift": _label(entry)})
        if AttendanceRecord.objects.filter(roster_entry=entry).exists():
            raise DomainError(_("Someone has already clocked in for shift %(shift)s.")
                              % {"shift": _label(entry)})
    if mine.user_id != requester.pk or theirs.user_id != colleague.pk:
        raise DomainError(_("The roster has changed since this swap was asked for."))
    if requester.pk == colleague.pk:
        raise DomainError(_("Choose a colleague's shift, not one of your own."), field="theirs")
    if mine.date == theirs.date and mine.shift_type_id == theirs.shift_type_id:
        raise DomainError(_("Both shifts are the same; there is nothing to swap."), field="theirs")
    # Each would hold the other's shift: not one they already have.
    clash = RosterEntry.objects.filter(store=store).exclude(pk__in=[mine.pk, theirs.pk])
    if clash.filter(user=colleague, date=mine.date, shift_type=mine.shift_type).exists() or \
            clash.filter(user=requester, date=theirs.date, shift_type=theirs.shift_type).exists():
        raise DomainError(_("One of you already works that shift."))
    for entry, receiver in ((mine, colleague), (theirs, requester)):
        if entry.post.kind == PostKind.DUTY_MANAGER and not holds_role(store, receiver,
                                                                       FLOOR_MANAGERS):
            raise DomainError(
                _("This swap would leave shift %(shift)s without a duty manager: "
                  "%(name)s is not one.") % {"shift": _label(entry), "name": display_name(receiver)})
    busy = ShiftSwap.objects.filter(store=store, status__in=OPEN).filter(
        requester_entry__in=[mine, theirs]) | ShiftSwap.objects.filter(
        store=store, status__in=OPEN, colleague_entry__in=[mine, theirs])
    if exclude_pk is not None:
        busy = busy.exclude(pk=exclude_pk)
    if busy.exists():
        raise DomainError(_("One of these shifts is already in a swap waiting for an answer."))


@transaction.atomic
def shift_swap_propose(*, actor, store, mine: RosterEntry, theirs: RosterEntry,
                       reason: str = "") -> ShiftSwap:
    require_works_here(store, actor)
    if mine.user_id != actor.pk:
        raise DomainError(_("You can offer only a shift of your own."), field="mine")
    # The two shifts one swap at a time: a second proposal waits and then sees the first.
    list(RosterEntry.objects.select_for_update().filter(pk__in=[mine.pk, theirs.pk]))
    colleague = theirs.user
    require_works_here(store, colleague, field="theirs")
    _check_entries(store, mine, theirs, requester=actor, colleague=colleague)
    swap = ShiftSwap.objects.create(store=store, requester=actor, requester_entry=mine,
                                    colleague=colleague, colleague_entry=theirs,
                                    reason=reason.strip())
    audit_record(actor=actor, store=store, action="shift_swap.proposed", obj=swap,
                 after=snapshot(swap))
    tell([colleague], store=store,
         message=gettext_noop("%(name)s offers to swap %(mine)s for your %(theirs)s."),
         params={"name": display_name(actor), "mine": _label(mine), "theirs": _label(theirs)},
         page="people.swap_mine")
    return swap


def _lock(swap: ShiftSwap) -> ShiftSwap:
    swap = ShiftSwap.objects.select_for_update().get(pk=swap.pk)
    return ShiftSwap.objects.select_related(
        "requester", "colleague", "requester_entry__shift_type", "requester_entry__post",
        "colleague_entry__shift_type", "colleague_entry__post").get(pk=swap.pk)


def _status(swap: ShiftSwap, wanted: str) -> None:
    if swap.status != wanted:
        raise DomainError(_("This swap is no longer waiting for that (%(status)s).")
                          % {"status": swap.get_status_display()})


@transaction.atomic
def shift_swap_accept(*, actor, store, swap: ShiftSwap) -> ShiftSwap:
    swap = _lock(swap)
    if swap.colleague_id != actor.pk or swap.store_id != store.pk:
        raise DomainError(_("Only the colleague asked can answer this swap."))
    _status(swap, SwapStatus.PROPOSED)
    before = snapshot(swap)
    swap.status = SwapStatus.ACCEPTED
    swap.answered_at = timezone.now()
    swap.save(update_fields=["status", "answered_at"])
    audit_record(actor=actor, store=store, action="shift_swap.accepted", obj=swap, before=before,
                 after=snapshot(swap))
    params = {"name": display_name(actor), "mine": _label(swap.requester_entry),
              "theirs": _label(swap.colleague_entry)}
    tell([swap.requester], store=store,
         message=gettext_noop("%(name)s accepted your swap of %(mine)s for %(theirs)s; "
                              "the store manager decides next."),
         params=params, page="people.swap_mine")
    tell(managers(store), store=store,
         message=gettext_noop("A shift swap (%(mine)s ⇄ %(theirs)s) waits for your approval."),
         params=params, page="people.swap_review")
    return swap


@transaction.atomic
def shift_swap_decline(*, actor, store, swap: ShiftSwap, reason: str = "") -> ShiftSwap:
    swap = _lock(swap)
    if swap.colleague_id != actor.pk or swap.store_id != store.pk:
        raise DomainError(_("Only the colleague asked can answer this swap."))
    _status(swap, SwapStatus.PROPOSED)
    before = snapshot(swap)
    swap.status = SwapStatus.DECLINED
    swap.answered_at = timezone.now()
    swap.decision_reason = reason.strip()
    swap.save(update_fields=["status", "answered_at", "decision_reason"])
    audit_record(actor=actor, store=store, action="shift_swap.declined", obj=swap, before=before,
                 after=snapshot(swap))
    tell([swap.requester], store=store,
         message=gettext_noop("%(name)s declined your shift swap."),
         params={"name": display_name(actor)}, page="people.swap_mine")
    return swap


@transaction.atomic
def shift_swap_cancel(*, actor, store, swap: ShiftSwap) -> ShiftSwap:
    swap = _lock(swap)
    if swap.requester_id != actor.pk or swap.store_id != store.pk:
        raise DomainError(_("Only the person who asked can withdraw this swap."))
    if swap.status not in OPEN:
        raise DomainError(_("This swap is no longer waiting for that (%(status)s).")
                          % {"status": swap.get_status_display()})
    before = snapshot(swap)
    swap.status = SwapStatus.CANCELLED
    swap.save(update_fields=["status"])
    audit_record(actor=actor, store=store, action="shift_swap.cancelled", obj=swap,
                 before=before, after=snapshot(swap))
    return swap


@transaction.atomic
def shift_swap_approve(*, actor, store, swap: ShiftSwap, reason: str = "") -> ShiftSwap:
    swap = _lock(swap)
    if swap.store_id != store.pk:
        raise DomainError(_("This request belongs to another store."))
    _status(swap, SwapStatus.ACCEPTED)
    mine = RosterEntry.objects.select_for_update().select_related("shift_type", "post").get(
        pk=swap.requester_entry_id)
    theirs = RosterEntry.objects.select_for_update().select_related("shift_type", "post").get(
        pk=swap.colleague_entry_id)
    _check_entries(store, mine, theirs, requester=swap.requester, colleague=swap.colleague,
                   exclude_pk=swap.pk)
    before = {"swap": snapshot(swap), "given": snapshot(mine), "taken": snapshot(theirs)}
    mine.user = swap.colleague
    mine.save(update_fields=["user"])
    theirs.user = swap.requester
    theirs.save(update_fields=["user"])
    swap.status = SwapStatus.APPROVED
    swap.decided_by = actor
    swap.decided_at = timezone.now()
    swap.decision_reason = reason.strip()
    swap.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_record(actor=actor, store=store, action="shift_swap.approved", obj=swap, before=before,
                 after={"swap": snapshot(swap), "given": snapshot(mine), "taken": snapshot(theirs)})
    from .roster import roster_changes_record

    roster_changes_record(store=store, actor=actor, notify=False, changes=[
        (swap.colleague, mine.date, mine.shift_type.code, "swapped"),
        (swap.requester, theirs.date, theirs.shift_type.code, "swapped")])
    tell([swap.requester, swap.colleague], store=store,
         message=gettext_noop("The shift swap %(mine)s ⇄ %(theirs)s is approved; "
                              "the roster has changed."),
         params={"mine": _label(mine), "theirs": _label(theirs)}, page="people.swap_mine")
    return swap


@transaction.atomic
def shift_swap_refuse(*, actor, store, swap: ShiftSwap, reason: str) -> ShiftSwap:
    reason = require_reason(reason)
    swap = _lock(swap)
    if swap.store_id != store.pk:
        raise DomainError(_("This request belongs to another store."))
    _status(swap, SwapStatus.ACCEPTED)
    before = snapshot(swap)
    swap.status = SwapStatus.REFUSED
    swap.decided_by = actor
    swap.decided_at = timezone.now()
    swap.decision_reason = reason
    swap.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_record(actor=actor, store=store, action="shift_swap.refused", obj=swap, before=before,
                 after=snapshot(swap))
    tell([swap.requester, swap.colleague], store=store,
         message=gettext_noop("The shift swap is refused: %(reason)s"),
         params={"reason": reason}, page="people.swap_mine")
    return swap
