"""Write paths of the report engine: request, claim, build, finish or fail, schedules.

A workbook travels: `report_request` creates (or resets) the ReportFile row and enqueues
`build_report(id)` on commit; the task calls `report_build`, which claims the row with a
conditional UPDATE, streams the sheets into a temporary file, then stores the file and marks
the row done in one more conditional UPDATE. A duplicate delivery, a second beat or a
redelivery after a crash therefore yields one file.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import logging
import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hallops.exceptions import DomainError
from hallops.models import Region, Store
from hallops.scoping import owner_scope, region_scope, store_scope
from hallops.services.audit import audit_record

from .models import REGION_KINDS, ExportJob, Kind, ReportFile, ReportSchedule
from .periods import next_run, scheduled_period
from .workbooks import workbook_for

logger = logging.getLogger(__name__)

# Errors worth another try: the database or the disk hiccupped. Anything else is a bug or bad
# data, and a retry would fail the same way.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
QUEUE_DOWN_MESSAGE = gettext_noop(
    "The report queue is not answering. Nothing was built; please try again in a few minutes."
)
Status = ReportFile.Status


@contextmanager
def report_scope(report_id: int) -> Iterator[None]:
    """The store scope a workbook is built, failed and e-mailed in: its store's, or its
    region's (a regional workbook reads the region's stores). The row's owner is read through
    the base manager, as a request reads the acting assignment before its scope exists."""
    with owner_scope(ReportFile, report_id):
        yield


def target_scope(target: dict):
    """The scope of one schedule target ({"store": …} or {"region": …})."""
    return store_scope(target["store"]) if "store" in target else region_scope(target["region"])


def lease_seconds() -> int:
    return int(getattr(settings, "REPORTS_LEASE_SECONDS", 120))


class Outcome(enum.Enum):
    BUILT = "built"
    BUSY = "busy"  # another live worker holds the row
    SKIPPED = "skipped"  # already finished, gone, or taken over


@dataclass
class BuildResult:
    outcome: Outcome
    retry_in: int = 0


class ClaimLost(Exception):
    """Another worker took the row over (our lease ran out): stop without writing."""


# -- requesting ------------------------------------------------------------------------------

def report_request(
    *,
    kind: str,
    start: datetime.date,
    end: datetime.date,
    store: Store | None = None,
    region: Region | None = None,
    language: str = "zh-hans",
    requested_by=None,
    schedule: ReportSchedule | None = None,
) -> ReportFile:
    """Queue the workbook (kind, scope, period); a rerun resets the same row.

    A request for a workbook that is already queued or building returns that row unchanged.
    """
    if (kind in REGION_KINDS) != (region is not None) or (store is None) == (region is None):
        raise DomainError(_("This workbook does not fit that store or region."))
    if end < start:
        raise DomainError(_("The period ends before it starts."))
    now = timezone.now()
    with transaction.atomic():
        report, created = ReportFile.objects.get_or_create(
            kind=kind, store=store, region=region, period_start=start,
            defaults={"period_end": end, "language": language, "requested_by": requested_by,
                      "schedule": schedule, "requested_at": now},
        )
        if not created:
            stale = now - datetime.timedelta(seconds=lease_seconds())
            in_flight = (Q(status=Status.QUEUED, requested_at__gte=stale)
                         | Q(status=Status.RUNNING, lease_until__gte=now))
            reset = ReportFile.objects.filter(pk=report.pk).exclude(in_flight).update(
                status=Status.QUEUED, progress=0, error="", period_end=end, language=language,
                requested_by=requested_by, schedule=schedule, requested_at=now,
                started_at=None, finished_at=None, lease_until=None,
            )
            report.refresh_from_db()
            if not reset:
                return report
        audit_record(actor=requested_by, store=store, action="report.requested", obj=report,
                     after={"kind": kind, "period_start": start, "period_end": end,
                            "region": region.pk if region else None, "language": language})
        report_id = report.pk
        transaction.on_commit(lambda: report_enqueue(report_id=report_id))
    return report


def report_enqueue(*, report_id: int) -> bool:
    """Publish the build task; if the broker is down or hangs, fail the row visibly."""
    from .tasks import build_report

    try:
        build_report.apply_async(args=[report_id], retry=False)
    except Exception as exc:  # any broker failure: kombu, redis, socket timeouts
        logger.warning("report %s not queued: %r", report_id, exc)
        with report_scope(report_id):
            ReportFile.objects.filter(pk=report_id, status=Status.QUEUED).update(
                status=Status.FAILED, error=QUEUE_DOWN_MESSAGE, finished_at=timezone.now()
            )
        return False
    return True


# -- building --------------------------------------------------------------------------------

def report_claim(*, report_id: int) -> int | None:
    """Take the row for this worker: the attempt number, or None when someone else has it."""
    now = timezone.now()
    claimed = (
        ReportFile.objects.filter(pk=report_id)
        .filter(Q(status=Status.QUEUED) | Q(status=Status.RUNNING, lease_until__lt=now))
        .update(status=Status.RUNNING, started_at=now, progress=0, error="",
                lease_until=now + datetime.timedelta(seconds=lease_seconds()),
                attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    return ReportFile.objects.values_list("attempts", flat=True).get(pk=report_id)


def report_progress(*, report_id: int, attempt: int, percent: int) -> None:
    """Record progress and renew the lease; raise ClaimLost if the row was taken over."""
    now = timezone.now()
    updated = ReportFile.objects.filter(
        pk=report_id, status=Status.RUNNING, attempts=attempt
    ).update(progress=min(99, percent),
             lease_until=now + datetime.timedelta(seconds=lease_seconds()))
    if not updated:
        raise ClaimLost(report_id)


def report_build(*, report_id: int, final: bool = True) -> BuildResult:
    """Claim and build one workbook, in its own store or region scope. `final`: no retry will
    follow a transient error."""
    with report_scope(report_id):
        return _report_build(report_id=report_id, final=final)


def _report_build(*, report_id: int, final: bool) -> BuildResult:
    attempt = report_claim(report_id=report_id)
    if attempt is None:
        row = ReportFile.objects.filter(pk=report_id).values("status", "lease_until").first()
        if row is None or row["status"] in (Status.DONE, Status.FAILED):
            return BuildResult(Outcome.SKIPPED)
        wait = (row["lease_until"] - timezone.now()).total_seconds() if row["lease_until"] else 1
        return BuildResult(Outcome.BUSY, retry_in=max(1, int(wait) + 1))
    report = ReportFile.objects.select_related("store", "region").get(pk=report_id)
    try:
        _build(report, attempt)
    except ClaimLost:
        return BuildResult(Outcome.SKIPPED)
    except TRANSIENT_ERRORS as exc:
        if final:
            report_fail(report_id=report_id, attempt=attempt, error=repr(exc))
        else:
            ReportFile.objects.filter(pk=report_id, status=Status.RUNNING, attempts=attempt).update(
                status=Status.QUEUED, lease_until=None, error=_("Retrying: %(error)s")
                % {"error": repr(exc)[:500]})
        raise
    except Exception as exc:
        logger.exception("report %s failed", report_id)
        report_fail(report_id=report_id, attempt=attempt, error=repr(exc))
        raise
    return BuildResult(Outcome.BUILT)


def _build(report: ReportFile, attempt: int) -> None:
    from .engine import write_workbook

    workbook = workbook_for(report.kind)
    today = timezone.localdate()
    fd, tmp_path = tempfile.mkstemp(suffix=".xlsx", prefix="hallops-report-")
    os.close(fd)
    try:
        with translation.override(report.language):
            ctx = workbook.context(report, today)

            def progress(done: int, total: int) -> None:
                # Looked up at call time, so the progress hook is one patchable function.
                report_progress(report_id=report.pk, attempt=attempt,
                                percent=int(100 * done / max(total, 1)))

            results = write_workbook(tmp_path, workbook.plan(ctx), progress=progress,
                                     info=workbook.print_info(timezone.now()))
        digest = hashlib.sha256()
        with open(tmp_path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        scope = report.store.code if report.store_id else f"region-{report.region.code}"
        name = (f"reports/{scope}/{report.kind}-{report.period_start:%Y%m%d}-"
                f"{secrets.token_hex(4)}.xlsx")
        with open(tmp_path, "rb") as fh:
            saved = default_storage.save(name, File(fh))
        size = os.path.getsize(tmp_path)
    finally:
        os.unlink(tmp_path)
    _finish(report, attempt, saved, size, digest.hexdigest(), results)


def _finish(report, attempt, saved_name, size, checksum, results) -> None:
    old_name = report.file.name if report.file else ""
    with transaction.atomic():
        done = ReportFile.objects.filter(
            pk=report.pk, status=Status.RUNNING, attempts=attempt
        ).update(
            status=Status.DONE, file=saved_name, file_size=size, checksum=checksum,
            row_count=sum(r.rows for r in results),
            sheet_rows={r.title: r.rows for r in results},
            progress=100, finished_at=timezone.now(), lease_until=None, error="",
        )
        if not done:
            transaction.on_commit(lambda: default_storage.delete(saved_name))
            raise ClaimLost(report.pk)
        audit_record(actor=None, store=report.store, action="report.built", obj=report,
                     after={"file": saved_name, "checksum": checksum, "attempt": attempt})
        if old_name and old_name != saved_name:
            transaction.on_commit(lambda: default_storage.delete(old_name))
        if report.schedule_id and report.schedule.recipient_list():
            from .tasks import email_report

            transaction.on_commit(lambda: email_report.delay(report.pk))


def report_fail(*, report_id: int, attempt: int | None, error: str) -> None:
    """Mark the build failed for good; a scheduled one counts against its schedule."""
    rows = ReportFile.objects.filter(pk=report_id, status__in=(Status.RUNNING, Status.QUEUED))
    if attempt is not None:
        rows = rows.filter(attempts=attempt)
    if rows.update(status=Status.FAILED, error=error[:2000], finished_at=timezone.now(),
                   lease_until=None):
        schedule_id = ReportFile.objects.values_list("schedule_id", flat=True).get(pk=report_id)
        if schedule_id:
            schedule_record_error(schedule_id=schedule_id, error=error)


# -- schedules -------------------------------------------------------------------------------

def schedule_record_error(*, schedule_id: int, error: str) -> None:
    ReportSchedule.objects.filter(pk=schedule_id).update(
        error_count=F("error_count") + 1, last_error=error[:2000], last_error_at=timezone.now()
    )


def schedule_targets(schedule: ReportSchedule) -> list[dict]:
    """The scopes one run of `schedule` builds: [{"store": …} or {"region": …}]."""
    if schedule.kind in REGION_KINDS:
        if schedule.region_id:
            return [{"region": schedule.region}]
        regions = Region.objects.filter(stores__is_active=True).distinct().order_by("code")
        return [{"region": r} for r in regions]
    if schedule.store_id:
        return [{"store": schedule.store}] if schedule.store.is_active else []
    stores = Store.objects.filter(is_active=True).order_by("code")
    if schedule.region_id:
        stores = stores.filter(region_id=schedule.region_id)
    return [{"store": s} for s in stores]


def schedules_run_due(*, now: datetime.datetime | None = None) -> int:
    """Request the workbooks of every schedule that is due; returns how many were requested.

    Each due schedule is claimed by moving its next_run_at with a conditional UPDATE, so two
    beat instances (or a beat tick delivered twice) run it once.
    """
    now = now or timezone.now()
    for schedule in ReportSchedule.objects.filter(enabled=True, next_run_at__isnull=True):
        ReportSchedule.objects.filter(pk=schedule.pk, next_run_at__isnull=True).update(
            next_run_at=next_run(schedule, now))
    requested = 0
    due = ReportSchedule.objects.filter(enabled=True, next_run_at__lte=now).select_related(
        "store", "region")
    for schedule in due:
        fired_at = schedule.next_run_at
        won = ReportSchedule.objects.filter(pk=schedule.pk, next_run_at=fired_at).update(
            next_run_at=next_run(schedule, max(now, fired_at)), last_run_at=now,
            run_count=F("run_count") + 1,
        )
        if not won:
            continue
        start, end = scheduled_period(schedule.kind, timezone.localtime(fired_at).date())
        for target in schedule_targets(schedule):
            try:
                with target_scope(target):
                    report_request(kind=schedule.kind, start=start, end=end,
                                   language=schedule.language, schedule=schedule, **target)
                requested += 1
            except Exception as exc:  # one store's failure must not stop the others
                logger.exception("schedule %s: %s not requested", schedule.pk, target)
                schedule_record_error(schedule_id=schedule.pk, error=repr(exc))
    return requested


def report_email_send(*, report_id: int) -> int:
    """E-mail a built scheduled workbook to its schedule's recipients (in its own scope)."""
    with report_scope(report_id):
        return _report_email_send(report_id=report_id)


