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
        store=store, title=title, due_date=timezone.localdate() + datetime.timedelta(days=due_in),
        assigned_by=assigned_by or (world.sm_a if store == world.store_a else world.sm_b),
        assignee=assignee, assignee_role=assignee_role, status=status, **closed, **fields)


def make_meeting(world, *, store=None, kind=MeetingKind.WEEKLY, chair=None) -> MorningMeeting:
    store = store or world.store_a
    return MorningMeeting.objects.create(
        store=store, kind=kind, business_date=timezone.localdate(),
        chaired_by=chair or (world.sm_a if store == world.store_a else world.sm_b),
        held_at=timezone.now(), agenda="本周业绩复盘")
