"""Simple complaints at the desk: recorded in a few taps, settled or turned into an on-site work
order keeping what was typed, counted as settled on site in the KPIs, listed for the handler
and the store manager."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from complaints import kpi
from complaints.models import Category, DeskComplaint, Kpi, Source, WorkOrder
from complaints.services import desk_complaint_escalate, desk_complaint_record
from hallops.exceptions import DomainError
from hallops.models import AuditEntry, Notification, Store
from tests.complaints.helpers import make_order

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def _service():
    return Category.objects.get(code="service")


def _record(world, *, settled, store=None, clerk=None, number="13912345678", action="解释并致歉"):
    return desk_complaint_record(
        actor=clerk or world.clerk_a, store=store or world.store_a, customer_number=number,
        category=_service(), description="排队等了四十分钟", action_taken=action, settled=settled,
        demand="" if settled else "要求减免当月套餐费")


def test_it_records_a_settled_complaint_with_an_audit_entry(world):
    complaint = _record(world, settled=True)
    complaint.refresh_from_db()
    assert complaint.settled and complaint.work_order is None and complaint.clerk == world.clerk_a
    entry = AuditEntry.objects.get(action="desk_complaint.recorded")
    assert entry.store == world.store_a and entry.actor == world.clerk_a
    assert "13912345678" not in str(entry.after)  # the number stays out of the audit trail


@pytest.mark.parametrize(("fields", "message"), [
    ({"customer_number": "12345"}, "11-digit"),
    ({"category": None}, "Choose a category"),
    ({"description": "  "}, "complained about"),
    ({"action_taken": "", "settled": True}, "what you did to settle"),
    ({"description": "长" * 1001}, "under 1000"),
    ({"demand": ""}, "what the customer wants"),
])
def test_it_refuses_with_a_clear_message_and_saves_nothing(world, fields, message, settings):
    values = {"customer_number": "13912345678", "category": _service(), "description": "太慢",
              "action_taken": "致歉", "settled": False, "demand": "道歉", **fields}
    from django.utils import translation
    with translation.override("en"), pytest.raises(DomainError, match=message):
        desk_complaint_record(actor=world.clerk_a, store=world.store_a, **values)
    assert not DeskComplaint.objects.exists()


def test_it_escalates_into_an_onsite_work_order_keeping_the_text(world):
    complaint = _record(world, settled=False, action="已解释资费规则，客户不接受")
    order = desk_complaint_escalate(actor=world.clerk_a, complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.work_order == order and complaint.escalated_at is not None
    assert order.source == Source.ONSITE and order.store == world.store_a
    assert order.customer_number == "13912345678" and order.category == _service()
    assert "排队等了四十分钟" in order.description
    assert "已解释资费规则，客户不接受" in order.description
    assert order.demand == "要求减免当月套餐费"
    assert order.received_at == complaint.at and order.created_by == world.clerk_a
    assert AuditEntry.objects.filter(action="desk_complaint.escalated", object_id=str(complaint.pk)).exists()
    assert AuditEntry.objects.filter(action="work_order.created").exists()
    assert Notification.objects.filter(recipient=world.ch_a).exists()
    assert not Notification.objects.filter(recipient=world.ch_b).exists()


def test_it_refuses_to_escalate_a_settled_or_already_escalated_complaint(world):
    settled = _record(world, settled=True)
    with pytest.raises(DomainError):
        desk_complaint_escalate(actor=world.clerk_a, complaint=settled)
    open_one = _record(world, settled=False)
    order = desk_complaint_escalate(actor=world.clerk_a, complaint=open_one)
    with pytest.raises(DomainError, match=order.number):
        desk_complaint_escalate(actor=world.clerk_a, complaint=open_one)
    assert WorkOrder.objects.count() == 1


def test_it_counts_desk_settlements_as_settled_on_site(world):
    with time_machine.travel(dt.datetime(2025, 3, 5, 10, 0, tzinfo=TZ), tick=False):
        _record(world, settled=True)
        _record(world, settled=True)
        escalated = _record(world, settled=False)
        desk_complaint_escalate(actor=world.clerk_a, complaint=escalated)
        make_order(world, source=Source.ONSITE)  # a handler's own on-site order
        make_order(world, source=Source.HOTLINE)  # not on site: not counted
        _record(world, settled=True, store=world.store_b, clerk=world.clerk_b)
    with time_machine.travel(dt.datetime(2025, 4, 2, 10, 0, tzinfo=TZ), tick=False):
        _record(world, settled=True)  # next month
    figures = {f.kpi: f for f in kpi.month_kpis(Store.objects.filter(pk=world.store_a.pk), 2025, 3)}
    onsite = figures[Kpi.ONSITE_RESOLVED]
    assert (onsite.numerator, onsite.denominator) == (2, 4)
    assert str(onsite.value) == "50.0"
    both = {f.kpi: f for f in kpi.month_kpis(Store.objects.all(), 2025, 3)}[Kpi.ONSITE_RESOLVED]
    assert (both.numerator, both.denominator) == (3, 5)


def test_the_clerk_settles_one_and_hands_another_over_in_a_few_taps(world, clients):
    url = reverse("complaints:desk")
    data = {"customer_number": "13912345678", "category": _service().pk,
            "description": "话费扣多了", "action_taken": "查询账单后解释", "settled": "yes"}
    response = clients.clerk_a.post(url, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "139****5678" in page and "13912345678" not in page
    data = {**data, "description": "宽带装机迟迟不来", "action_taken": "", "settled": "no",
            "escalate": "1", "demand": "本周内上门安装"}
    response = clients.clerk_a.post(url, data, follow=True)
    order = WorkOrder.objects.get()
    assert order.number in response.content.decode()
    assert "宽带装机迟迟不来" in order.description
    assert DeskComplaint.objects.filter(settled=True).count() == 1
    assert DeskComplaint.objects.get(settled=False).work_order == order


def test_a_refused_form_keeps_what_was_typed(world, clients):
    response = clients.clerk_a.post(reverse("complaints:desk"), {
        "customer_number": "1391234", "category": _service().pk, "description": "网速慢",
        "action_taken": "重启", "settled": "yes"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "网速慢" in page and "重启" in page and 'value="1391234"' in page
    assert not DeskComplaint.objects.exists()


def test_the_escalate_button_works_from_the_list_and_another_store_gets_404(world, clients):
    complaint = _record(world, settled=False)
    response = clients.clerk_b.post(reverse("complaints:desk_escalate", args=[complaint.pk]))
    assert response.status_code == 404
    response = clients.clerk_a.post(reverse("complaints:desk_escalate", args=[complaint.pk]))
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.work_order is not None


def test_the_handler_and_the_store_manager_see_the_list_masked(world, clients):
    _record(world, settled=True)
    _record(world, settled=True, store=world.store_b, clerk=world.clerk_b, number="13700000000")
    for client in (clients.ch_a, clients.sm_a):
        response = client.get(reverse("complaints:desk_list"))
        page = response.content.decode()
        assert response.status_code == 200
        assert "139****5678" in page and "137****0000" not in page
        assert page.count('data-testid="desk-row"') == 1


def test_the_duty_log_counts_the_days_desk_complaints(world, clients):
    from hallops.businessdate import business_date
    from hallops.registry import duty_log_sections

    _record(world, settled=True)
    desk_complaint_escalate(actor=world.clerk_a, complaint=_record(world, settled=False))
    _record(world, settled=True, store=world.store_b, clerk=world.clerk_b)
    sections = {s.key: c for s, c in duty_log_sections(world.store_a, business_date(store=world.store_a), None)}
    assert sections["complaints"]["desk"] == {"total": 2, "settled": 1, "escalated": 1}
