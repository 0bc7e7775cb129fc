"""Raising urgent events: the catalogue and the one API, `emit`.

A service (or a periodic sweep) calls `emit(EventCode.X, store=…, key=…, params=…, url=…)`
inside its transaction. The event is recorded once per key: emitting the same key again, from
a retried request or a second sweep, records and sends nothing. The routes
(`NotificationRoute`, edited in the admin) say which roles hear of it on which channel:

- in the portal: a `Notification` row per person holding the role in the store, written in the
  same transaction as the action (a rolled-back action tells nobody);
- e-mail and the store's / region's group robots: a pending `Delivery` each, sent after the
  commit by the Celery task `hallops.deliver` (retries with backoff, status in the admin).

Recording an event never breaks the action that raised it: a failure is logged and swallowed
inside a savepoint, and a broker that cannot be reached leaves the deliveries pending for the
resend sweep.
"""

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from hallops.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Event,
    EventCode,
    Notification,
    NotificationRoute,
    WebhookEndpoint,
)
from hallops.services.notifications import role_holders

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventSpec:
    message: str  # the default message id (gettext_noop), formatted with the event's params
    level: str  # the in-app notification's level


Level = Notification.Level

CATALOGUE: dict[str, EventSpec] = {
    EventCode.INCIDENT_STARTED: EventSpec(
        gettext_noop("Incident at %(store)s: %(summary)s (started %(started)s)."), Level.DANGER),
    EventCode.INCIDENT_ENDED: EventSpec(
        gettext_noop("The incident at %(store)s is over: %(summary)s (ended %(ended)s)."),
        Level.INFO),
    EventCode.CASH_DIFFERENCE: EventSpec(
        gettext_noop("%(store)s: the till of %(clerk)s on %(date)s has a difference beyond "
                     "tolerance (%(amount)s); it waits for the store manager's approval."),
        Level.WARNING),
    EventCode.HANDIN_UNCONFIRMED: EventSpec(
        gettext_noop("%(store)s: the takings handed in by %(clerk)s on %(date)s (bag "
                     "%(bag)s) are still not confirmed after closing."), Level.DANGER),
    EventCode.CHECKLIST_OVERDUE: EventSpec(
        gettext_noop("%(store)s: checklist item \"%(item)s\" was due by %(due)s and is not "
                     "ticked."), Level.WARNING),
    EventCode.OPINION_OVERDUE: EventSpec(
        gettext_noop("%(store)s: the reply to a customer opinion received %(received)s was due "
                     "by %(due)s."), Level.WARNING),
    EventCode.COMPLAINT_PRE_BREACH: EventSpec(
        gettext_noop("Work order %(number)s is due by %(due)s."), Level.WARNING),
    EventCode.COMPLAINT_BREACH: EventSpec(
        gettext_noop("Work order %(number)s is overdue: it was due by %(due)s."), Level.DANGER),
    EventCode.DUTY_LOG_LATE: EventSpec(
        gettext_noop("%(store)s: the duty log of %(date)s was not submitted by %(due)s."),
        Level.WARNING),
    EventCode.TASK_OVERDUE: EventSpec(
        gettext_noop("%(store)s: the task \"%(task)s\" was due by %(due)s."), Level.WARNING),
}


def emit(
    event: str,
    *,
    store,
    key: str,
    params: dict | None = None,
    url: str = "",
    message: str | None = None,
    level: str | None = None,
    people: dict[str, Iterable] | None = None,
) -> Event | None:
    """Raise `event` for `store` once per `key`; None when the key was raised before.

    `message` replaces the catalogue's default message id (mark it gettext_noop); `people`
    narrows a role to given persons (a work order's handler rather than every complaint
    handler). `params` are formatted into the message at display, in the reader's language.
    """
    try:
        with transaction.atomic():
            return _record(event, store=store, key=f"{event}:{key}", params=params or {},
                           url=url, message=message, level=level, people=people or {})
    except IntegrityError:
        return None  # raised at the same moment by another request or sweep
    except Exception:
        logger.exception("Event %s for store %s could not be recorded", event,
                         getattr(store, "pk", None))
        return None


def _record(event, *, store, key, params, url, message, level, people) -> Event | None:
    if Event.objects.filter(key=key).exists():
        return None
    spec = CATALOGUE[event]
    record = Event.objects.create(code=event, key=key, store=store,
                                  message_id=message or spec.message, params=params, url=url)
    now = timezone.now()
    notes, deliveries = [], []
    seen: set[tuple[str, int]] = set()
    routes = list(NotificationRoute.objects.filter(event=event, is_active=True))
    for route in routes:
        if route.channel == Channel.WEBHOOK:
            continue
        given = people.get(route.role)
        users = (list(given) if given is not None
                 else list(role_holders(store=store, role=route.role)))
        for user in users:
            if user is None or (route.channel, user.pk) in seen:
                continue
            seen.add((route.channel, user.pk))
            if route.channel == Channel.IN_APP:
                notes.append(Notification(recipient=user, store=store,
                                          level=level or spec.level,
                                          message_id=record.message_id, params=params, url=url))
                deliveries.append(Delivery(event=record, channel=route.channel, role=route.role,
                                           recipient=user, status=DeliveryStatus.SENT,
                                           attempts=1, sent_at=now))
            elif user.email:
                deliveries.append(Delivery(event=record, channel=route.channel, role=route.role,
                                           recipient=user))
            else:
                deliveries.append(Delivery(event=record, channel=route.channel, role=route.role,
                                           recipient=user, status=DeliveryStatus.SKIPPED,
                                           last_error="no e-mail address"))
    if store is not None and any(r.channel == Channel.WEBHOOK for r in routes):
        robots = WebhookEndpoint.objects.filter(is_active=True).filter(
            Q(store=store) | Q(region_id=store.region_id))
        deliveries += [Delivery(event=record, channel=Channel.WEBHOOK, webhook=robot)
                       for robot in robots]
    Notification.objects.bulk_create(notes)
    Delivery.objects.bulk_create(deliveries)
    pending = [(pk, 0) for pk in Delivery.objects.filter(
        event=record, status=DeliveryStatus.PENDING).values_list("pk", flat=True)]
    if pending:
        transaction.on_commit(functools.partial(enqueue, pending))
    return record


def enqueue(deliveries: list[tuple[int, int]]) -> None:
    """Queue the sending of each (delivery id, attempts made); a broker that cannot be reached leaves them pending
    (the resend sweep picks them up) rather than failing the request that committed them."""
    from hallops.tasks import deliver_task

    for pk, attempts in deliveries:
        try:
            deliver_task.apply_async(args=[pk, attempts], retry=False)
        except Exception:  # noqa: BLE001 - the broker's errors are many; the sweep resends
            logger.warning("Delivery %s could not be queued; the resend sweep will send it", pk)


__all__ = ["CATALOGUE", "EventCode", "emit", "enqueue", "role_holders"]