def _report_email_send(*, report_id: int) -> int:
    report = ReportFile.objects.select_related("schedule", "store", "region").get(pk=report_id)
    if report.status != Status.DONE or not report.schedule_id:
        return 0
    recipients = report.schedule.recipient_list()
    if not recipients:
        return 0
    with translation.override(report.language):
        subject = _("HallOps workbook: %(report)s") % {"report": str(report)}
        body = _("The workbook is attached. It is also in the report archive.")
    message = EmailMessage(subject=subject, body=body, to=recipients)
    with report.file.open("rb") as fh:
        message.attach(report.download_name(), fh.read(),
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    try:
        message.send()
    except Exception as exc:
        schedule_record_error(schedule_id=report.schedule_id, error=repr(exc))
        raise
    return len(recipients)


# -- list exports run in the background (reports/listexport.py, reports/exportjobs.py) ------

EXPORT_QUEUE_DOWN = gettext_noop(
    "The export queue is not answering. Nothing was exported; please try again in a few minutes."
)


def export_job_request(*, user, role: str, store: Store | None, region: Region | None,
                       name: str, title: str, path: str, query: str, fmt: str,
                       language: str = "zh-hans") -> ExportJob:
    """Record a background export of the list at `path` with `query`, for `user` acting as
    `role` in `store` (or a supervisor in `region`); queue it once the row is committed."""
    with transaction.atomic():
        job = ExportJob.objects.create(
            store=store, region=None if store is not None else region, requested_by=user,
            role=role, name=name, title=title[:200], path=path, query=query, format=fmt,
            language=language,
        )
        audit_record(actor=user, store=store, action="export_job.requested", obj=job,
                     after={"list": name, "format": fmt, "query": query})
        job_id = job.pk
        transaction.on_commit(lambda: export_job_enqueue(job_id=job_id))
    job.refresh_from_db()
    return job


def export_job_enqueue(*, job_id: int) -> bool:
    from .exportjobs import export_scope
    from .tasks import run_export_job

    try:
        run_export_job.apply_async(args=[job_id], retry=False)
    except Exception as exc:  # any broker failure
        logger.warning("export %s not queued: %r", job_id, exc)
        with export_scope(job_id):
            ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
                status=ExportJob.Status.FAILED, error=_(EXPORT_QUEUE_DOWN),
                finished_at=timezone.now())
        return False
    return True



__all__ = ["Kind", "Outcome", "QUEUE_DOWN_MESSAGE", "report_build", "report_enqueue",
           "report_request", "schedules_run_due"]
