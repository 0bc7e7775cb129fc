"""Overdue orders notify the right people once; escalations reach the store manager's queue."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from complaints import services
from complaints.models import Escalation, Source, WorkOrder
from complaints.tasks import sla_sweep_task
from hallops.exceptions import DomainError
from hallops.models import Notification
from tests.complaints.helpers import make_order

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db
MONDAY_10 = dt.datetime(2025, 3, 3, 10, 0, tzinfo=TZ)


def _notes(user):
    return list(Notification.objects.filter(recipient=user).order_by("id"))


def test_it_warns_the_handler_then_tells_the_manager_when_overdue(world):
    with time_machine.travel(MONDAY_10, tick=False):
        order = make_order(world, source=Source.HOTLINE, category_code="bill_border")
        services.work_order_accept(actor=world.ch_a, order=order)
        services.work_order_contact(
            actor=world.ch_a, order=order, channel="phone", outcome="reached"
        )
    Notification.objects.all().delete()
    order.refresh_from_db()
    assert order.next_due_kind == "reply" and order.reply_due == MONDAY_10 + dt.timedelta(hours=24)

    with time_machine.travel(order.reply_due - dt.timedelta(minutes=90), tick=False):
        sla_sweep_task.delay()
        sla_sweep_task.delay()  # twice: still one notification
    order.refresh_from_db()
    assert order.sla_state == WorkOrder.SlaState.DUE_SOON
    assert len(_notes(world.ch_a)) == 1 and _notes(world.sm_a) == []
    assert _notes(world.ch_b) == [] and _notes(world.sm_b) == []

    with time_machine.travel(order.reply_due, tick=False):  # exactly at the deadline
        services.sla_sweep()
    assert len(_notes(world.ch_a)) == 1

    with time_machine.travel(order.reply_due + dt.timedelta(minutes=1), tick=False):
        counts = services.sla_sweep()
        services.sla_sweep()
    order.refresh_from_db()
    assert counts == {"due_soon": 0, "overdue": 1}
    assert order.sla_state == WorkOrder.SlaState.OVERDUE and order.was_overdue
    handler_notes, manager_notes = _notes(world.ch_a), _notes(world.sm_a)
    assert len(handler_notes) == 2 and len(manager_notes) == 1
    assert order.number in manager_notes[0].text
    assert manager_notes[0].level == Notification.Level.DANGER
    assert _notes(world.sm_b) == [] and _notes(world.dm_a) == []


def test_it_tells_every_handler_of_an_order_nobody_accepted(world):
    from tests import factories

    second = factories.make_user("ch_a2", role="complaint_handler", store=world.store_a)
    with time_machine.travel(MONDAY_10, tick=False):
        order = make_order(world, source=Source.HOTLINE)
    Notification.objects.all().delete()
    with time_machine.travel(order.accept_due + dt.timedelta(minutes=5), tick=False):
        services.sla_sweep()
    assert len(_notes(world.ch_a)) == 1 and len(_notes(second)) == 1
    assert len(_notes(world.sm_a)) == 1


def test_it_does_not_run_a_paused_clock(world):
    with time_machine.travel(MONDAY_10, tick=False):
        order = make_order(world, source=Source.HOTLINE)
        services.work_order_accept(actor=world.ch_a, order=order)
        services.work_order_pause(actor=world.ch_a, order=order, reason="等客户")
    Notification.objects.all().delete()
    with time_machine.travel(MONDAY_10 + dt.timedelta(days=5), tick=False):
        assert services.sla_sweep() == {"due_soon": 0, "overdue": 0}
    assert not Notification.objects.exists()


def test_it_notifies_afresh_for_the_next_deadline(world):
    with time_machine.travel(MONDAY_10, tick=False):
        order = make_order(world, source=Source.HOTLINE)
    with time_machine.travel(order.accept_due + dt.timedelta(minutes=1), tick=False):
        services.sla_sweep()
        services.work_order_accept(actor=world.ch_a, order=order)
    order.refresh_from_db()
    assert order.sla_state == WorkOrder.SlaState.OK and order.next_due_kind == "contact"
    Notification.objects.all().delete()
    with time_machine.travel(order.contact_due + dt.timedelta(minutes=1), tick=False):
        services.sla_sweep()
    assert len(_notes(world.ch_a)) == 1 and len(_notes(world.sm_a)) == 1


def test_it_escalates_an_onsite_complaint_to_the_store_manager(world, clients):
    order = make_order(world, source=Source.ONSITE)
    response = clients.dm_a.post(f"/complaints/{order.pk}/escalate/", {"reason": "客户要求找经理"})
    assert response.status_code == 302
    escalation = Escalation.objects.get(order=order)
    assert escalation.raised_by == world.dm_a and escalation.status == "open"
    order.refresh_from_db()
    assert order.is_difficult
    assert Notification.objects.filter(recipient=world.sm_a).count() == 1
    page = clients.sm_a.get("/manager/complaints/escalations/")
    assert order.number in page.content.decode() and "客户要求找经理" in page.content.decode()
    assert order.number not in clients.sm_b.get("/manager/complaints/escalations/").content.decode()
    with pytest.raises(DomainError, match="已升级至厅经理"):
        services.escalation_raise(actor=world.ch_a, order=order, reason="再次")
    response = clients.sm_a.post(
        f"/manager/complaints/escalations/{escalation.pk}/resolve/",
        {"resolution": "已当面安抚并退费"},
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == "resolved" and escalation.resolved_by == world.sm_a
    assert Notification.objects.filter(recipient=world.dm_a).exists()


def test_it_refuses_an_escalation_without_a_reason(world, clients):
    order = make_order(world)
    response = clients.ch_a.post(f"/complaints/{order.pk}/escalate/", {"reason": ""}, follow=True)
    assert response.status_code == 200
    assert not Escalation.objects.exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_it_flags_beyond_store_and_alerts_the_manager(world, clients):
    order = make_order(world)
    clients.ch_a.post(f"/complaints/{order.pk}/flag/", {"channel": "media", "note": "微博"})
    order.refresh_from_db()
    assert order.is_beyond_store and order.beyond_channel == "media"
    assert Notification.objects.filter(recipient=world.sm_a, level="danger").exists()
