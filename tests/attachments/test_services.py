"""attachment_add / attachment_delete: limits per record, nothing stored on a refusal, locks,
the audit trail."""

import io

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from attachments.models import Attachment
from attachments.services import attachment_add, attachment_delete
from hallops.exceptions import DomainError
from hallops.models import AuditEntry, DutyLog, DutyLogStatus, FaultStatus, Incident, ShiftType

from .helpers import SVG_WITH_SCRIPT, fault, jpeg_with_gps, pdf, png, upload


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_it_stores_photos_and_pdfs_with_a_thumbnail_and_an_audit_entry(world):
    f = fault(world.store_a, world.dm_a)
    rows = attachment_add(actor=world.dm_a, obj=f, files=[
        upload("故障.jpg", jpeg_with_gps()), upload("报修单.pdf", pdf())])
    assert [r.kind for r in rows] == ["image", "pdf"]
    photo = rows[0]
    assert photo.store == world.store_a and photo.object_id == f.pk
    assert photo.original_name == "故障.jpg" and "故障" not in photo.file.name
    with default_storage.open(photo.file.name) as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        assert len(stored.getexif()) == 0 and "exif" not in stored.info
    assert default_storage.exists(photo.thumbnail.name)
    assert not rows[1].thumbnail
    assert AuditEntry.objects.filter(action="attachment.added", store=world.store_a).count() == 2


def test_it_stores_nothing_when_one_file_of_several_is_refused(world, settings):
    f = fault(world.store_a, world.dm_a)
    with pytest.raises(DomainError, match="drawing.svg"):
        attachment_add(actor=world.dm_a, obj=f, files=[
            upload("ok.jpg", jpeg_with_gps()), upload("drawing.svg", SVG_WITH_SCRIPT)])
    assert not Attachment.objects.exists()
    assert _stored_files(settings) == []
    assert not AuditEntry.objects.filter(action="attachment.added").exists()


def test_it_refuses_more_than_the_record_may_hold(world, settings):
    f = fault(world.store_a, world.dm_a)
    one = len(png((200, 200)))
    attachment_add(actor=world.dm_a, obj=f, files=[upload("a.png", png((200, 200)))])
    settings.ATTACHMENT_MAX_RECORD_BYTES = Attachment.objects.get().size + one // 2
    with pytest.raises(DomainError, match="一条记录的照片和文件合计不能超过"):
        attachment_add(actor=world.dm_a, obj=f, files=[upload("b.png", png((200, 200)))])
    assert Attachment.objects.count() == 1


def test_it_refuses_more_files_than_the_record_may_hold(world, settings):
    settings.ATTACHMENT_MAX_FILES_PER_RECORD = 2
    f = fault(world.store_a, world.dm_a)
    with pytest.raises(DomainError, match="最多"):
        attachment_add(actor=world.dm_a, obj=f, files=[upload(f"{i}.png", png()) for i in range(3)])
    assert not Attachment.objects.exists()


def test_it_locks_the_attachments_of_a_fixed_fault(world):
    f = fault(world.store_a, world.dm_a)
    [row] = attachment_add(actor=world.dm_a, obj=f, files=[upload("a.png", png())])
    f.status, f.fixed_at = FaultStatus.FIXED, timezone.now()
    f.save()
    with pytest.raises(DomainError, match="已关闭或已签核"):
        attachment_add(actor=world.dm_a, obj=f, files=[upload("b.png", png())])
    with pytest.raises(DomainError, match="已关闭或已签核"):
        attachment_delete(actor=world.dm_a, attachment=row)
    assert Attachment.objects.filter(pk=row.pk).exists()


def test_it_locks_an_incident_once_its_days_duty_log_is_countersigned(world):
    now = timezone.now()
    day = timezone.localdate()
    incident = Incident.objects.create(store=world.store_a, kind="power_outage", business_date=day,
                                       started_at=now, started_by=world.dm_a, summary="停电")
    attachment_add(actor=world.dm_a, obj=incident, files=[upload("a.png", png())])
    DutyLog.objects.create(store=world.store_a, business_date=day, duty_manager=world.dm_a,
                           shift_type=ShiftType.objects.filter(store=world.store_a).first(),
                           status=DutyLogStatus.COUNTERSIGNED, submitted_at=now)
    with pytest.raises(DomainError, match="已关闭或已签核"):
        attachment_add(actor=world.dm_a, obj=incident, files=[upload("b.png", png())])


def test_it_audits_a_deletion_and_removes_the_files(world, django_capture_on_commit_callbacks):
    f = fault(world.store_a, world.dm_a)
    [row] = attachment_add(actor=world.dm_a, obj=f, files=[upload("a.jpg", jpeg_with_gps())])
    names = [row.file.name, row.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        attachment_delete(actor=world.sm_a, attachment=row)
    assert not Attachment.objects.exists()
    assert not any(default_storage.exists(n) for n in names)
    entry = AuditEntry.objects.get(action="attachment.deleted")
    assert entry.actor == world.sm_a and entry.store == world.store_a
    assert entry.before["original_name"] == "a.jpg" and entry.before["object_id"] == f.pk
