"""The life of a work order: accept, contact, wait, reply, callback, reopen, close, cancel,
transfer and extension. Every step is checked, recorded as an event and audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from complaints.models import (
    OPEN_STATUSES,
    Callback,
    ContactAttempt,
    Extension,
    OrderEvent,
    WorkOrder,
)
from hallops.exceptions import DomainError
from hallops.money import to_money_or_none
from hallops.people import display_name
from hallops.permissions import Role
from hallops.registry import link
from hallops.services.audit import audit_record, snapshot
from hallops.services.notifications import notification_send, notification_send_to_role

from .clocks import initial_deadlines, refresh_next_due, reply_deadline_from, shift_for_pause

S = WorkOrder.Status
WORKING = (S.ACCEPTED, S.IN_PROGRESS)


def _locked(order: WorkOrder) -> WorkOrder:
    return WorkOrder.objects.select_for_update().select_related("store").get(pk=order.pk)


def _finish(
    order,
    *,
    actor,
    action: str,
    before: dict,
    kind: str,
    note: str = "",
    at: dt.datetime | None = None,
    reason: str = "",
) -> WorkOrder:
    refresh_next_due(order)
    order.save()
    OrderEvent.objects.create(
        order=order, actor=actor, kind=kind, note=note, at=at or timezone.now()
    )
    audit_record(
        actor=actor,
        store=order.store,
        action=action,
        obj=order,
        before=before,
        after=snapshot(order),
        reason=reason,
    )
    return order


def _require(order: WorkOrder, statuses, message: str) -> None:
    if order.status not in statuses:
        raise DomainError(message)


def _text(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    return value


def _url(order) -> str:
    return reverse("complaints:order", kwargs={"pk": order.pk})


@transaction.atomic
def work_order_accept(*, actor, order: WorkOrder) -> WorkOrder:
    """接单: the first handler to accept wins; a second one is told who has it."""
    now = timezone.now()
    claimed = WorkOrder.objects.filter(pk=order.pk, status=S.NEW).update(
        status=S.ACCEPTED, handler=actor, accepted_at=now
    )
    if not claimed:
        order.refresh_from_db()
        if order.status == S.ACCEPTED or order.handler_id:
            raise DomainError(
                _("Work order %(number)s has already been accepted by %(name)s.")
                % {
                    "number": order.number,
                    "name": display_name(order.handler)
                    if order.handler
                    else "—",
                }
            )
        raise DomainError(_("Only a new work order can be accepted."))
    order = _locked(order)
    before = snapshot(order) | {"status": S.NEW, "handler": None, "accepted_at": None}
    return _finish(
        order,
        actor=actor,
        action="work_order.accepted",
        before=before,
        kind=OrderEvent.Kind.ACCEPTED,
        at=now,
    )


@transaction.atomic
def work_order_contact(
    *,
    actor,
    order: WorkOrder,
    channel: str,
    outcome: str,
    note: str = "",
    at: dt.datetime | None = None,
) -> ContactAttempt:
    order = _locked(order)
    _require(order, WORKING, _("Accept the work order before contacting the customer."))
    now = timezone.now()
    at = at or now
    if at > now + dt.timedelta(minutes=5):
        raise DomainError(_("A contact attempt cannot be in the future."), field="at")
    if at < order.received_at:
        raise DomainError(
            _("A contact attempt cannot be before the order was received."), field="at"
        )
    if channel not in ContactAttempt.Channel.values:
        raise DomainError(_("Choose how you contacted the customer."), field="channel")
    if outcome not in ContactAttempt.Outcome.values:
        raise DomainError(_("Choose the outcome of the contact."), field="outcome")
    before = snapshot(order)
    attempt = ContactAttempt.objects.create(
        order=order, at=at, channel=channel, outcome=outcome, note=note.strip(), by=actor
    )
    if outcome == ContactAttempt.Outcome.REACHED and order.first_contact_at is None:
        order.first_contact_at = at
    order.status = S.IN_PROGRESS
    _finish(
        order,
        actor=actor,
        action="work_order.contacted",
        before=before,
        kind=OrderEvent.Kind.CONTACT,
        at=at,
        note=f"{attempt.get_channel_display()} · {attempt.get_outcome_display()}"
        + (f" · {attempt.note}" if attempt.note else ""),
    )
    return attempt


@transaction.atomic
def work_order_pause(*, actor, order: WorkOrder, reason: str) -> WorkOrder:
    """Stop the clocks while waiting for the customer (materials, a visit, a decision)."""
    order = _locked(order)
    _require(order, WORKING, _("Only an order being worked on can wait for the customer."))
    if order.paused_at:
        raise DomainError(_("The order is already waiting for the customer."))
    reason = _text(reason, _("Say what you are waiting for."), "reason")
    before = snapshot(order)
    order.paused_at = timezone.now()
    order.pause_reason = reason
    return _finish(
        order,
        actor=actor,
        action="work_order.paused",
        before=before,
        kind=OrderEvent.Kind.PAUSED,
        note=reason,
    )


def _resume(order: WorkOrder, now: dt.datetime) -> None:
    shift_for_pause(order, resumed_at=now)
    order.paused_at = None
    order.pause_reason = ""


@transaction.atomic
def work_order_resume(*, actor, order: WorkOrder) -> WorkOrder:
    order = _locked(order)
    if not order.paused_at:
        raise DomainError(_("The order is not waiting for the customer."))
    before = snapshot(order)
    _resume(order, timezone.now())
    return _finish(
        order, actor=actor, action="work_order.resumed", before=before, kind=OrderEvent.Kind.RESUMED
    )


@transaction.atomic
def work_order_reply(
    *, actor, order: WorkOrder, result: str, cause: str, company_at_fault: bool, compensation=None
) -> WorkOrder:
    """回单: the result, the cause, whether we were at fault, any compensation or refund."""
    order = _locked(order)
    if order.status == S.NEW:
        raise DomainError(_("Accept the work order before replying to it."))
    _require(order, WORKING, _("This work order cannot be replied to now."))
    result = _text(result, _("Write the result for the customer."), "result")
    cause = _text(cause, _("Write the cause of the complaint."), "cause")
    if company_at_fault is None:
        raise DomainError(_("Say whether the company was at fault."), field="company_at_fault")
    amount = to_money_or_none(compensation, field="compensation")
    before = snapshot(order)
    now = timezone.now()
    if order.paused_at:
        _resume(order, now)
    order.reply_result, order.cause = result, cause
    order.company_at_fault, order.compensation = company_at_fault, amount
    order.replied_at = now
    order.replied_on_time = now <= order.reply_due
    order.status = S.REPLIED
    return _finish(
        order,
        actor=actor,
        action="work_order.replied",
        before=before,
        kind=OrderEvent.Kind.REPLIED,
        note=result,
        at=now,
    )


@transaction.atomic
def work_order_callback(*, actor, order: WorkOrder, result: str, note: str = "") -> Callback:
    """回访: the customer's verdict on the reply."""
    order = _locked(order)
    if order.status != S.REPLIED:
        raise DomainError(_("Only a replied work order can be called back."))
    if result not in WorkOrder.CallbackResult.values:
        raise DomainError(_("Choose the customer's verdict."), field="result")
    before = snapshot(order)
    now = timezone.now()
    callback = Callback.objects.create(
        order=order, at=now, result=result, note=note.strip(), by=actor
    )
    order.callback_result, order.callback_at = result, now
    order.status = S.CALLED_BACK
    _finish(
        order,
        actor=actor,
        action="work_order.called_back",
        before=before,
        kind=OrderEvent.Kind.CALLBACK,
        at=now,
        note=callback.get_result_display() + (f" · {callback.note}" if callback.note else ""),
    )
    return callback


