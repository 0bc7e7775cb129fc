"""Background list exports (reports/listexport.py): request, run, write.

The task re-runs the list's own view, as the person who asked, in the role and store (or
region) they acted in, with the same query string: the job reads exactly the page's filtered
rows and passes the page's own gate again. It runs in the job's store or region scope.
"""

from __future__ import annotations

import logging
import secrets
from contextlib import contextmanager
from importlib import import_module
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hallops.permissions import SESSION_REGION, SESSION_ROLE, SESSION_STORE, Role, resolve_acting
from hallops.scoping import region_scope, store_scope, stores_scope
from hallops.services.audit import audit_record

from .models import ExportJob

if TYPE_CHECKING:
    from .listexport import ListExport

logger = logging.getLogger(__name__)
Status = ExportJob.Status
QUEUE_DOWN = gettext_noop(
    "The export queue is not answering. Nothing was exported; please try again in a few minutes."
)


@contextmanager
def export_scope(job_id: int):
    """The scope a job runs in: its store's, or its region's (read through the base manager,
    as the row's owner decides the scope)."""
    owner = ExportJob._base_manager.filter(pk=job_id).values("store_id", "region_id").first()
    if owner is None:
        entered = stores_scope([])
    elif owner["store_id"] is not None:
        entered = store_scope(owner["store_id"])
    else:
        entered = region_scope(owner["region_id"])
    with entered:
        yield


def export_job_request(*, request, export: ListExport, fmt: str) -> ExportJob:
    """Record the job for this page and query, and queue it once the row is committed."""
    acting = request.acting
    supervisor = acting.role == Role.SUPERVISOR
    query = request.GET.copy()
    query.pop("page", None)
    language = "en" if (translation.get_language() or "").startswith("en") else "zh-hans"
    with transaction.atomic():
        job = ExportJob.objects.create(
            store=None if supervisor else acting.store,
            region=acting.region if supervisor else None,
            requested_by=request.user, role=acting.role, name=export.name,
            title=str(export.title)[:200], path=request.path, query=query.urlencode(),
            format=fmt, language=language,
        )
        audit_record(actor=request.user, store=job.store, action="export.requested", obj=job,
                     after={"list": export.name, "format": fmt, "query": job.query})
        job_id = job.pk
        transaction.on_commit(lambda: export_job_enqueue(job_id=job_id))
    job.refresh_from_db()
    return job


def export_job_enqueue(*, job_id: int) -> bool:
    from .tasks import run_export_job

    try:
        run_export_job.apply_async(args=[job_id], retry=False)
    except Exception as exc:  # any broker failure
        logger.warning("export %s not queued: %r", job_id, exc)
        with export_scope(job_id):
            ExportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
                status=Status.FAILED, error=_(QUEUE_DOWN), finished_at=timezone.now())
        return False
    return True


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
