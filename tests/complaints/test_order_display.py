"""The work-order page and queues read in words: deadline warnings by label, the next
deadline not called "next page", time left in days and hours, English statuses in English."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from complaints import services
from complaints.models import OrderEvent, Source, WorkOrder
from hallops.text import duration_text
from tests.complaints.helpers import make_order

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db
MONDAY_10 = dt.datetime(2025, 3, 3, 10, 0, tzinfo=TZ)


def test_it_shows_a_deadline_warning_by_its_label(world, clients):
    with time_machine.travel(MONDAY_10, tick=False):
        order = make_order(world, source=Source.HOTLINE, category_code="bill_border")
    with time_machine.travel(order.next_due_at - dt.timedelta(minutes=30), tick=False):
        services.sla_sweep()
    event = OrderEvent.objects.get(order=order, kind=OrderEvent.Kind.SLA)
    with translation.override("zh-hans"):
        assert event.display_note == "即将到期：接单时限"
    with translation.override("en"):
        assert event.display_note == "Due soon: acceptance deadline"
    html = clients.ch_a.get(reverse("complaints:order", args=[order.pk])).content.decode()
    timeline = html[html.index('data-testid="timeline"'):]
    assert "accept:due_soon" not in timeline
    assert "即将到期：接单时限" in timeline


def test_it_calls_the_next_deadline_not_the_next_page(world, clients):
    order = make_order(world, source=Source.HOTLINE, category_code="bill_border")
    html = clients.ch_a.get(reverse("complaints:order", args=[order.pk])).content.decode()
    assert "下一时限" in html
    assert "下一页:" not in html and "下一页：" not in html


@pytest.mark.parametrize(("seconds", "zh", "en"), [
    ((10 * 24 + 23) * 3600 + 34 * 60, "10天23小时", "10 d 23 h"),
    (3 * 3600 + 5 * 60, "3小时5分钟", "3 h 5 min"),
    (45 * 60 + 20, "45分钟", "45 min"),
    (-(26 * 3600), "已超时1天2小时", "1 d 2 h overdue"),
])
def test_it_writes_time_left_in_days_hours_and_minutes(seconds, zh, en):
    with translation.override("zh-hans"):
        assert duration_text(seconds) == zh
    with translation.override("en"):
        assert duration_text(seconds) == en


def test_it_shows_the_queue_deadline_in_days_and_hours(world, clients):
    order = make_order(world, source=Source.HOTLINE, category_code="bill_border")
    WorkOrder.objects.filter(pk=order.pk).update(
        next_due_at=timezone.now() + dt.timedelta(days=10, hours=23, minutes=34, seconds=30))
    html = clients.ch_a.get(reverse("complaint_handler:queue")).content.decode()
    assert "10天23小时" in html
    assert "263:34" not in html
    assert 'data-fmt-days="%(d)s天%(h)s小时"' in html  # the live countdown's words


def test_it_labels_english_statuses_in_english_only():
    with translation.override("en"):
        labels = [str(label) for _value, label in WorkOrder.Status.choices]
    assert "Accepted" in labels
    assert not [label for label in labels if "(" in label]
