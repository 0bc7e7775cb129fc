import datetime

from django.utils import timezone

from hallops.models import MeetingKind, MorningMeeting
from tasks.models import Task, TaskStatus


def make_task(world, *, store=None, assignee=None, assignee_role="", assigned_by=None,
              due_in: int = 3, status=TaskStatus.OPEN, title="整理宣传台", **fields) -> Task:
    store = store or world.store_a
    if assignee is None and not assignee_role:
        assignee = world.clerk_a if store == world.store_a else world.clerk_b
    closed = {} if status == TaskStatus.OPEN else {"closed_at": timezone.now()}
    return Task.objects.create(
        store=store, title=title, due_date=business_today() + datetime.timedelta(days=due_in),
        assigned_by=assigned_by or (world.sm_a if store == world.store_a else world.sm_b),
        assignee=assignee, assignee_role=assignee_role, status=status, **closed, **fields)


def make_meeting(world, *, store=None, kind=MeetingKind.WEEKLY, chair=None) -> MorningMeeting:
    store = store or world.store_a
    return MorningMeeting.objects.create(
        store=store, kind=kind, business_date=business_today(),
        chaired_by=chair or (world.sm_a if store == world.store_a else world.sm_b),
        held_at=timezone.now(), agenda="本周业绩复盘")


def business_today() -> datetime.date:
    """Today as the services count it: the business date (yesterday's until 05:00)."""
    from types import SimpleNamespace

    from hallops.businessdate import business_date

    return business_date(store=SimpleNamespace(day_starts_at=datetime.time(5)))
