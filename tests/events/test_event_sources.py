"""Where urgent events come from (services, the SLA sweep, the event sweeps), and the admin of
group robots: the test button, the masked address, the read-only delivery log."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from complaints import services as complaints
from complaints.models import Source
from hallops.models import (
    AuditEntry,
    Channel,
    Delivery,
    DeliveryStatus,
    DutyLogStatus,
    Event,
    EventCode,
    Notification,
    WebhookEndpoint,
    WebhookKind,
)
from hallops.selectors.checklists import close_moment, run_rows
from hallops.services import cash as cash_svc
from hallops.services.event_sweeps import event_sweeps
from hallops.tasks import event_sweeps_task
from tests.cash.helpers import counted_till, handed_in_till, reason
from tests.complaints.helpers import make_order
from tests.dutyops.helpers import daily_run, dutylog, opinion
from tests.events.receiver import Receiver
from tests.events.test_events import KEY

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def codes(store):
    return sorted(Event.objects.filter(store=store).values_list("code", flat=True))


# -- services and sweeps ---------------------------------------------------------------------

def test_a_difference_beyond_tolerance_tells_the_store_manager_once(world):
    session = counted_till(world)  # 5 yuan short, tolerance 2
    for _ in range(2):  # explained twice with the same figures: one event
        cash_svc.till_differences_explain(actor=world.clerk_a, session=session, explanations={
            "cash": {"reason": reason(), "note": "找零多给", "destination": "made_up"}})
    assert codes(world.store_a) == [EventCode.CASH_DIFFERENCE]
    note = Notification.objects.get(recipient=world.sm_a)
    assert "超出容差" in note.text and "5.00" in note.text
    assert not Notification.objects.filter(recipient=world.sm_b).exists()


def test_the_sla_sweep_raises_pre_breach_then_breach_with_the_robot_told_once(
        world, receiver, django_capture_on_commit_callbacks):
    WebhookEndpoint.objects.create(name="投诉群", kind=WebhookKind.WECOM, url=receiver.url(),
                                   store=world.store_a)
    world.ch_a.email = "ch@example.com"
    world.ch_a.save()
    monday = dt.datetime(2025, 3, 3, 10, 0, tzinfo=TZ)
    with time_machine.travel(monday, tick=False):
        order = make_order(world, source=Source.HOTLINE, category_code="bill_border")
        complaints.work_order_accept(actor=world.ch_a, order=order)
    Notification.objects.all().delete()
    order.refresh_from_db()
    due = order.next_due_at
    with time_machine.travel(due - dt.timedelta(minutes=30), tick=False):
        complaints.sla_sweep()
    with (time_machine.travel(due + dt.timedelta(minutes=1), tick=False),
          django_capture_on_commit_callbacks(execute=True)):
        complaints.sla_sweep()
        complaints.sla_sweep()
    assert codes(world.store_a) == [EventCode.COMPLAINT_BREACH, EventCode.COMPLAINT_PRE_BREACH]
    assert len(receiver.requests) == 1  # the breach only (pre-breach has no robot route)
    assert order.number in receiver.requests[0]["json"]["text"]["content"]
    assert "已超时" in receiver.requests[0]["json"]["text"]["content"]
    email = Delivery.objects.get(channel=Channel.EMAIL, recipient=world.ch_a)
    assert email.status == DeliveryStatus.SENT
    assert Notification.objects.filter(recipient=world.ch_a).count() == 2
    assert Notification.objects.filter(recipient=world.sm_a).count() == 1  # the breach
    assert not Notification.objects.filter(recipient__in=[world.ch_b, world.sm_b]).exists()


MORNING = dt.datetime(2025, 3, 3, 10, 0, tzinfo=TZ)


def test_the_sweeps_raise_what_did_not_happen_in_time_once(world):
    with time_machine.travel(MORNING, tick=False):
        session = handed_in_till(world)
        op = opinion(world)
        log = dutylog(world)
    assert log.status == DutyLogStatus.DRAFT
    later = close_moment(world.store_a, session.business_date) + dt.timedelta(days=1, hours=16)
    first = event_sweeps(now=later)
    again = event_sweeps(now=later)
    assert first["handin_unconfirmed"] == 1 and first["opinion_overdue"] == 1
    assert first["duty_log_late"] == 1
    assert again == dict.fromkeys(again, 0)
    assert codes(world.store_a) == sorted([EventCode.CASH_DIFFERENCE,  # the till's 5 yuan
                                           EventCode.HANDIN_UNCONFIRMED,
                                           EventCode.OPINION_OVERDUE, EventCode.DUTY_LOG_LATE])
    texts = [n.text for n in Notification.objects.filter(recipient=world.dm_a)]
    assert any("B1" in t and "未确认" in t for t in texts)
    assert any("值班经理日志" in t for t in texts)
    assert Event.objects.get(code=EventCode.OPINION_OVERDUE).key.endswith(str(op.pk))
    assert codes(world.store_b) == []


def test_nothing_is_raised_before_its_deadline(world):
    with time_machine.travel(MORNING, tick=False):
        session = handed_in_till(world)
        opinion(world)
        dutylog(world)
    before_close = close_moment(world.store_a, session.business_date) - dt.timedelta(minutes=5)
    counts = event_sweeps(now=before_close)
    assert counts["handin_unconfirmed"] == counts["duty_log_late"] == 0
    assert counts["opinion_overdue"] == 0


def test_an_overdue_checklist_item_is_raised_once(world):
    with time_machine.travel(MORNING, tick=False):
        run = daily_run(world)
    now = close_moment(world.store_a, run.business_date) - dt.timedelta(minutes=1)
    overdue = [r for r in run_rows(run, now) if r.state == "overdue"]
    assert overdue, "the daily checklist has items due before closing"
    assert event_sweeps(now=now)["checklist_overdue"] == len(overdue)
    assert event_sweeps(now=now)["checklist_overdue"] == 0
    assert Notification.objects.filter(recipient=world.dm_a).count() == len(overdue)


@pytest.mark.scopes_enforced
def test_the_beat_job_runs_in_its_named_scope(world):
    counts = event_sweeps_task.apply().get()
    assert set(counts) == {"handin_unconfirmed", "checklist_overdue", "opinion_overdue",
                           "duty_log_late", "resent"}


# -- the admin -------------------------------------------------------------------------------

def test_the_admin_test_button_sends_and_shows_no_key(world, admin_client, receiver):
    robot = WebhookEndpoint.objects.create(name="和平路群", kind=WebhookKind.WECOM,
                                           url=receiver.url(), store=world.store_a)
    changelist = reverse("admin:hallops_webhookendpoint_changelist")
    page = admin_client.get(changelist)
    assert page.status_code == 200
    content = page.content.decode()
    assert KEY not in content and "key=***" in content
    change = admin_client.get(reverse("admin:hallops_webhookendpoint_change", args=[robot.pk]))
    assert KEY not in change.content.decode()
    response = admin_client.post(changelist, {"action": "send_test_message",
                                              "_selected_action": [robot.pk]}, follow=True)
    assert "测试消息已发送" in response.content.decode()
    assert len(receiver.requests) == 1
    assert "测试消息" in receiver.requests[0]["json"]["text"]["content"]
    entry = AuditEntry.objects.get(action="webhook.tested")
    assert entry.after["sent"] is True
    assert KEY not in json.dumps([entry.after, entry.object_repr])


def test_a_failing_test_shows_the_masked_error(world, admin_client):
    failing = Receiver(status=500)
    try:
        robot = WebhookEndpoint.objects.create(name="坏群", kind=WebhookKind.DINGTALK,
                                               url=failing.url(), store=world.store_a)
        response = admin_client.post(reverse("admin:hallops_webhookendpoint_changelist"), {
            "action": "send_test_message", "_selected_action": [robot.pk]}, follow=True)
    finally:
        failing.close()
    content = response.content.decode()
    assert "测试消息发送失败" in content and "HTTP 500" in content
    assert KEY not in content


def test_editing_a_robot_keeps_its_key_unless_a_new_one_is_given(world, admin_client):
    robot = WebhookEndpoint.objects.create(
        name="群", kind=WebhookKind.DINGTALK, url=f"https://oapi.dingtalk.com/robot/send?"
        f"access_token={KEY}", secret="SEC123", store=world.store_a)
    url = reverse("admin:hallops_webhookendpoint_change", args=[robot.pk])
    response = admin_client.post(url, {"name": "新群名", "kind": WebhookKind.DINGTALK, "url": "",
                                       "secret": "", "store": world.store_a.pk, "region": "",
                                       "is_active": "on"})
    assert response.status_code == 302
    robot.refresh_from_db()
    assert (robot.name, robot.secret) == ("新群名", "SEC123")
    assert KEY in robot.url
    # Both a store and a region: refused, nothing changed.
    response = admin_client.post(url, {"name": "x", "kind": WebhookKind.WECOM, "url": "",
                                       "store": world.store_a.pk,
                                       "region": world.store_a.region.pk})
    assert response.status_code == 200
    robot.refresh_from_db()
    assert robot.name == "新群名"


def test_the_delivery_log_is_read_only(world, admin_client):
    assert admin_client.get(reverse("admin:hallops_delivery_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:hallops_delivery_add")).status_code == 403


def test_a_robot_is_added_with_its_url_and_a_bad_url_is_refused(world, admin_client):
    add = reverse("admin:hallops_webhookendpoint_add")
    refused = admin_client.post(add, {"name": "群", "kind": WebhookKind.WECOM, "url": "",
                                      "store": world.store_a.pk, "region": "",
                                      "is_active": "on"})
    assert refused.status_code == 200 and not WebhookEndpoint.objects.exists()
    response = admin_client.post(add, {
        "name": "群", "kind": WebhookKind.WECOM, "store": "", "region": world.store_a.region.pk,
        "url": f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={KEY}", "is_active": "on"})
    assert response.status_code == 302
    robot = WebhookEndpoint.objects.get()
    assert robot.url.endswith(KEY) and robot.region == world.store_a.region
    assert robot.masked_url == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***"
