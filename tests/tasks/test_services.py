"""Tasks (领导交办): the services' rules, audit and notifications; the overdue sweep."""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from hallops.exceptions import DomainError
from hallops.models import AuditEntry, MeetingAttendee, MeetingKind, Notification
from hallops.permissions import Role
from hallops.scoping import all_stores
from tasks import services
from tasks.models import Task, TaskPriority, TaskStatus
from tasks.tasks import task_overdue_notify_task
from tests import factories
from tests.tasks.factories import business_today, make_meeting, make_task


@pytest.fixture(autouse=True)
def _english():
    """Refusals matched by their English text."""
    with translation.override("en"):
        yield


def _in(days: int) -> dt.date:
    return business_today() + dt.timedelta(days=days)


def _assign(world, **kwargs) -> Task:
    args = {"actor": world.sm_a, "store": world.store_a, "title": "更新宣传海报",
            "due_date": _in(2), "priority": TaskPriority.HIGH, "assignee": world.clerk_a}
    args.update(kwargs)
    return services.task_assign(**args)


def test_it_assigns_a_task_to_a_person_with_audit_and_a_notification(world):
    task = _assign(world, details="门口两张")
    assert task.status == TaskStatus.OPEN and task.assigned_by == world.sm_a
    entry = AuditEntry.objects.get(action="task.assigned")
    assert entry.store == world.store_a and entry.object_id == str(task.pk)
    note = Notification.objects.get(recipient=world.clerk_a)
    assert "更新宣传海报" in note.text and f"/tasks/{task.pk}/" == note.url


def test_it_assigns_to_a_role_and_tells_every_holder(world):
    second = factories.make_user("clerk_a2", role=Role.CLERK, store=world.store_a)
    task = _assign(world, assignee=None, assignee_role=Role.CLERK)
    assert task.assignee is None and task.assignee_role == Role.CLERK
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        world.clerk_a.pk, second.pk}


def test_the_supervisor_assigns_in_the_region_only(world):
    task = _assign(world, actor=world.supervisor)
    assert task.assigned_by == world.supervisor
    with pytest.raises(DomainError, match="Only the store manager"):
        _assign(world, actor=world.supervisor, store=world.store_b, assignee=world.clerk_b)
    with pytest.raises(DomainError, match="Only the store manager"):
        _assign(world, actor=world.dm_a)
    with pytest.raises(DomainError, match="Only the store manager"):
        _assign(world, actor=world.sm_b)


@pytest.mark.parametrize("kwargs, match", [
    ({"due_date": "past"}, "cannot be in the past"),
    ({"due_date": "far"}, "too far ahead"),
    ({"title": "   "}, "Please give"),
    ({"assignee": None}, "one person or to one role"),
    ({"assignee_role": Role.CLERK}, "one person or to one role"),
    ({"assignee": None, "assignee_role": Role.SUPERVISOR}, "roles of a store"),
    ({"assignee": "other store"}, "does not work in this store"),
    ({"priority": 9}, "Choose a priority"),
])
def test_it_refuses_a_bad_assignment_and_saves_nothing(world, kwargs, match):
    kwargs = dict(kwargs)
    if kwargs.get("due_date") == "past":
        kwargs["due_date"] = _in(-1)
    if kwargs.get("due_date") == "far":
        kwargs["due_date"] = _in(400)
    if kwargs.get("assignee") == "other store":
        kwargs["assignee"] = world.clerk_b
    with pytest.raises(DomainError, match=match):
        _assign(world, **kwargs)
    assert not Task.objects.exists() and not AuditEntry.objects.filter(action="task.assigned").exists()


def test_a_due_date_of_today_is_accepted(world):
    assert _assign(world, due_date=_in(0)).due_date == business_today()


def test_the_assignee_completes_it_with_a_note_and_the_assigner_is_told(world):
    task = _assign(world)
    services.task_complete(actor=world.clerk_a, task=task, note="已更换")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.closed_by == world.clerk_a
    assert task.outcome == "已更换" and task.closed_at is not None
    assert AuditEntry.objects.filter(action="task.completed", actor=world.clerk_a).exists()
    assert Notification.objects.filter(recipient=world.sm_a, message_id=services.TASK_DONE).exists()


def test_one_holder_of_the_role_completes_a_role_task_and_is_recorded(world):
    task = _assign(world, assignee=None, assignee_role=Role.DUTY_MANAGER)
    with pytest.raises(DomainError, match="Only the person the task is assigned to"):
        services.task_complete(actor=world.clerk_a, task=task)
    services.task_complete(actor=world.dm_a, task=task, note="")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.closed_by == world.dm_a


def test_only_the_assignee_completes_or_declines(world):
    task = _assign(world)
    for actor in (world.sm_a, world.dm_a, world.clerk_b):
        with pytest.raises(DomainError, match="Only the person the task is assigned to"):
            services.task_complete(actor=actor, task=task, note="x")
        with pytest.raises(DomainError, match="Only the person the task is assigned to"):
            services.task_decline(actor=actor, task=task, reason="x")
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_declining_needs_a_reason(world):
    task = _assign(world)
    with pytest.raises(DomainError, match="Please give"):
        services.task_decline(actor=world.clerk_a, task=task, reason="  ")
    services.task_decline(actor=world.clerk_a, task=task, reason="缺少物料")
    task.refresh_from_db()
    assert task.status == TaskStatus.DECLINED and task.outcome == "缺少物料"
    assert Notification.objects.filter(recipient=world.sm_a,
                                       message_id=services.TASK_DECLINED).exists()


def test_only_the_assigner_cancels(world):
    task = _assign(world, actor=world.supervisor)
    for actor in (world.sm_a, world.clerk_a):
        with pytest.raises(DomainError, match="Only the person who assigned"):
            services.task_cancel(actor=actor, task=task)
    services.task_cancel(actor=world.supervisor, task=task, reason="不再需要")
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED and task.closed_by == world.supervisor
    assert AuditEntry.objects.filter(action="task.cancelled").exists()


