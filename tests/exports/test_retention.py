"""Retention of background exports: the nightly beat job deletes the jobs asked for more than
EXPORT_RETENTION_DAYS ago, their files through the storage API; fresh ones stay; a file
already gone does not stop it."""

import datetime

import time_machine
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from hallops.scoping import all_stores
from reports.exportjobs import export_jobs_purge
from reports.models import ExportJob
from reports.tasks import purge_export_jobs


def _job(world, *, store=None, region=None, file_body: bytes | None = b"\xef\xbb\xbfa,b\n",
         name="audit") -> ExportJob:
    saved = ""
    if file_body is not None:
        saved = default_storage.save(f"exports/t/{name}.csv", ContentFile(file_body))
    with all_stores("export_retention"):
        return ExportJob.objects.create(
            store=store, region=region, requested_by=world.sm_a, role="store_manager",
            name=name, title=name, path="/x/", format="csv", status=ExportJob.Status.DONE,
            file=saved, finished_at=timezone.now())


def _left():
    with all_stores("export_retention"):
        return set(ExportJob.objects.values_list("name", flat=True))


def test_old_exports_go_fresh_ones_stay_and_a_missing_file_is_no_error(world, settings):
    settings.EXPORT_RETENTION_DAYS = 7
    start = timezone.now()
    with time_machine.travel(start - datetime.timedelta(days=9), tick=False):
        old = _job(world, store=world.store_a, name="old")
        gone = _job(world, store=world.store_b, name="gone")
        regional = _job(world, region=world.region_a, name="regional")
        failed = _job(world, store=world.store_a, file_body=None, name="failed")
    with time_machine.travel(start - datetime.timedelta(days=6), tick=False):
        fresh = _job(world, store=world.store_a, name="fresh")
    default_storage.delete(gone.file.name)  # someone cleaned the folder by hand
    with time_machine.travel(start, tick=False):
        assert purge_export_jobs() == 4
    assert _left() == {"fresh"}
    for job in (old, regional):
        assert not default_storage.exists(job.file.name)
    assert default_storage.exists(fresh.file.name)
    assert failed.file.name == ""
    # Eight days later the fresh one is old too; with a longer retention it would stay.
    settings.EXPORT_RETENTION_DAYS = 30
    with time_machine.travel(start + datetime.timedelta(days=8), tick=False):
        assert export_jobs_purge() == 0
    settings.EXPORT_RETENTION_DAYS = 7
    with time_machine.travel(start + datetime.timedelta(days=8), tick=False):
        assert export_jobs_purge() == 1
    assert _left() == set() and not default_storage.exists(fresh.file.name)


def test_a_file_the_storage_fails_to_delete_keeps_its_row_for_the_next_run(world, settings,
                                                                          monkeypatch):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=10), tick=False):
        job = _job(world, store=world.store_a, name="stuck")

    def refuse(name):
        raise PermissionError(name)

    monkeypatch.setattr(type(default_storage._wrapped), "delete", lambda self, name: refuse(name))
    assert export_jobs_purge() == 0
    assert _left() == {"stuck"}
    monkeypatch.undo()
    assert export_jobs_purge() == 1
    assert not default_storage.exists(job.file.name)


def test_the_purge_is_a_beat_job_with_a_retention_setting():
    entry = django_settings.CELERY_BEAT_SCHEDULE["export-retention"]
    assert entry["task"] == "reports.purge_export_jobs"
    assert django_settings.EXPORT_RETENTION_DAYS == 7
