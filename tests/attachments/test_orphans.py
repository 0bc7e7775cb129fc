"""No orphan files: an upload whose transaction rolls back leaves no file in the storage, and
the nightly sweep deletes files no row names once they are a day old (keeping the others)."""

import datetime
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from attachments.models import Attachment
from attachments.services import attachment_add, orphan_files_sweep

from .helpers import fault, jpeg_with_gps, pdf, upload


def _files(settings) -> set[str]:
    root = settings.MEDIA_ROOT / "attachments"
    if not root.exists():
        return set()
    return {str(p.relative_to(settings.MEDIA_ROOT)) for p in root.rglob("*") if p.is_file()}


class Boom(Exception):
    pass


def test_an_upload_rolled_back_by_the_callers_transaction_leaves_no_file(world, settings):
    f = fault(world.store_a, world.dm_a)
    with pytest.raises(Boom), transaction.atomic():
        rows = attachment_add(actor=world.dm_a, obj=f, files=[
            upload("a.jpg", jpeg_with_gps()), upload("b.pdf", pdf())])
        written = {rows[0].file.name, rows[0].thumbnail.name, rows[1].file.name}
        assert written <= _files(settings)  # written before the commit
        raise Boom  # e.g. the caller's next step refuses
    assert not Attachment.objects.exists()
    assert _files(settings) == set()


def test_a_committed_upload_keeps_its_files_and_a_later_rollback_elsewhere_leaves_them(
        world, settings, django_capture_on_commit_callbacks):
    f = fault(world.store_a, world.dm_a)
    with django_capture_on_commit_callbacks(execute=True):
        rows = attachment_add(actor=world.dm_a, obj=f, files=[upload("a.jpg", jpeg_with_gps())])
    kept = {rows[0].file.name, rows[0].thumbnail.name}
    with pytest.raises(Boom), transaction.atomic():
        attachment_add(actor=world.dm_a, obj=f, files=[upload("b.pdf", pdf())])
        raise Boom
    assert _files(settings) == kept
    assert Attachment.objects.count() == 1


def _age(settings, name: str, hours: float) -> None:
    when = time.time() - hours * 3600
    os.utime(settings.MEDIA_ROOT / name, (when, when))


def test_the_sweep_removes_old_orphans_and_keeps_named_and_fresh_files(
        world, settings, django_capture_on_commit_callbacks):
    f = fault(world.store_a, world.dm_a)
    with django_capture_on_commit_callbacks(execute=True):
        row = attachment_add(actor=world.dm_a, obj=f, files=[upload("a.jpg", jpeg_with_gps())])[0]
    other = fault(world.store_b, world.dm_b)
    with django_capture_on_commit_callbacks(execute=True):
        theirs = attachment_add(actor=world.dm_b, obj=other, files=[upload("b.pdf", pdf())])[0]
    orphan = default_storage.save(f"attachments/{world.store_a.pk}/lost.jpg", ContentFile(b"x"))
    fresh = default_storage.save(f"attachments/{world.store_b.pk}/new.jpg", ContentFile(b"y"))
    outside = default_storage.save("exports/keep.csv", ContentFile(b"z"))
    for name in (row.file.name, row.thumbnail.name, theirs.file.name, orphan, outside):
        _age(settings, name, 30)
    _age(settings, fresh, 2)
    assert orphan_files_sweep(dry_run=True) == [orphan]
    assert default_storage.exists(orphan)
    assert orphan_files_sweep() == [orphan]
    assert not default_storage.exists(orphan)
    for name in (row.file.name, row.thumbnail.name, theirs.file.name, fresh, outside):
        assert default_storage.exists(name), name
    # The management command (and the beat task) do the same; nothing is left to do.
    call_command("sweep_attachment_orphans")
    assert default_storage.exists(row.file.name)


def test_the_sweep_is_a_nightly_beat_job_and_runs_on_an_empty_storage(db, settings):
    from attachments.tasks import sweep_orphan_files

    assert settings.CELERY_BEAT_SCHEDULE["attachment-orphans"]["task"] == (
        "attachments.sweep_orphan_files")
    assert sweep_orphan_files() == 0


@override_settings(ATTACHMENT_ORPHAN_AGE_HOURS=1)
def test_the_age_is_a_setting(world, settings):
    orphan = default_storage.save("attachments/9/lost.pdf", ContentFile(b"x"))
    _age(settings, orphan, 0.5)
    assert orphan_files_sweep() == []
    now = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    assert orphan_files_sweep(now=now) == [orphan]


@pytest.mark.django_db(transaction=True)
def test_an_outermost_rollback_leaves_no_file_and_a_commit_keeps_them(world, settings):
    f = fault(world.store_a, world.dm_a)
    with pytest.raises(Boom), transaction.atomic():
        attachment_add(actor=world.dm_a, obj=f, files=[upload("a.jpg", jpeg_with_gps())])
        raise Boom
    assert _files(settings) == set()
    row = attachment_add(actor=world.dm_a, obj=f, files=[upload("b.jpg", jpeg_with_gps())])[0]
    assert _files(settings) == {row.file.name, row.thumbnail.name}
