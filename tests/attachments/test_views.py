"""The gate: uploads through the widget, downloads with their headers, 404 for another store,
403 for a role the record leaves out, refusals shown as translated messages."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from attachments.models import Attachment
from attachments.services import attachment_add
from complaints.models import WorkOrder
from hallops.models import AuditEntry

from .helpers import SVG_WITH_SCRIPT, fault, jpeg_with_gps, pdf, pixel_bomb, png, upload, zip_bomb


def _upload_url(obj):
    key = obj._meta.label_lower.replace(".", "-")
    return reverse("attachments:upload", args=[key, obj.pk])


def test_it_uploads_several_files_from_the_widget(world, clients):
    f = fault(world.store_a, world.dm_a)
    response = clients.dm_a.post(_upload_url(f), {
        "upload": [upload("a.jpg", jpeg_with_gps()), upload("b.pdf", pdf())],
        "next": reverse("duty_manager:faults")}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("duty_manager:faults")
    assert "已附加 2 个文件" in response.content.decode()
    assert Attachment.objects.filter(object_id=f.pk).count() == 2
    page = clients.dm_a.get(reverse("duty_manager:faults")).content.decode()
    assert 'capture="environment"' in page and 'accept="image/*,application/pdf"' in page
    assert reverse("attachments:thumbnail", args=[Attachment.objects.first().pk]) in page


def test_it_shows_a_refusal_and_stores_nothing(world, clients):
    f = fault(world.store_a, world.dm_a)
    response = clients.dm_a.post(_upload_url(f), {
        "upload": [upload("x.svg", SVG_WITH_SCRIPT)], "next": reverse("duty_manager:faults")},
        follow=True)
    assert response.status_code == 200
    assert "只能附加照片" in response.content.decode()
    assert not Attachment.objects.exists()


def test_it_sends_a_photo_with_safe_headers(world, clients):
    f = fault(world.store_a, world.dm_a)
    [row] = attachment_add(actor=world.dm_a, obj=f, files=[upload("现场.jpg", jpeg_with_gps())])
    response = clients.sm_a.get(reverse("attachments:download", args=[row.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "filename*=utf-8''%E7%8E%B0%E5%9C%BA.jpg" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    thumb = clients.sm_a.get(reverse("attachments:thumbnail", args=[row.pk]))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"


def test_it_always_downloads_a_pdf(world, clients):
    f = fault(world.store_a, world.dm_a)
    [row] = attachment_add(actor=world.dm_a, obj=f, files=[upload("报修单.pdf", pdf())])
    response = clients.dm_a.get(reverse("attachments:download", args=[row.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_answers_404_to_another_store_and_403_to_a_wrong_role(world, clients):
    f = fault(world.store_a, world.dm_a)
    [row] = attachment_add(actor=world.dm_a, obj=f, files=[upload("a.png", png())])
    for name in ("attachments:download", "attachments:thumbnail"):
        url = reverse(name, args=[row.pk])
        assert clients.sm_b.get(url).status_code == 404
        assert clients.dm_b.get(url).status_code == 404
        assert clients.fr_a.get(url).status_code == 403
        assert clients.supervisor.get(url).status_code == 200
    assert clients.dm_b.post(_upload_url(f), {"upload": [upload("b.png", png())]}).status_code == 404
    assert clients.sm_b.post(reverse("attachments:delete", args=[row.pk])).status_code == 404
    assert clients.clerk_a.post(reverse("attachments:delete", args=[row.pk])).status_code == 403
    assert clients.ch_a.post(reverse("attachments:delete", args=[row.pk])).status_code == 403
    assert clients.ch_a.post(_upload_url(f), {"upload": [upload("b.png", png())]}).status_code == 403
    assert Attachment.objects.count() == 1


def test_it_keeps_work_order_evidence_from_a_clerk(world, clients):
    from tests.complaints.helpers import make_order

    order = make_order(world)
    [row] = attachment_add(actor=world.ch_a, obj=order, files=[upload("信函.pdf", pdf())])
    assert clients.clerk_a.get(reverse("attachments:download", args=[row.pk])).status_code == 403
    assert clients.ch_a.get(reverse("attachments:download", args=[row.pk])).status_code == 200
    page = clients.ch_a.get(reverse("complaints:order", args=[order.pk])).content.decode()
    assert "信函.pdf" in page and 'data-testid="attachment-upload"' in page


def test_it_locks_the_evidence_of_a_closed_work_order(world, clients):
    from tests.complaints.helpers import make_order

    order = make_order(world)
    [row] = attachment_add(actor=world.ch_a, obj=order, files=[upload("a.png", png())])
    WorkOrder.objects.filter(pk=order.pk).update(status=WorkOrder.Status.CLOSED,
                                                 closed_at=timezone.now())
    response = clients.ch_a.post(reverse("attachments:delete", args=[row.pk]), follow=True)
    assert "已关闭或已签核" in response.content.decode()
    assert Attachment.objects.filter(pk=row.pk).exists()
    page = clients.ch_a.get(reverse("complaints:order", args=[order.pk])).content.decode()
    assert 'data-testid="attachment-upload"' not in page
    assert 'data-testid="attachment-delete"' not in page


def test_it_deletes_through_the_page_with_an_audit_entry(world, clients):
    f = fault(world.store_a, world.dm_a)
    [row] = attachment_add(actor=world.dm_a, obj=f, files=[upload("a.png", png())])
    response = clients.dm_a.post(reverse("attachments:delete", args=[row.pk]),
                                 {"next": reverse("duty_manager:faults")}, follow=True)
    assert "附件已删除" in response.content.decode()
    assert not Attachment.objects.exists()
    entry = AuditEntry.objects.get(action="attachment.deleted")
    assert entry.actor == world.dm_a
    assert entry.object_type == "attachments.attachment"
    assert entry.before["content_type"] == ContentType.objects.get_for_model(type(f)).pk


@pytest.mark.parametrize(("name", "data", "message"), [
    ("photo.pdf", jpeg_with_gps(), "文件名与内容不符"),
    ("evidence.jpg", zip_bomb(), "只能附加照片"),
    ("drawing.svg", SVG_WITH_SCRIPT, "只能附加照片"),
    ("huge.png", pixel_bomb(), "百万像素"),
])
def test_it_refuses_each_hostile_upload_on_the_page_and_stores_nothing(world, clients, settings,
                                                                       name, data, message):
    f = fault(world.store_a, world.dm_a)
    response = clients.dm_a.post(_upload_url(f), {
        "upload": [upload("ok.png", png()), upload(name, data)],
        "next": reverse("duty_manager:faults")}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode() and name in response.content.decode()
    assert not Attachment.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]
