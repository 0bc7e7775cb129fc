"""Demo workbooks for seed_demo: yesterday's daily workbook of each demo store, built on the
spot so the reports page has a file to download without a running worker."""

from __future__ import annotations

import datetime

from hallops.demo import demo_stores, first, today_of
from hallops.permissions import Role
from hallops.registry import register_demo_step
from reports.models import Kind, ReportFile
from reports.services import report_build, report_request


@register_demo_step(order=90)
def reports_demo(*, stores, days, rng, stdout) -> None:
    for store in demo_stores(stores):
        if ReportFile.objects.filter(store=store).exists():
            continue
        yesterday = today_of(store) - datetime.timedelta(days=1)
        manager = first(store, Role.STORE_MANAGER)
        report = report_request(kind=Kind.STORE_DAILY, start=yesterday, end=yesterday, store=store,
                                requested_by=manager)
        report.refresh_from_db()
        if report.status == ReportFile.Status.QUEUED:
            report_build(report_id=report.pk)
    stdout.write("Demo: yesterday's daily workbooks.")
