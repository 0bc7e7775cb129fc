"""Background list exports (reports/listexport.py): run and write (the request is
`reports.services.export_job_request`).

The task re-runs the list's own view, as the person who asked, in the role and store (or
region) they acted in, with the same query string: the job reads exactly the page's filtered
rows and passes the page's own gate again. It runs in the job's store or region scope.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from contextlib import contextmanager
from importlib import import_module
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hallops.permissions import SESSION_REGION, SESSION_ROLE, SESSION_STORE, resolve_acting
from hallops.scoping import owner_scope

from .models import ExportJob

if TYPE_CHECKING:
    from .listexport import ListExport

logger = logging.getLogger(__name__)
Status = ExportJob.Status


@contextmanager
def export_scope(job_id: int):
    """The scope a job runs in: its store's, or its region's."""
    with owner_scope(ExportJob, job_id):
        yield


def _job_request(job: ExportJob):
    """A GET of the job's page by the person who asked, acting as they did."""
    request = RequestFactory().get(job.path, data=None, QUERY_STRING=job.query,
                                   HTTP_ACCEPT_LANGUAGE=job.language)
    request.user = job.requested_by
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.session[SESSION_ROLE] = job.role
    request.session[SESSION_STORE] = job.store_id
    request.session[SESSION_REGION] = job.region_id
    request.LANGUAGE_CODE = job.language
    request.acting = resolve_acting(request)
    request.export_job = job
    return request


def export_job_run(*, job_id: int) -> str:
    """Claim the job and run its page's view in export mode; the view writes the file."""
    with export_scope(job_id):
        claimed = ExportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
            status=Status.RUNNING, progress=0)
        if not claimed:
            return "skipped"
        job = ExportJob.objects.select_related("requested_by", "store", "region").get(pk=job_id)
        try:
            with translation.override(job.language):
                request = _job_request(job)
                match = resolve(job.path)
                match.func(request, *match.args, **match.kwargs)
            job.refresh_from_db()
            if job.status != Status.DONE:
                raise RuntimeError("the page did not export")
        except Exception:
            logger.exception("export %s failed", job_id)
            with translation.override(job.language):
                error = _("The export failed. Please try again, or narrow the list's filters.")
            ExportJob.objects.filter(pk=job_id).exclude(status=Status.DONE).update(
                status=Status.FAILED, error=error, finished_at=timezone.now())
            return "failed"
    return "done"


def export_job_progress(*, job_id: int, percent: int) -> None:
    ExportJob.objects.filter(pk=job_id, status=Status.RUNNING).update(progress=min(99, percent))


def export_job_write(*, job: ExportJob, export: ListExport, rows) -> None:
    """Called by `ListExport.respond` inside the job's run of the view: write the file with
    progress, store it and mark the job done."""
    if not isinstance(rows, QuerySet):
        rows = list(rows)
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    total = max(1, count)

    def progress(done: int) -> None:
        # Looked up at call time, so the progress hook is one patchable function.
        export_job_progress(job_id=job.pk, percent=int(100 * done / total))

    body = export.content(job.format, rows, store=job.store, region=job.region,
                          progress=progress)
    scope = job.store.code if job.store_id else f"region-{job.region.code}"
    name = f"exports/{scope}/{export.name}-{secrets.token_hex(6)}.{job.format}"
    saved = default_storage.save(name, ContentFile(body))
    ExportJob.objects.filter(pk=job.pk).update(
        status=Status.DONE, progress=100, file=saved, finished_at=timezone.now(), error="",
        row_count=count)
    job.refresh_from_db()


def export_jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the background exports asked for more than `settings.EXPORT_RETENTION_DAYS`
    days ago: each file through the storage API, then the row (the nightly beat job, over
    every store and region: `all_stores("export_retention")`). A file already gone is no
    error; a file the storage fails to delete keeps its row, so the next run tries again.
    Returns the rows deleted."""
    from hallops.scoping import all_stores

    days = int(getattr(settings, "EXPORT_RETENTION_DAYS", 7))
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    deleted = 0
    with all_stores("export_retention"):
        old = ExportJob.objects.filter(requested_at__lt=cutoff).only("pk", "file")
        for job in old.iterator(chunk_size=500):
            if job.file:
                try:
                    job.file.storage.delete(job.file.name)
                except Exception:
                    logger.exception("export %s: its file %s was not deleted", job.pk,
                                     job.file.name)
                    continue
            ExportJob.objects.filter(pk=job.pk).delete()
            deleted += 1
    if deleted:
        logger.info("deleted %s exports older than %s days", deleted, days)
    return deleted

