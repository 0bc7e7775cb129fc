"""Reads of tasks and of the weekly and monthly meetings, always for given stores."""

import datetime

from django.db.models import Q, QuerySet

from hallops.models import MeetingAttendee, MeetingKind, MorningMeeting
from hallops.permissions import Role

from .models import Task, TaskStatus

# Roles that read every task of their stores; the others read the tasks given to them.
READ_ALL = (Role.STORE_MANAGER, Role.DUTY_MANAGER, Role.SUPERVISOR)
# Filter values of the list's status choice (besides the statuses themselves).
OVERDUE = "overdue"
MINE = "mine"


def held_roles(acting) -> list[str]:
    """The roles the person holds in the acting store (read from the request's assignments)."""
    store_id = getattr(acting.store, "pk", None)
    return [a.role for a in acting.assignments if a.store_id == store_id and store_id]


def _for_me(user, roles) -> Q:
    return Q(assignee=user) | Q(assignee__isnull=True, assignee_role__in=list(roles))


def visible_tasks(stores, acting) -> QuerySet[Task]:
    """The tasks the acting person may open: all of their stores' for managers and the
    supervisor, else those given to them (or to a role they hold) and those they assigned."""
    tasks = Task.objects.filter(store__in=stores)
    if acting.role not in READ_ALL:
        tasks = tasks.filter(_for_me(acting.user, held_roles(acting)) | Q(assigned_by=acting.user))
    return tasks


def task_list(tasks: QuerySet[Task], *, today: datetime.date, status: str = "",
              assignee=None, priority: int | None = None, store=None, user=None,
              roles=()) -> QuerySet[Task]:
    """The list page's rows: filtered by status (a status, `overdue`, `mine` — given to `user`
    or a role of `roles` —, `all`, or empty: the open ones), person, priority and store."""
    if not status:
        tasks = tasks.filter(status=TaskStatus.OPEN)
    elif status == OVERDUE:
        tasks = tasks.filter(status=TaskStatus.OPEN, due_date__lt=today)
    elif status == MINE and user is not None:
        tasks = tasks.filter(_for_me(user, roles))
    elif status in TaskStatus.values:
        tasks = tasks.filter(status=status)
    if assignee is not None:
        tasks = tasks.filter(assignee=assignee)
    if priority:
        tasks = tasks.filter(priority=priority)
    if store is not None:
        tasks = tasks.filter(store=store)
    return (tasks.select_related("store", "assignee", "assigned_by", "closed_by")
            .order_by("status", "due_date", "-priority", "pk"))


def home_tasks(stores, user, roles, *, today: datetime.date, limit: int = 12) -> list[Task]:
    """For a home panel, in one query: the open tasks given to the person (or to a role they
    hold), and the overdue ones they assigned; soonest due first."""
    return list(
        Task.objects.filter(store__in=stores, status=TaskStatus.OPEN)
        .filter(_for_me(user, roles) | Q(assigned_by=user, due_date__lt=today))
        .select_related("assignee", "store")
        .order_by("due_date", "-priority", "pk")[:limit])


def team_meetings(store) -> QuerySet[MorningMeeting]:
    return (MorningMeeting.objects.filter(store=store)
            .exclude(kind=MeetingKind.MORNING)
            .select_related("chaired_by").order_by("-business_date", "kind"))


def meeting_people(meeting: MorningMeeting) -> list[MeetingAttendee]:
    return list(MeetingAttendee.objects.filter(meeting=meeting).select_related("user")
                .order_by("user__last_name", "user__first_name", "user__username"))


def action_items(meeting: MorningMeeting) -> QuerySet[Task]:
    return (Task.objects.filter(meeting=meeting)
            .select_related("assignee", "closed_by").order_by("due_date", "pk"))
