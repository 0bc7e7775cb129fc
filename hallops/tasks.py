"""Celery tasks of the shared core: no logic here, each calls one function."""

import logging

from celery import shared_task

from hallops.backup import backup_nightly
from hallops.models import Delivery
from hallops.scoping import all_stores
from hallops.services.deliveries import Outcome, deliveries_resend_stale, delivery_attempt
from hallops.services.event_sweeps import event_sweeps
from hallops.services.incidents import incident_report_reminders

logger = logging.getLogger(__name__)


@shared_task(name="hallops.backup_nightly", ignore_result=True, acks_late=False)
def backup_nightly_task() -> str:
    """Nightly when BACKUP_DIR is set (settings.CELERY_BEAT_SCHEDULE): a verified backup,
    the oldest beyond BACKUP_KEEP removed. A failure raises, so the worker logs it."""
    target = backup_nightly(log=logger.info)
    return str(target)


@shared_task(name="hallops.incident_report_reminders", ignore_result=True)
def incident_report_reminders_task() -> dict:
    """Every quarter of an hour: post-incident reports due within a day or late (once each).
    Every store's incidents: an operator-wide job, in its named all-stores scope."""
    with all_stores("incident_report_reminders"):
        return incident_report_reminders()


@shared_task(bind=True, name="hallops.deliver", ignore_result=True,
             max_retries=Delivery.MAX_ATTEMPTS + 1)
def deliver_task(self, delivery_id: int, attempt: int = 0) -> str:
    """Send one e-mail or group-robot delivery of an event. `attempt` is the number of attempts
    already made: only the message carrying the current count may claim the delivery, so a
    copy (redelivery, the resend sweep) sends nothing twice. A failure is retried after the
    recorded backoff, up to Delivery.MAX_ATTEMPTS; the row then says failed.
    Deliveries are the operator's log (not store-scoped): no scope needed."""
    result = delivery_attempt(delivery_id=delivery_id, attempt=attempt)
    if result.outcome is Outcome.RETRY:
        raise self.retry(args=[delivery_id, attempt + 1], countdown=result.retry_in)
    return result.outcome.value


@shared_task(name="hallops.event_sweeps", ignore_result=True)
def event_sweeps_task() -> dict:
    """Every five minutes: raise the events of things that did not happen in time (hand-ins
    unconfirmed at closing, checklist items and opinion replies overdue, duty logs not
    submitted by the morning), each once; then queue again deliveries nobody sent.
    Every store's deadlines: an operator-wide job, in its named all-stores scope."""
    with all_stores("event_sweeps"):
        counts = event_sweeps()
    counts["resent"] = deliveries_resend_stale()
    return counts
