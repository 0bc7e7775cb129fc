import datetime

import pytest
from django.urls import reverse

from hallops.exceptions import DomainError
from hallops.models import AuditEntry
from service.models import FollowUp, Violation
from service.services import violation_follow_up, violation_record

from .helpers import today

TODAY = today()


def _manual(world):
    return violation_record(actor=world.dm_a, store=world.store_a, staff=world.clerk_a,
                            occurred_on=TODAY - datetime.timedelta(days=2),
                            description="离席未放暂停服务牌")


def test_a_violation_goes_from_open_to_followed_up_to_closed(world):
    violation = _manual(world)
    assert violation.state == Violation.State.OPEN
    violation_follow_up(actor=world.sm_a, violation=violation, kind=FollowUp.Kind.TALK,
                        done_on=TODAY - datetime.timedelta(days=1), note="谈话")
    violation.refresh_from_db()
    assert violation.state == Violation.State.FOLLOWING_UP and violation.closed_at is None
    violation_follow_up(actor=world.sm_a, violation=violation, kind=FollowUp.Kind.RECHECK,
                        done_on=TODAY, note="复查合格", closes=True)
    violation.refresh_from_db()
    assert violation.state == Violation.State.CLOSED and violation.closed_at is not None
    with pytest.raises(DomainError, match="already closed"):
        violation_follow_up(actor=world.sm_a, violation=violation, kind=FollowUp.Kind.TALK,
                            done_on=TODAY, note="again")
    assert AuditEntry.objects.filter(action="violation.followed_up").count() == 2
    assert AuditEntry.objects.filter(action="violation.recorded").count() == 1


def test_a_follow_up_is_not_before_the_violation_nor_in_the_future(world):
    violation = _manual(world)
    with pytest.raises(DomainError, match="before the violation"):
        violation_follow_up(actor=world.sm_a, violation=violation, kind=FollowUp.Kind.TALK,
                            done_on=TODAY - datetime.timedelta(days=5), note="x")
    with pytest.raises(DomainError, match="future"):
        violation_follow_up(actor=world.sm_a, violation=violation, kind=FollowUp.Kind.TALK,
                            done_on=TODAY + datetime.timedelta(days=2), note="x")
    with pytest.raises(DomainError, match="what was done"):
        violation_follow_up(actor=world.sm_a, violation=violation, kind=FollowUp.Kind.TALK,
                            done_on=TODAY, note="  ")
    assert not FollowUp.objects.exists()


def test_a_violation_by_hand_needs_staff_of_the_store_and_a_description(world):
    with pytest.raises(DomainError, match="staff"):
        violation_record(actor=world.dm_a, store=world.store_a, staff=world.clerk_b,
                         occurred_on=TODAY, description="x")
    with pytest.raises(DomainError, match="Describe"):
        violation_record(actor=world.dm_a, store=world.store_a, staff=world.clerk_a,
                         occurred_on=TODAY, description=" ")
    assert not Violation.objects.exists()


def test_the_register_page_enters_and_follows_up(world, clients):
    response = clients.dm_a.post(reverse("service:violation_new"), {
        "staff": world.clerk_a.pk, "occurred_on": TODAY.isoformat(), "item": "",
        "description": "与客户争吵"})
    violation = Violation.objects.get()
    assert response.status_code == 302 and violation.source == Violation.Source.MANUAL
    response = clients.dm_a.post(reverse("service:violation_new"), {
        "staff": world.clerk_a.pk, "occurred_on": "2026-13-45", "description": "x"})
    assert response.status_code == 400 and Violation.objects.count() == 1
    response = clients.sm_a.post(reverse("service:violation_follow", args=[violation.pk]), {
        "kind": "training", "done_on": TODAY.isoformat(), "note": "服务礼仪培训",
        "closes": "on"})
    assert response.status_code == 302
    violation.refresh_from_db()
    assert violation.state == Violation.State.CLOSED
    page = clients.sm_a.get(reverse("service:violation", args=[violation.pk])).content.decode()
    assert "服务礼仪培训" in page and "与客户争吵" in page
    listed = clients.sm_a.get(reverse("service:violations"), {"state": "closed"}).content.decode()
    assert "与客户争吵" in listed
    assert "与客户争吵" not in clients.sm_a.get(reverse("service:violations"),
                                                {"state": "open"}).content.decode()
    assert clients.sm_b.get(reverse("service:violation", args=[violation.pk])).status_code == 404
