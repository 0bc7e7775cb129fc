"""The shared steps of every work-order write: lock the row, check the state and the text,
then finish (save, order event, audit entry)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from complaints.models import OrderEvent, WorkOrder
from hallops.exceptions import DomainError
from hallops.services.audit import audit_record, snapshot

from .clocks import refresh_next_due

S = WorkOrder.Status
WORKING = (S.ACCEPTED, S.IN_PROGRESS)


def _locked(order: WorkOrder) -> WorkOrder:
    return WorkOrder.objects.select_for_update().select_related("store").get(pk=order.pk)


def record_step(
    order: WorkOrder,
    *,
    actor,
    kind: str,
    action: str,
    note: str = "",
    at: dt.datetime | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    store=None,
) -> None:
    """The order's history line (OrderEvent) and its audit entry, written together.
    `after` defaults to the order as it stands; `store` to the order's store."""
    OrderEvent.objects.create(
        order=order, actor=actor, kind=kind, note=note, at=at or timezone.now()
    )
    audit_record(
        actor=actor,
        store=store or order.store,
        action=action,
        obj=order,
        before=before,
        after=snapshot(order) if after is None else after,
        reason=reason,
    )


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
    record_step(
        order, actor=actor, kind=kind, action=action, note=note, at=at, before=before,
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
