"""Callbacks (回访) that bite: a due time per source, a queue, no-answer retries up to a cap,
an unsatisfied customer reopening and escalating the order, overdue callbacks flagged."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from complaints import services
from complaints.models import CallbackPolicy, Escalation, OrderEvent, Source, WorkOrder
from complaints.tasks import sla_sweep_task
from hallops.exceptions import DomainError
from hallops.models import AuditEntry, Notification
from tests.complaints.helpers import make_order

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db
MONDAY_10 = dt.datetime(2025, 3, 3, 10, 0, tzinfo=TZ)
NO_ANSWER = WorkOrder.CallbackResult.NO_ANSWER


def _replied(world, *, at=MONDAY_10, source=Source.ONSITE, number="13812345678", **kw):
    actor = kw.get("actor") or world.ch_a
    with time_machine.travel(at, tick=False):
        order = make_order(world, source=source, number=number, **kw)
        services.work_order_accept(actor=actor, order=order)
        services.work_order_contact(
            actor=actor, order=order, channel="phone", outcome="reached"
        )
        services.work_order_reply(
            actor=actor, order=order, result="已处理", cause="系统原因", company_at_fault=False
        )
    order.refresh_from_db()
    return order


def _callback(world, order, result, at):
    with time_machine.travel(at, tick=False):
        services.work_order_callback(actor=world.ch_a, order=order, result=result)
    order.refresh_from_db()
    return order


def test_it_seeds_a_policy_per_source():
    assert set(CallbackPolicy.objects.values_list("source", flat=True)) == set(Source.values)
    assert CallbackPolicy.objects.get(source=Source.APPEAL).due_hours == 12


def test_it_sets_the_callback_due_time_from_the_sources_policy(world):
    CallbackPolicy.objects.filter(source=Source.HOTLINE).update(due_hours=6)
    onsite = _replied(world)
    hotline = _replied(world, source=Source.HOTLINE, category_code="bill_border")
    assert onsite.callback_due == MONDAY_10 + dt.timedelta(hours=24)
    assert hotline.callback_due == MONDAY_10 + dt.timedelta(hours=6)
    assert onsite.callback_attempts == 0


def test_it_schedules_retries_when_nobody_answers_and_stops_at_the_cap(world):
    CallbackPolicy.objects.filter(source=Source.ONSITE).update(max_attempts=3, retry_hours=4)
    order = _replied(world)
    first = MONDAY_10 + dt.timedelta(hours=20)
    order = _callback(world, order, NO_ANSWER, first)
    assert order.status == WorkOrder.Status.REPLIED
    assert order.callback_attempts == 1
    assert order.callback_due == first + dt.timedelta(hours=4)
    assert order.callback_result == ""

    second = first + dt.timedelta(hours=5)  # a retry made late still schedules the next
    order = _callback(world, order, NO_ANSWER, second)
    assert order.callback_attempts == 2 and order.callback_due == second + dt.timedelta(hours=4)

    third = second + dt.timedelta(hours=1)
    order = _callback(world, order, NO_ANSWER, third)
    assert order.callback_attempts == 3
    assert order.callback_due is None
    assert order.status == WorkOrder.Status.CALLED_BACK
    assert order.callback_result == ""  # no verdict: not counted as satisfied nor unsatisfied
    assert order.callbacks.filter(result=NO_ANSWER).count() == 3
    actions = list(
        AuditEntry.objects.filter(action__startswith="work_order.callback").values_list(
            "action", flat=True
        ).order_by("id")
    )
    assert actions == [
        "work_order.callback_unanswered",
        "work_order.callback_unanswered",
        "work_order.callback_given_up",
    ]
    with pytest.raises(DomainError, match="只有已回单的工单才能回访"):
        services.work_order_callback(actor=world.ch_a, order=order, result=NO_ANSWER)
    # Out of the callback queue, still closable.
    assert order not in services_queue(world)
    services.work_order_close(actor=world.ch_a, order=order)


def services_queue(world):
    from complaints.selectors import callback_queue

    return list(callback_queue(world.store_a))


def test_it_reopens_and_escalates_an_unsatisfied_customer(world):
    order = _replied(world)
    Notification.objects.all().delete()
    order = _callback(
        world, order, WorkOrder.CallbackResult.UNSATISFIED, MONDAY_10 + dt.timedelta(hours=3)
    )
    assert order.status == WorkOrder.Status.IN_PROGRESS
    assert order.reopen_count == 1 and order.is_difficult
    assert order.callback_result == WorkOrder.CallbackResult.UNSATISFIED
    escalation = Escalation.objects.get(order=order)
    assert escalation.status == Escalation.Status.OPEN
    assert Notification.objects.filter(recipient=world.sm_a).count() == 1
    assert not Notification.objects.filter(recipient=world.sm_b).exists()
    codes = set(AuditEntry.objects.filter(object_id=str(order.pk)).values_list("action", flat=True))
    assert {"work_order.called_back", "work_order.reopened", "escalation.raised"} <= codes
    # Replied again: a fresh callback clock.
    with time_machine.travel(MONDAY_10 + dt.timedelta(hours=5), tick=False):
        services.work_order_reply(
            actor=world.ch_a, order=order, result="再次处理", cause="系统原因",
            company_at_fault=False,
        )
    order.refresh_from_db()
    assert order.callback_due == MONDAY_10 + dt.timedelta(hours=29)


def test_it_follows_the_policy_when_unsatisfied_needs_no_reopening(world):
    CallbackPolicy.objects.filter(source=Source.ONSITE).update(
        reopen_unsatisfied=False, escalate_unsatisfied=False
    )
    order = _replied(world)
    order = _callback(
        world, order, WorkOrder.CallbackResult.UNSATISFIED, MONDAY_10 + dt.timedelta(hours=3)
    )
    assert order.status == WorkOrder.Status.CALLED_BACK and order.reopen_count == 0
    assert not Escalation.objects.filter(order=order).exists()


def test_a_satisfied_customer_ends_the_callback(world):
    order = _replied(world)
    order = _callback(
        world, order, WorkOrder.CallbackResult.SATISFIED, MONDAY_10 + dt.timedelta(hours=3)
    )
    assert order.status == WorkOrder.Status.CALLED_BACK and order.callback_due is None
    assert order.callback_attempts == 1


def test_the_sweep_flags_an_overdue_callback_once(world):
    order = _replied(world)
    Notification.objects.all().delete()
    with time_machine.travel(order.callback_due, tick=False):  # due, not yet overdue
        assert services.callback_sweep() == {"callback_overdue": 0}
    with time_machine.travel(order.callback_due + dt.timedelta(minutes=1), tick=False):
        result = sla_sweep_task()
        sla_sweep_task()
    assert result["callback_overdue"] == 1
    notes = Notification.objects.filter(recipient=world.ch_a)
    assert notes.count() == 1 and notes.get().level == Notification.Level.DANGER
    event = OrderEvent.objects.get(order=order, kind=OrderEvent.Kind.SLA)
    assert event.note == "callback:overdue" and event.display_note != event.note
    # A retry sets a new due time: that one is flagged again when missed.
    order = _callback(world, order, NO_ANSWER, order.callback_due + dt.timedelta(hours=1))
    with time_machine.travel(order.callback_due + dt.timedelta(minutes=1), tick=False):
        assert services.callback_sweep() == {"callback_overdue": 1}
    assert Notification.objects.filter(recipient=world.ch_a).count() == 2


def test_the_callback_queue_puts_overdue_first(world, clients):
    late = _replied(world, number="13800000001", at=MONDAY_10 - dt.timedelta(days=2))
    soon = _replied(world, number="13800000002", at=MONDAY_10 - dt.timedelta(hours=20))
    later = _replied(world, number="13800000003", at=MONDAY_10)
    _replied(world, number="13800000004", store=world.store_b, actor=world.ch_b)
    _replied(world, number="13800000005")
    last = WorkOrder.objects.get(customer_number="13800000005")
    services.work_order_callback(
        actor=world.ch_a, order=last, result=WorkOrder.CallbackResult.SATISFIED
    )
    with time_machine.travel(MONDAY_10 + dt.timedelta(hours=1), tick=False):
        response = clients.ch_a.get(reverse("complaint_handler:callbacks"))
    assert response.status_code == 200
    assert [o.pk for o in response.context["page"]] == [late.pk, soon.pk, later.pk]
    body = response.content.decode()
    assert body.count('data-testid="callback-row"') == 3
    assert "data-deadline" in body
    assert "13800000001" not in body  # masked


def test_the_callback_queue_reads_in_chinese_and_english(world, clients):
    order = _replied(world)
    services.work_order_callback(actor=world.ch_a, order=order, result=NO_ANSWER)
    url = reverse("complaint_handler:callbacks")
    zh = clients.ch_a.get(url).content.decode()
    assert "回访队列" in zh and "回访时限" in zh
    clients.ch_a.cookies["hallops_language"] = "en"
    en = clients.ch_a.get(url).content.decode()
    assert "Callback queue" in en and "Call back by" in en
    page = clients.ch_a.get(reverse("complaints:order", args=[order.pk])).content.decode()
    assert 'data-testid="callback-due"' in page and "1 attempt without an answer" in page
