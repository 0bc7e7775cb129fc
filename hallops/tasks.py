"""Celery tasks of the shared core: no logic here, each calls one function."""

import logging

from celery import shared_task

from hallops.backup import backup_nightly

logger = logging.getLogger(__name__)


@shared_task(name="hallops.backup_nightly", ignore_result=True, acks_late=False)
def backup_nightly_task() -> str:
    """Nightly when BACKUP_DIR is set (settings.CELERY_BEAT_SCHEDULE): a verified backup,
    the oldest beyond BACKUP_KEEP removed. A failure raises, so the worker logs it."""
    target = backup_nightly(log=logger.info)
    return str(target)
