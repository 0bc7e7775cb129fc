"""The floor board, the thresholds page and the desk-ready check through their pages."""

import pytest
from django.urls import reverse
from django.utils import translation

from floor.models import DeskReadyCheck, DeskReadyItem, FloorAction, FloorThreshold, QueueReading
from floor.services import desk_ready_check_record
from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import AuditEntry
from tests import factories

from .helpers import queue, reading

pytestmark = pytest.mark.django_db


def _board_data(**values):
    data = {}
    for code in ("normal", "vip", "general"):
        pk = queue(code).pk
        desks, waiting, wait = values.get(code, (1, 0, 0))
        data.update({f"desks_{pk}": desks, f"waiting_{pk}": waiting, f"wait_{pk}": wait})
    return data


def test_the_board_records_every_queue_and_turns_one_red(world, clients):
    response = clients.dm_a.post(reverse("floor:board"), _board_data(normal=(2, 26, 22)), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert QueueReading.objects.filter(store=world.store_a).count() == 3
    assert 'data-testid="queue-normal" data-level="red"' in page
    assert 'data-testid="queue-vip" data-level="green"' in page
    assert 'data-testid="propose-normal-back_office"' in page
    assert 'data-testid="propose-vip-open_desk"' not in page


def test_the_board_refuses_bad_numbers_and_saves_nothing(world, clients):
    response = clients.dm_a.post(reverse("floor:board"), _board_data(normal=(2, -3, "abc")))
    assert response.status_code == 400
    assert not QueueReading.objects.exists()


def test_a_proposed_action_is_logged_with_the_time_and_shown(world, clients):
    reading(world, waiting=30)
    response = clients.dm_a.post(reverse("floor:action"),
                                 {"kind": "open_desk", "queue_type": queue().pk}, follow=True)
    action = FloorAction.objects.get()
    assert action.by == world.dm_a and action.queue_type == queue()
    assert 'data-testid="floor-action"' in response.content.decode()
    response = clients.dm_a.post(reverse("floor:action"), {"kind": "nonsense"}, follow=True)
    assert FloorAction.objects.count() == 1
    assert 'alert' in response.content.decode()


def test_the_store_manager_sets_the_thresholds(world, clients):
    url = reverse("floor:thresholds")
    response = clients.sm_a.post(url, {"amber_waiting": 5, "amber_wait_minutes": 10,
                                       "red_waiting": 3, "red_wait_minutes": 20})
    assert response.status_code == 400
    assert not FloorThreshold.objects.exists()
    response = clients.sm_a.post(url, {"amber_waiting": 5, "amber_wait_minutes": 10,
                                       "red_waiting": 8, "red_wait_minutes": 20})
    assert response.status_code == 302
    assert FloorThreshold.objects.get(store=world.store_a).red_waiting == 8
    assert reading(world, waiting=6).level == "amber"


def test_the_clerk_does_the_desk_ready_check_once(world, clients):
    items = list(DeskReadyItem.objects.filter(is_active=True))
    url = reverse("floor:desk_ready")
    # One item missing without a note: refused.
    response = clients.clerk_a.post(url, {"ready": [str(i.pk) for i in items[1:]], "desk": "3"})
    assert response.status_code == 400
    assert not DeskReadyCheck.objects.exists()
    response = clients.clerk_a.post(url, {"ready": [str(i.pk) for i in items[1:]], "desk": "3",
                                          "note": "印章在保险柜，已找值班经理取"})
    assert response.status_code == 302
    check = DeskReadyCheck.objects.get()
    assert not check.all_ready and check.clerk == world.clerk_a
    assert [m.item for m in check.marks.filter(ready=False)] == [items[0]]
    assert AuditEntry.objects.filter(action="desk_ready_check.recorded").exists()
    with translation.override("en"), pytest.raises(DomainError, match="already"):
        desk_ready_check_record(actor=world.clerk_a, store=world.store_a,
                                ready_item_ids=[i.pk for i in items])
    assert 'data-testid="desk-ready-done"' in clients.clerk_a.get(url).content.decode()


def test_the_duty_manager_sees_who_has_and_has_not_done_it(world, clients):
    day = business_date(store=world.store_a)
    other = factories.make_user("clerk_a2", role="clerk", store=world.store_a, first_name="小", last_name="王")
    factories.roster(world.store_a, world.clerk_a, day, "A", "counter")
    factories.roster(world.store_a, other, day, "A", "counter")
    desk_ready_check_record(actor=world.clerk_a, store=world.store_a,
                            ready_item_ids=[i.pk for i in DeskReadyItem.objects.all()])
    desk_ready_check_record(actor=world.clerk_b, store=world.store_b,
                            ready_item_ids=[i.pk for i in DeskReadyItem.objects.all()])
    for client in (clients.dm_a, clients.sm_a):
        page = client.get(reverse("floor:desk_ready_day")).content.decode()
        assert page.count('data-testid="desk-ready-row"') == 1
        assert page.count('data-testid="desk-ready-missing"') == 1
        assert "王小" in page or "小王" in page


def test_the_board_reads_in_a_bounded_number_of_queries(world, clients, django_assert_max_num_queries):
    for _ in range(30):
        reading(world, waiting=25)
    with django_assert_max_num_queries(25):
        assert clients.dm_a.get(reverse("floor:board")).status_code == 200


def test_the_home_pages_show_the_queues_and_the_desk_ready_check(world, clients):
    day = business_date(store=world.store_a)
    factories.roster(world.store_a, world.clerk_a, day, "A", "counter")
    reading(world, waiting=30)
    home = clients.dm_a.get(reverse("duty_manager:home")).content.decode()
    assert 'data-testid="floor-duty-panel"' in home and "拥堵" in home
    assert 'data-testid="floor-not-ready"' in home
    clerk_home = clients.clerk_a.get(reverse("clerk:home")).content.decode()
    assert reverse("floor:desk_ready") in clerk_home
    desk_ready_check_record(actor=world.clerk_a, store=world.store_a,
                            ready_item_ids=[i.pk for i in DeskReadyItem.objects.all()])
    clerk_home = clients.clerk_a.get(reverse("clerk:home")).content.decode()
    assert "全部就绪" in clerk_home
