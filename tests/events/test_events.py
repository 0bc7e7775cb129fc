"""Urgent events: raised once per key, routed by role and channel, sent to e-mail and to a local
group-robot receiver with retries and backoff, secrets never logged or audited."""

import json
import logging

import pytest
from django.core import mail
from django.urls import reverse

from hallops.events import emit
from hallops.models import (
    AuditEntry,
    Channel,
    Delivery,
    DeliveryStatus,
    Event,
    EventCode,
    Incident,
    IncidentKind,
    Notification,
    NotificationRoute,
    WebhookEndpoint,
    WebhookKind,
)
from hallops.permissions import Role
from hallops.services.deliveries import backoff
from hallops.services.incidents import incident_end, incident_start
from hallops.tasks import deliver_task
from tests.events.receiver import Receiver, closed_port

KEY = "SECRET-ROBOT-KEY-12345"


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def robot(store=None, *, url, kind=WebhookKind.WECOM, region=None, secret=""):
    return WebhookEndpoint.objects.create(name="厅值班群", kind=kind, url=url, store=store,
                                          region=region, secret=secret)


def start(world, commit, summary="全厅停电"):
    with commit(execute=True):
        return incident_start(actor=world.dm_a, store=world.store_a,
                              kind=IncidentKind.POWER_OUTAGE, summary=summary)


