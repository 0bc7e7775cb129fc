"""Celery tasks: ids in, a service call, retries for transient errors only.

Each service enters its own store scope (hallops/scoping.py): a workbook is built, failed and
e-mailed in its store's or region's scope (`services.report_scope`), and each target of a due
schedule is requested in its own (`services.target_scope`)."""

from celery import shared_task

from . import services

# Backoff for transient errors: 10 s, 20 s, 40 s, 80 s; then the row is marked failed.
MAX_RETRIES = 4


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def build_report(self, report_id: int) -> str:
    final = self.request.retries >= MAX_RETRIES
    try:
        result = services.report_build(report_id=report_id, final=final)
    except services.TRANSIENT_ERRORS as exc:
        if final:
            return "failed"
        raise self.retry(exc=exc, countdown=10 * 2**self.request.retries)
    except Exception:
        return "failed"  # already marked failed and logged by the service
    if result.outcome is services.Outcome.BUSY:
        # Another worker is building it; look again when its lease would run out. Not an
        # error, so a fresh message rather than a retry that would use up the budget.
        build_report.apply_async(args=[report_id], countdown=result.retry_in, retry=False)
    return result.outcome.value


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_report_schedules() -> int:
    """Fired every minute by beat: request the workbooks of the schedules that are due."""
    return services.schedules_run_due()


@shared_task(bind=True, acks_late=True, max_retries=3)
def email_report(self, report_id: int) -> int:
    try:
        return services.report_email_send(report_id=report_id)
    except OSError as exc:  # SMTP connection trouble
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_export_job(job_id: int) -> str:
    """A list export too long for the request (reports/exportjobs.py)."""
    from .exportjobs import export_job_run

    return export_job_run(job_id=job_id)
@shared_task(name="reports.purge_export_jobs", acks_late=True, ignore_result=True)
def purge_export_jobs() -> int:
    """Nightly: background exports past settings.EXPORT_RETENTION_DAYS, files and rows."""
    from .exportjobs import export_jobs_purge

    return export_jobs_purge()


@shared_task(name="reports.refresh_month_figures", acks_late=True, ignore_result=True)
def refresh_month_figures() -> int:
    """Nightly, after the business day closes: the store-month figures the regional
    workbooks read (the month just closed, and every stale month; yesterday of the open
    month, and every stale day), for every store — an operator-wide job, in the named
    all-stores scope. Returns the store-months and store-days computed."""
    from hallops.scoping import all_stores

    from . import summaries

    with all_stores("month_figures"):
        months, days = summaries.nightly()
    return months + days
