"""Thumbnails on the pages: the duty log's sections (faults, incidents, inspection problems,
opinions), the checklist and opinion pages; query counts flat with the number of photos."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attachments.models import Attachment
from attachments.services import attachment_add
from hallops.models import EquipmentFault, KindCode
from hallops.services.checklists import checklist_item_tick
from tests.dutyops import helpers as h

from .helpers import fault, png, upload


def _photo(world, record, name="a.png"):
    return attachment_add(actor=world.dm_a, obj=record, files=[upload(name, png())])[0]


def _problem_tick(world):
    run = h.daily_run(world, kind=KindCode.OPENING)
    return checklist_item_tick(actor=world.dm_a, run=run, item=h.first_item(run),
                               status="problem", note="地面有水")


def test_it_shows_every_sections_thumbnails_in_the_duty_log(world, clients):
    log = h.dutylog(world)
    photos = [_photo(world, h.fault(world)), _photo(world, h.incident(world)),
              _photo(world, h.opinion(world)), _photo(world, _problem_tick(world))]
    page = clients.sm_a.get(reverse("store_manager:dutylog", args=[log.pk])).content.decode()
    for photo in photos:
        assert reverse("attachments:thumbnail", args=[photo.pk]) in page
    assert "地面有水" in page


def _log_queries(world, client, log) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("store_manager:dutylog", args=[log.pk])).status_code == 200
    return len(queries)


def test_it_keeps_the_duty_logs_queries_flat_with_more_photos(world, clients):
    log = h.dutylog(world)
    first = fault(world.store_a, world.dm_a)
    _photo(world, first)
    _log_queries(world, clients.sm_a, log)  # warm the content-type cache
    few = _log_queries(world, clients.sm_a, log)
    for i in range(6):
        _photo(world, fault(world.store_a, world.dm_a, description=f"故障{i}"), f"{i}.png")
    _photo(world, first, "again.png")
    assert _log_queries(world, clients.sm_a, log) == few
    assert Attachment.objects.count() == 8


def test_it_keeps_the_fault_pages_queries_flat_with_more_photos(world, clients):
    _photo(world, fault(world.store_a, world.dm_a))
    url = reverse("duty_manager:faults")
    clients.dm_a.get(url)
    with CaptureQueriesContext(connection) as few:
        clients.dm_a.get(url)
    for i in range(5):
        _photo(world, fault(world.store_a, world.dm_a, description=f"故障{i}"), f"{i}.png")
    with CaptureQueriesContext(connection) as many:
        page = clients.dm_a.get(url).content.decode()
    assert len(many) == len(few)
    assert page.count('data-testid="attachment-thumb"') == 6
    assert EquipmentFault.objects.count() == 6


def test_it_offers_the_camera_on_an_inspection_problem(world, clients):
    tick = _problem_tick(world)
    page = clients.dm_a.get(reverse("duty_manager:checklist", args=["opening"])).content.decode()
    assert reverse("attachments:upload", args=["hallops-checklisttick", tick.pk]) in page


def test_it_locks_an_opinions_photos_once_the_day_is_countersigned(world, clients):
    from hallops.services.dutylog import duty_log_countersign

    opinion = h.opinion(world)
    _photo(world, opinion)
    url = reverse("duty_manager:opinions")
    page = clients.dm_a.get(url).content.decode()
    assert 'data-testid="attachment-delete"' in page
    log = h.submitted_log(world)
    duty_log_countersign(actor=world.sm_a, log=log, comment="")
    page = clients.dm_a.get(url).content.decode()
    assert 'data-testid="attachment-delete"' not in page
    assert 'data-testid="attachment-upload"' not in page
    assert "已关闭或已签核" in page