@pytest.mark.parametrize("first", ["complete", "decline", "cancel"])
def test_a_closed_task_is_locked(world, first):
    task = _assign(world)
    {"complete": lambda: services.task_complete(actor=world.clerk_a, task=task, note="好"),
     "decline": lambda: services.task_decline(actor=world.clerk_a, task=task, reason="不行"),
     "cancel": lambda: services.task_cancel(actor=world.sm_a, task=task)}[first]()
    task.refresh_from_db()
    before = (task.status, task.outcome, task.closed_by_id)
    with pytest.raises(DomainError, match="already closed"):
        services.task_complete(actor=world.clerk_a, task=task, note="again")
    with pytest.raises(DomainError, match="already closed"):
        services.task_decline(actor=world.clerk_a, task=task, reason="again")
    with pytest.raises(DomainError, match="already closed"):
        services.task_cancel(actor=world.sm_a, task=task)
    task.refresh_from_db()
    assert (task.status, task.outcome, task.closed_by_id) == before


def test_the_overdue_sweep_tells_both_sides_once(world):
    role_task = make_task(world, assignee_role=Role.DUTY_MANAGER, due_in=1)
    person_task = make_task(world, due_in=1)
    done = make_task(world, due_in=0, status=TaskStatus.DONE)
    later = make_task(world, due_in=5)
    with all_stores("task_overdue"):
        assert services.task_overdue_notify() == 0  # due tomorrow: not yet
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=2), tick=False):
        assert task_overdue_notify_task() == 2
        assert task_overdue_notify_task() == 0  # idempotent
    notes = Notification.objects.filter(message_id=services.TASK_OVERDUE)
    assert sorted(notes.values_list("recipient__username", flat=True)) == sorted(
        [world.dm_a.username, world.sm_a.username, world.clerk_a.username, world.sm_a.username])
    for task in (role_task, person_task):
        task.refresh_from_db()
        assert task.overdue_notified_at is not None
    for task in (done, later):
        task.refresh_from_db()
        assert task.overdue_notified_at is None
    assert AuditEntry.objects.filter(action="task.overdue_notified").count() == 2
    # Raised as the task-overdue event: its other channels (e-mail, group robots) follow routes.
    from hallops.models import Event, EventCode

    assert Event.objects.filter(code=EventCode.TASK_OVERDUE).count() == 2


@pytest.mark.scopes_enforced
def test_the_overdue_sweep_reads_nothing_outside_a_scope(world):
    from hallops.scoping import ScopeError

    make_task(world, due_in=0)
    with pytest.raises(ScopeError):
        services.task_overdue_notify(today=_in(5))


# Weekly and monthly meetings ---------------------------------------------------------------

def test_a_weekly_meeting_lists_the_store_and_who_was_there(world):
    meeting = services.team_meeting_record(
        actor=world.sm_a, store=world.store_a, kind=MeetingKind.WEEKLY, day=_in(0),
        agenda="本周业绩复盘", present_ids=[world.clerk_a.pk, world.dm_a.pk])
    present = dict(MeetingAttendee.objects.filter(meeting=meeting)
                   .values_list("user__username", "present"))
    assert present[world.clerk_a.username] and present[world.dm_a.username]
    assert present[world.ch_a.username] is False and world.clerk_b.username not in present
    services.team_meeting_update(actor=world.sm_a, meeting=meeting, agenda="复盘",
                                 minutes="决定：周五前完成海报", present_ids=[world.ch_a.pk])
    meeting.refresh_from_db()
    assert meeting.minutes.startswith("决定")
    assert list(MeetingAttendee.objects.filter(meeting=meeting, present=True)
                .values_list("user", flat=True)) == [world.ch_a.pk]
    assert AuditEntry.objects.filter(action="team_meeting.updated").exists()


def test_a_weekly_meeting_and_the_morning_meeting_share_a_day(world):
    from hallops.services.meetings import meeting_record

    morning = meeting_record(actor=world.dm_a, store=world.store_a, day=_in(0))
    weekly = services.team_meeting_record(actor=world.sm_a, store=world.store_a,
                                          kind=MeetingKind.WEEKLY, day=_in(0), agenda="周会")
    assert morning.pk != weekly.pk and morning.kind == MeetingKind.MORNING
    from hallops.selectors.meetings import meeting_for_day
    assert meeting_for_day(world.store_a, _in(0)) == morning
    with pytest.raises(DomainError, match="already such a meeting"):
        services.team_meeting_record(actor=world.sm_a, store=world.store_a,
                                     kind=MeetingKind.WEEKLY, day=_in(0), agenda="again")
    with pytest.raises(DomainError, match="weekly or a monthly"):
        services.team_meeting_record(actor=world.sm_a, store=world.store_a,
                                     kind=MeetingKind.MORNING, day=_in(1), agenda="x")
    with pytest.raises(DomainError, match="Only people of this store"):
        services.team_meeting_record(actor=world.sm_a, store=world.store_a,
                                     kind=MeetingKind.MONTHLY, day=_in(0), agenda="x",
                                     present_ids=[world.clerk_b.pk])


def test_action_items_of_a_meeting_become_tasks(world):
    meeting = make_meeting(world)
    task = _assign(world, meeting=meeting, assignee=None, assignee_role=Role.CLERK)
    assert list(meeting.action_items.all()) == [task]
    services.task_complete(actor=world.clerk_a, task=task, note="完成")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.meeting == meeting
    with pytest.raises(DomainError, match="Action items belong"):
        _assign(world, meeting=make_meeting(world, store=world.store_b))