@transaction.atomic
def work_order_reopen(*, actor, order: WorkOrder, reason: str) -> WorkOrder:
    """An unsatisfied customer: back to work with a fresh reply deadline."""
    order = _locked(order)
    if (
        order.status != S.CALLED_BACK
        or order.callback_result != WorkOrder.CallbackResult.UNSATISFIED
    ):
        raise DomainError(
            _("Only an order whose customer was unsatisfied at callback can be reopened.")
        )
    reason = _text(reason, _("Say why the order is reopened."), "reason")
    before = snapshot(order)
    now = timezone.now()
    order.status = S.IN_PROGRESS
    order.reopen_count += 1
    order.reply_due = reply_deadline_from(order, now)
    return _finish(
        order,
        actor=actor,
        action="work_order.reopened",
        before=before,
        kind=OrderEvent.Kind.REOPENED,
        note=reason,
        reason=reason,
    )


@transaction.atomic
def work_order_close(*, actor, order: WorkOrder, note: str = "") -> WorkOrder:
    order = _locked(order)
    if order.status != S.CALLED_BACK:
        raise DomainError(_("Call the customer back before closing the order."))
    note = (note or "").strip()
    if order.callback_result == WorkOrder.CallbackResult.UNSATISFIED and not note:
        raise DomainError(
            _("The customer was unsatisfied: reopen the order, or say why it is closed anyway."),
            field="note",
        )
    before = snapshot(order)
    order.status = S.CLOSED
    order.closed_at = timezone.now()
    return _finish(
        order,
        actor=actor,
        action="work_order.closed",
        before=before,
        kind=OrderEvent.Kind.CLOSED,
        note=note,
        reason=note,
    )


