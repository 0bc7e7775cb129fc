"""Celery tasks of the shared core: no logic here, each calls one function."""

import logging

from celery import shared_task

from hallops.backup import backup_nightly
from hallops.scoping import all_stores
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
