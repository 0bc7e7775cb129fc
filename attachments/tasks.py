"""Celery tasks of the attachments: the nightly sweep of files no row names."""

from celery import shared_task


@shared_task(name="attachments.sweep_orphan_files", acks_late=True, ignore_result=True)
def sweep_orphan_files() -> int:
    """Nightly (settings.CELERY_BEAT_SCHEDULE "attachment-orphans"): attachment files older
    than a day that no row names (an upload whose transaction rolled back, a killed worker)."""
    from .services import orphan_files_sweep

    return len(orphan_files_sweep())