@transaction.atomic
def work_order_cancel(*, actor, order: WorkOrder, reason: str) -> WorkOrder:
    order = _locked(order)
    _require(order, OPEN_STATUSES, _("Only an open work order can be cancelled."))
    reason = _text(reason, _("Say why the order is cancelled."), "reason")
    before = snapshot(order)
    order.status = S.CANCELLED
    order.cancel_reason = reason
    order.paused_at = None
    return _finish(
        order,
        actor=actor,
        action="work_order.cancelled",
        before=before,
        kind=OrderEvent.Kind.CANCELLED,
        note=reason,
        reason=reason,
    )


@transaction.atomic
def work_order_transfer(
    *, actor, order: WorkOrder, to_handler=None, to_store=None, reason: str
) -> WorkOrder:
    """转单: to another handler of the store, or to another store (which accepts it anew)."""
    from hallops.services.notifications import role_holders

    order = _locked(order)
    _require(order, OPEN_STATUSES, _("Only an open work order can be transferred."))
    reason = _text(reason, _("Say why the order is transferred."), "reason")
    if (to_handler is None) == (to_store is None):
        raise DomainError(_("Choose either a handler or a store to transfer to."))
    before = snapshot(order)
    if to_handler is not None:
        if (
            not role_holders(store=order.store, role=Role.COMPLAINT_HANDLER)
            .filter(pk=to_handler.pk)
            .exists()
        ):
            raise DomainError(
                _("That person is not a complaint handler of this store."), field="to_handler"
            )
        if to_handler.pk == order.handler_id:
            raise DomainError(_("The order is already with that handler."), field="to_handler")
        order.handler = to_handler
        if order.status == S.NEW:
            order.status, order.accepted_at = S.ACCEPTED, timezone.now()
        target = display_name(to_handler)
        _finish(
            order,
            actor=actor,
            action="work_order.transferred",
            before=before,
            kind=OrderEvent.Kind.TRANSFERRED,
            note=f"→ {target}: {reason}",
            reason=reason,
        )
        notification_send(
            recipients=[to_handler],
            store=order.store,
            url=_url(order),
            message=gettext_noop("Work order %(number)s has been transferred to you."),
            params={"number": order.number},
        )
        return order
    if to_store.pk == order.store_id or not to_store.is_active:
        raise DomainError(_("Choose another, active store."), field="to_store")
    if order.status not in (S.NEW, *WORKING):
        raise DomainError(_("A replied order stays with the store that replied."))
    now = timezone.now()
    order.store = to_store
    order.handler = None
    order.status, order.accepted_at = S.NEW, None
    order.paused_at, order.pause_reason = None, ""
    fresh = initial_deadlines(
        store=to_store,
        source=order.source,
        category=order.category,
        subcategory=order.subcategory,
        received_at=now,
    )
    order.accept_due = min(fresh["accept_due"], order.final_due)
    _finish(
        order,
        actor=actor,
        action="work_order.transferred",
        before=before,
        kind=OrderEvent.Kind.TRANSFERRED,
        note=f"→ {to_store.name}: {reason}",
        reason=reason,
    )
    notification_send_to_role(
        store=to_store,
        role=Role.COMPLAINT_HANDLER,
        url=_url(order),
        message=gettext_noop("Work order %(number)s has been transferred to your store."),
        params={"number": order.number},
    )
    return order