def test_it_records_an_event_once_per_key(world, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            emit(EventCode.INCIDENT_STARTED, store=world.store_a, key="42",
                 params={"store": "A", "summary": "停电", "started": "09:00"})
    assert Event.objects.count() == 1
    assert Notification.objects.filter(recipient=world.sm_a).count() == 1
    assert Notification.objects.filter(recipient=world.dm_a).count() == 1
    assert Delivery.objects.filter(channel=Channel.IN_APP,
                                   status=DeliveryStatus.SENT).count() == 2
    # Another store's managers hear nothing of store A's incident.
    assert not Notification.objects.filter(recipient__in=[world.sm_b, world.dm_b]).exists()


def test_the_robot_gets_the_json_in_chinese(world, receiver, django_capture_on_commit_callbacks):
    robot(world.store_a, url=receiver.url())
    robot(world.store_b, url=receiver.url("/other?key=B"))  # another store's robot: silent
    incident = start(world, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1
    sent = receiver.requests[0]
    assert sent["path"] == f"/cgi-bin/webhook/send?key={KEY}"
    assert sent["json"]["msgtype"] == "text"
    content = sent["json"]["text"]["content"]
    assert "突发事件" in content and "全厅停电" in content and world.store_a.name in content
    delivery = Delivery.objects.get(channel=Channel.WEBHOOK)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    # Ending it is another event: one more message, and ending is not raised twice.
    with django_capture_on_commit_callbacks(execute=True):
        incident_end(actor=world.dm_a, incident=incident)
    assert len(receiver.requests) == 2
    assert "结束" in receiver.requests[1]["json"]["text"]["content"]


def test_a_region_robot_hears_every_store_of_its_region(world, receiver,
                                                          django_capture_on_commit_callbacks):
    robot(region=world.store_a.region, url=receiver.url(), kind=WebhookKind.DINGTALK,
          secret="SEC-SIGNING-SECRET")
    start(world, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1
    path = receiver.requests[0]["path"]
    assert "timestamp=" in path and "sign=" in path  # DingTalk's signature
    assert "SEC-SIGNING-SECRET" not in path


def test_a_failing_robot_is_retried_with_backoff_then_failed_and_the_action_stands(
        world, clients, django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.DEBUG)
    failing = Receiver(status=500)
    try:
        robot(world.store_a, url=failing.url())
        with django_capture_on_commit_callbacks(execute=True):
            response = clients.dm_a.post(reverse("duty_manager:incidents"), {
                "kind": IncidentKind.POWER_OUTAGE, "summary": "系统中断"})
        incident = Incident.objects.get(store=world.store_a)
        assert response.status_code == 302
        assert response["Location"] == reverse("duty_manager:incident", args=[incident.pk])
        assert len(failing.requests) == Delivery.MAX_ATTEMPTS
        delivery = Delivery.objects.get(channel=Channel.WEBHOOK)
        assert delivery.status == DeliveryStatus.FAILED
        assert delivery.attempts == Delivery.MAX_ATTEMPTS
        assert delivery.last_error == "HTTP 500"
        assert [h["retry_in"] for h in delivery.history] == [30, 60, 120, 240, 0]
        assert [backoff(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
        # The in-app notice went out with the action.
        assert Notification.objects.filter(recipient=world.sm_a).count() == 1
        # A copy of the message (redelivery) sends nothing more.
        assert deliver_task.apply(args=[delivery.pk, 0]).get() == "skip"
        assert len(failing.requests) == Delivery.MAX_ATTEMPTS
    finally:
        failing.close()
    assert KEY not in caplog.text


def test_a_robot_that_refuses_connections_fails_without_leaking_its_key(
        world, django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.DEBUG)
    robot(world.store_a, url=f"http://127.0.0.1:{closed_port()}/robot/send?access_token={KEY}",
          kind=WebhookKind.DINGTALK)
    incident = start(world, django_capture_on_commit_callbacks)
    assert Incident.objects.filter(pk=incident.pk).exists()
    delivery = Delivery.objects.get(channel=Channel.WEBHOOK)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == Delivery.MAX_ATTEMPTS
    assert delivery.last_error.startswith("connection failed")
    stored = json.dumps([delivery.last_error, delivery.history])
    assert KEY not in stored
    assert KEY not in caplog.text
    for entry in AuditEntry.objects.all():
        assert KEY not in json.dumps([entry.before, entry.after, entry.object_repr, entry.reason])


def test_the_robot_accepting_http_but_refusing_the_message_is_a_failure(
        world, django_capture_on_commit_callbacks):
    refusing = Receiver(answer={"errcode": 93000, "errmsg": "invalid webhook url"})
    try:
        robot(world.store_a, url=refusing.url())
        start(world, django_capture_on_commit_callbacks)
    finally:
        refusing.close()
    delivery = Delivery.objects.get(channel=Channel.WEBHOOK)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "robot refused: errcode 93000"


def test_the_routes_decide_who_hears_on_which_channel(world, django_capture_on_commit_callbacks):
    NotificationRoute.objects.filter(event=EventCode.INCIDENT_STARTED,
                                     role=Role.DUTY_MANAGER).update(is_active=False)
    NotificationRoute.objects.create(event=EventCode.INCIDENT_STARTED, role=Role.CLERK,
                                     channel=Channel.EMAIL)
    world.sm_a.email = "sm@example.com"
    world.sm_a.save()
    world.clerk_a.email = "clerk@example.com"
    world.clerk_a.save()
    start(world, django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(recipient=world.dm_a).exists()
    assert Notification.objects.filter(recipient=world.sm_a).count() == 1
    assert not Notification.objects.filter(recipient=world.clerk_a).exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["clerk@example.com", "sm@example.com"]
    assert all("突发事件" in m.subject and "全厅停电" in m.body for m in mail.outbox)
    assert Delivery.objects.filter(channel=Channel.EMAIL, status=DeliveryStatus.SENT).count() == 2


def test_a_person_without_an_address_is_skipped_and_recorded(world,
                                                             django_capture_on_commit_callbacks):
    world.sm_a.email = ""
    world.sm_a.save()
    start(world, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(channel=Channel.EMAIL, recipient=world.sm_a)
    assert delivery.status == DeliveryStatus.SKIPPED
    assert delivery.last_error == "no e-mail address"
    assert mail.outbox == []


def test_a_broken_broker_leaves_the_delivery_pending_and_the_action_committed(
        world, receiver, django_capture_on_commit_callbacks, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(deliver_task, "apply_async", down)
    robot(world.store_a, url=receiver.url())
    incident = start(world, django_capture_on_commit_callbacks)
    assert Incident.objects.filter(pk=incident.pk).exists()
    delivery = Delivery.objects.get(channel=Channel.WEBHOOK)
    assert delivery.status == DeliveryStatus.PENDING
    assert receiver.requests == []
