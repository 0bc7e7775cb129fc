"""The life of a work order: accept, contact, wait, reply, callback, reopen, close, cancel.
Every step is checked, recorded as an event and audited (transfers: transfer.py; extensions:
extensions.py; the shared steps: steps.py)."""

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
    CallbackPolicy,
    ContactAttempt,
    Escalation,
    OrderEvent,
    WorkOrder,
)
from hallops.exceptions import DomainError
from hallops.models import Notification
from hallops.money import to_money_or_none
from hallops.people import display_name
from hallops.periods import FUTURE_TOLERANCE
from hallops.permissions import Role
from hallops.services.audit import snapshot
from hallops.services.notifications import notification_send_to_role

from .clocks import reply_deadline_from, shift_for_pause
from .steps import WORKING, S, _finish, _locked, _require, _text


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
    if at > now + FUTURE_TOLERANCE:
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
    # Any recorded attempt counts (an unreachable customer must not block the reply forever);
    # replying with none at all closed orders nobody had ever spoken to.
    if not order.contacts.exists():
        raise DomainError(_("Record a contact with the customer before replying."))
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
    # The callback (回访) clock starts with the reply; a reopened order starts it afresh.
    order.callback_due = now + dt.timedelta(hours=CallbackPolicy.for_source(order.source).due_hours)
    order.callback_attempts = 0
    order.callback_flagged_due = None
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
    """回访: the customer's verdict on the reply, or an attempt nobody answered.

    No answer schedules the next attempt (the source's `CallbackPolicy`) until the last
    allowed one, after which the order leaves the callback queue without a verdict. An
    unsatisfied customer reopens the order and escalates it to the store manager, as the
    policy says."""
    order = _locked(order)
    if order.status != S.REPLIED:
        raise DomainError(_("Only a replied work order can be called back."))
    if result not in WorkOrder.CallbackResult.values:
        raise DomainError(_("Choose the customer's verdict."), field="result")
    policy = CallbackPolicy.for_source(order.source)
    before = snapshot(order)
    now = timezone.now()
    callback = Callback.objects.create(
        order=order, at=now, result=result, note=note.strip(), by=actor
    )
    order.callback_attempts += 1
    text = callback.get_result_display() + (f" · {callback.note}" if callback.note else "")
    if result == WorkOrder.CallbackResult.NO_ANSWER:
        if order.callback_attempts < policy.max_attempts:
            order.callback_due = now + dt.timedelta(hours=policy.retry_hours)
            action = "work_order.callback_unanswered"
            text += " · " + _("attempt %(attempt)d of %(max)d") % {
                "attempt": order.callback_attempts, "max": policy.max_attempts}
        else:
            order.callback_due = None
            order.callback_at = now
            order.status = S.CALLED_BACK
            action = "work_order.callback_given_up"
            text += " · " + _("last attempt (%(max)d): no more callbacks") % {
                "max": policy.max_attempts}
    else:
        order.callback_result, order.callback_at = result, now
        order.callback_due = None
        order.status = S.CALLED_BACK
        action = "work_order.called_back"
    _finish(
        order, actor=actor, action=action, before=before, kind=OrderEvent.Kind.CALLBACK,
        at=now, note=text,
    )
    if result == WorkOrder.CallbackResult.UNSATISFIED:
        _after_unsatisfied(order, actor=actor, policy=policy)
    return callback


def _after_unsatisfied(order: WorkOrder, *, actor, policy: CallbackPolicy) -> None:
    """Reopen and escalate automatically (each as the policy says), both audited."""
    from .oversight import escalation_raise

    if policy.reopen_unsatisfied:
        work_order_reopen(
            actor=actor,
            order=order,
            reason=_("The customer was unsatisfied at callback: reopened automatically."),
        )
    if not policy.escalate_unsatisfied:
        return
    if order.escalations.filter(status=Escalation.Status.OPEN).exists():
        # Already with the store manager: tell them the callback went badly.
        notification_send_to_role(
            store=order.store,
            role=Role.STORE_MANAGER,
            level=Notification.Level.WARNING,
            url=reverse("complaints:order", kwargs={"pk": order.pk}),
            message=gettext_noop("The customer of work order %(number)s was unsatisfied at callback."),
            params={"number": order.number},
        )
        return
    escalation_raise(
        actor=actor,
        order=order,
        reason=_("The customer was unsatisfied at callback."),
    )


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