@transaction.atomic
def extension_request(
    *, actor, order: WorkOrder, new_due_at: dt.datetime, reason: str
) -> Extension:
    """延期: ask the store manager for a later reply deadline (never past the final one)."""
    order = _locked(order)
    _require(order, WORKING, _("Only an order being worked on can be extended."))
    reason = _text(reason, _("Say why more time is needed."), "reason")
    now = timezone.now()
    if new_due_at <= now:
        raise DomainError(_("The new deadline is in the past."), field="new_due_at")
    if new_due_at <= order.reply_due:
        raise DomainError(
            _("The new deadline must be later than the current one."), field="new_due_at"
        )
    if new_due_at > order.final_due:
        raise DomainError(
            _("No order may stay open past %(final)s.")
            % {"final": timezone.localtime(order.final_due).strftime("%Y-%m-%d %H:%M")},
            field="new_due_at",
        )
    if order.extensions.filter(status=Extension.Status.PENDING).exists():
        raise DomainError(_("An extension of this order is already waiting for approval."))
    extension = Extension.objects.create(
        order=order, store=order.store, requested_by=actor, new_due_at=new_due_at, reason=reason
    )
    OrderEvent.objects.create(
        order=order,
        actor=actor,
        kind=OrderEvent.Kind.EXTENSION_REQUESTED,
        note=f"{timezone.localtime(new_due_at):%Y-%m-%d %H:%M} · {reason}",
    )
    audit_record(
        actor=actor,
        store=order.store,
        action="extension.requested",
        obj=order,
        after=snapshot(extension),
        reason=reason,
    )
    notification_send_to_role(
        store=order.store,
        role=Role.STORE_MANAGER,
        url=link("work_order.approvals"),
        message=gettext_noop("Work order %(number)s: an extension waits for your approval."),
        params={"number": order.number},
    )
    return extension


@transaction.atomic
def extension_decide(*, actor, extension: Extension, approve: bool, note: str = "") -> Extension:
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != Extension.Status.PENDING:
        raise DomainError(_("This extension has already been decided."))
    order = _locked(extension.order)
    note = (note or "").strip()
    if not approve and not note:
        raise DomainError(_("Say why the extension is refused."), field="note")
    before = snapshot(order)
    now = timezone.now()
    extension.status = Extension.Status.APPROVED if approve else Extension.Status.REJECTED
    extension.decided_by, extension.decided_at, extension.decision_note = actor, now, note
    extension.save()
    if approve and order.status in WORKING:
        if extension.new_due_at <= now:
            raise DomainError(_("The requested deadline has already passed; ask for a new one."))
        order.reply_due = min(extension.new_due_at, order.final_due)
    _finish(
        order,
        actor=actor,
        action="extension.decided",
        before=before,
        kind=OrderEvent.Kind.EXTENSION_DECIDED,
        note=f"{extension.get_status_display()}" + (f" · {note}" if note else ""),
        reason=note,
    )
    notification_send(
        recipients=[extension.requested_by],
        store=order.store,
        url=_url(order),
        message=gettext_noop("Extension of work order %(number)s approved.")
        if approve
        else gettext_noop("Extension of work order %(number)s refused."),
        params={"number": order.number},
    )
    return extension
