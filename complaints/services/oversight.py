"""Escalations (疑难投诉), flags, work-order quality and audited phone reveals."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from complaints.models import OPEN_STATUSES, BeyondChannel, Escalation, OrderEvent, WorkOrder
from hallops.exceptions import DomainError
from hallops.models import Notification
from hallops.permissions import Role
from hallops.services.audit import audit_record, snapshot
from hallops.services.notifications import notification_send, notification_send_to_role

from .steps import _locked, record_step


@transaction.atomic
def escalation_raise(*, actor, order: WorkOrder, reason: str) -> Escalation:
    """The handler or duty manager hands a difficult complaint to the store manager."""
    order = _locked(order)
    if order.status not in OPEN_STATUSES:
        raise DomainError(_("Only an open work order can be escalated."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the complaint needs the store manager."), field="reason")
    if order.escalations.filter(status=Escalation.Status.OPEN).exists():
        raise DomainError(_("This order is already with the store manager."))
    before = snapshot(order)
    try:
        with transaction.atomic():
            escalation = Escalation.objects.create(
                order=order, store=order.store, raised_by=actor, reason=reason
            )
    except IntegrityError:
        raise DomainError(_("This order is already with the store manager.")) from None
    order.is_difficult = True
    order.save(update_fields=["is_difficult"])
    record_step(
        order, actor=actor, kind=OrderEvent.Kind.ESCALATED, action="escalation.raised",
        note=reason, before=before, reason=reason,
    )
    notification_send_to_role(
        store=order.store,
        role=Role.STORE_MANAGER,
        level=Notification.Level.WARNING,
        url=reverse("complaints:order", kwargs={"pk": order.pk}),
        message=gettext_noop("Work order %(number)s has been escalated to you: %(reason)s"),
        params={"number": order.number, "reason": reason[:120]},
    )
    return escalation


@transaction.atomic
def escalation_resolve(*, actor, escalation: Escalation, resolution: str) -> Escalation:
    escalation = (
        Escalation.objects.select_for_update().select_related("order").get(pk=escalation.pk)
    )
    if escalation.status != Escalation.Status.OPEN:
        raise DomainError(_("This escalation has already been settled."))
    resolution = (resolution or "").strip()
    if not resolution:
        raise DomainError(_("Say how the complaint was settled."), field="resolution")
    before = snapshot(escalation)
    escalation.status = Escalation.Status.RESOLVED
    escalation.resolved_by, escalation.resolved_at = actor, timezone.now()
    escalation.resolution = resolution
    escalation.save()
    order = escalation.order
    record_step(
        order, actor=actor, kind=OrderEvent.Kind.ESCALATION_RESOLVED,
        action="escalation.resolved", note=resolution, store=escalation.store,
        before=before, after=snapshot(escalation), reason=resolution,
    )
    recipients = [u for u in (escalation.raised_by, order.handler) if u is not None]
    notification_send(
        recipients=recipients,
        store=order.store,
        url=reverse("complaints:order", kwargs={"pk": order.pk}),
        message=gettext_noop(
            "The store manager has settled the escalation of work order %(number)s."
        ),
        params={"number": order.number},
    )
    return escalation


@transaction.atomic
def work_order_flag_beyond(*, actor, order: WorkOrder, channel: str, note: str = "") -> WorkOrder:
    """越级: the customer took the complaint to 10080, the regulator or the media."""
    order = _locked(order)
    if channel not in BeyondChannel.values:
        raise DomainError(_("Choose where the customer escalated."), field="channel")
    if order.beyond_channel == channel:
        raise DomainError(_("Nothing changed."))
    before = snapshot(order)
    order.beyond_channel = channel
    order.save(update_fields=["beyond_channel"])
    record_step(
        order, actor=actor, kind=OrderEvent.Kind.FLAGGED, action="work_order.flagged_beyond",
        note=f"{order.get_beyond_channel_display()} {note}".strip(), before=before, reason=note,
    )
    if channel:
        notification_send_to_role(
            store=order.store,
            role=Role.STORE_MANAGER,
            level=Notification.Level.DANGER,
            url=reverse("complaints:order", kwargs={"pk": order.pk}),
            message=gettext_noop("Work order %(number)s has gone beyond the store (越级)."),
            params={"number": order.number},
        )
    return order


@transaction.atomic
def work_order_review_quality(
    *, actor, order: WorkOrder, qualified: bool, reason: str = ""
) -> WorkOrder:
    """工单合格: the store manager marks a closed order as qualified or not."""
    order = _locked(order)
    if order.status != WorkOrder.Status.CLOSED:
        raise DomainError(_("Only a closed work order can be reviewed."))
    reason = (reason or "").strip()
    if not qualified and not reason:
        raise DomainError(_("Say what is wrong with the order."), field="reason")
    before = snapshot(order)
    order.quality = WorkOrder.Quality.QUALIFIED if qualified else WorkOrder.Quality.UNQUALIFIED
    order.quality_reason = reason
    order.quality_by, order.quality_at = actor, timezone.now()
    order.save(update_fields=["quality", "quality_reason", "quality_by", "quality_at"])
    record_step(
        order, actor=actor, kind=OrderEvent.Kind.QUALITY, action="work_order.quality_reviewed",
        note=f"{order.get_quality_display()} {reason}".strip(), before=before, reason=reason,
    )
    return order


def customer_number_reveal(*, actor, order: WorkOrder) -> str:
    """The full customer number, for someone whose role needs it; every reveal is audited."""
    audit_record(
        actor=actor,
        store=order.store,
        action="customer_number.revealed",
        obj=order,
        after={"customer_number": "revealed"},
    )
    return order.customer_number
