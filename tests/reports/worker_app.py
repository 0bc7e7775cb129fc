"""The Celery app for integration-test workers: the project's own app, optionally slowed.

HALLOPS_TEST_SLOW_PROGRESS=<seconds> makes every progress step of a build wait that long, so
a test can kill the worker while a workbook is half written. Nothing else differs.
"""

import os
import time

from celery.signals import task_prerun

from hallops.celery import app

__all__ = ["app"]

SLOW = float(os.environ.get("HALLOPS_TEST_SLOW_PROGRESS") or 0)


@task_prerun.connect
def _slow_progress(**kwargs):
    if not SLOW:
        return
    from reports import services

    original = getattr(services.report_progress, "__wrapped__", services.report_progress)

    def slow(**kw):
        time.sleep(SLOW)
        return original(**kw)

    slow.__wrapped__ = original
    services.report_progress = slow
