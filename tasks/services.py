"""Writes of tasks (领导交办) and of the weekly and monthly meetings whose action items
become tasks. Every write is atomic and audited; refusals are DomainErrors.

Attachments (issue 12, the generic attachment model): a completion may carry files. When that
model lands, `task_complete` takes them (an `attachments=` argument) and registers them on the
task after its audit entry; the form is `tasks.forms.TaskCloseForm` (the page's form needs
enctype="multipart/form-data", templates/tasks/detail.html).
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hallops.businessdate import business_date
from hallops.events import emit
from hallops.exceptions import DomainError
from hallops.models import (
    EventCode,
    MeetingAttendee,
    MeetingKind,
    MorningMeeting,
    Notification,
    RoleAssignment,
)
from hallops.permissions import STORE_ROLES, Role
from hallops.registry import link
from hallops.services.audit import audit_record, snapshot
from hallops.services.notifications import notification_send, role_holders

from .models import Task, TaskPriority, TaskStatus

# How far ahead a due date may be set (a task is work of the coming weeks, not a plan).
MAX_DAYS_AHEAD = 366
MAX_TEXT = 4000

TASK_ASSIGNED = gettext_noop("New task for you: %(title)s (due %(due)s).")
TASK_DONE = gettext_noop("Task done: %(title)s.")
TASK_DECLINED = gettext_noop("Task declined: %(title)s.")
TASK_CANCELLED = gettext_noop("Task cancelled: %(title)s.")
TASK_OVERDUE = gettext_noop("Task overdue: %(title)s (was due %(due)s).")


def _today(store=None) -> datetime.date:
    """The store's business date (yesterday's until the business day starts, 05:00)."""
    return business_date(store=store) if store is not None else timezone.localdate()


def may_assign(actor, store) -> bool:
    """The store's manager, or the supervisor of its region."""
    return RoleAssignment.objects.filter(user=actor, is_active=True).filter(
        store=store, role=Role.STORE_MANAGER).exists() or RoleAssignment.objects.filter(
        user=actor, is_active=True, role=Role.SUPERVISOR, region_id=store.region_id).exists()


def is_assignee(task: Task, user) -> bool:
    """The person the task names, or a person holding its role in its store."""
    if task.assignee_id is not None:
        return task.assignee_id == user.pk
    return RoleAssignment.objects.filter(user=user, store_id=task.store_id,
                                         role=task.assignee_role, is_active=True).exists()


def assignees(task: Task) -> list:
    """Who is told about the task on the assignee's side."""
    if task.assignee_id is not None:
        return [task.assignee]
    return list(role_holders(store=task.store, role=task.assignee_role))


def _text(value: str, *, label: str, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("Please give %(what)s.") % {"what": label})
    if len(value) > MAX_TEXT:
        raise DomainError(_("%(what)s is too long.") % {"what": label})
    return value


def _params(task: Task) -> dict:
    return {"title": task.title[:80], "due": task.due_date.isoformat()}


@transaction.atomic
def task_assign(*, actor, store, title: str, due_date: datetime.date,
                priority: int = TaskPriority.NORMAL, details: str = "", assignee=None,
                assignee_role: str = "", meeting: MorningMeeting | None = None) -> Task:
    """Give a task to a person of the store, or to everyone holding a role there."""
    if not may_assign(actor, store):
        raise DomainError(_("Only the store manager or the region's supervisor assigns tasks."))
    title = _text(title, label=_("the task"), required=True)
    if len(title) > 200:
        raise DomainError(_("%(what)s is too long.") % {"what": _("the task")}, field="title")
    details = _text(details, label=_("the details"), required=False)
    if priority not in TaskPriority.values:
        raise DomainError(_("Choose a priority."), field="priority")
    today = _today(store)
    if due_date < today:
        raise DomainError(_("The due date cannot be in the past."), field="due_date")
    if due_date > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise DomainError(_("The due date is too far ahead."), field="due_date")
    if (assignee is None) == (not assignee_role):
        raise DomainError(_("Assign the task to one person or to one role."), field="assignee")
    if assignee is not None and not RoleAssignment.objects.filter(
            user=assignee, store=store, role__in=STORE_ROLES, is_active=True,
            user__is_active=True).exists():
        raise DomainError(_("That person does not work in this store."), field="assignee")
    if assignee_role and assignee_role not in STORE_ROLES:
        raise DomainError(_("Tasks go to the roles of a store."), field="assignee_role")
    if meeting is not None and (meeting.store_id != store.pk or meeting.kind == MeetingKind.MORNING):
        raise DomainError(_("Action items belong to a weekly or monthly meeting of this store."))
    task = Task.objects.create(
        store=store, title=title, details=details, priority=priority, due_date=due_date,
        assigned_by=actor, assignee=assignee, assignee_role=assignee_role or "", meeting=meeting)
    audit_record(actor=actor, store=store, action="task.assigned", obj=task, after=snapshot(task))
    notification_send(recipients=[u for u in assignees(task) if u.pk != actor.pk], store=store,
                      message=TASK_ASSIGNED, params=_params(task),
                      url=link("task.detail", task.pk))
    return task


def _lock_open(task: Task) -> Task:
    """The task, locked for this transaction; a closed task is locked for good."""
    locked = Task.objects.select_for_update().filter(pk=task.pk).first()
    if locked is None:
        raise DomainError(_("This task no longer exists."))
    if locked.status != TaskStatus.OPEN:
        raise DomainError(_("This task is already closed: %(status)s.")
                          % {"status": locked.get_status_display()})
    return locked


def _close(*, actor, task: Task, status: TaskStatus, outcome: str, action: str) -> Task:
    before = snapshot(task)
    task.status = status
    task.closed_by = actor
    task.closed_at = timezone.now()
    task.outcome = outcome
    task.save(update_fields=["status", "closed_by", "closed_at", "outcome"])
    audit_record(actor=actor, store=task.store, action=action, obj=task, before=before,
                 after=snapshot(task))
    return task


@transaction.atomic
def task_complete(*, actor, task: Task, note: str = "") -> Task:
    """The assignee (or one holder of the assigned role) reports the task done, with a note.
    Attachments hook in here (module docstring), after the audit entry."""
    task = _lock_open(task)
    if not is_assignee(task, actor):
        raise DomainError(_("Only the person the task is assigned to can complete it."))
    task = _close(actor=actor, task=task, status=TaskStatus.DONE,
                  outcome=_text(note, label=_("the note"), required=False),
                  action="task.completed")
    if task.assigned_by_id != actor.pk:
        notification_send(recipients=[task.assigned_by], store=task.store, message=TASK_DONE,
                          params=_params(task), url=link("task.detail", task.pk))
    return task


@transaction.atomic
def task_decline(*, actor, task: Task, reason: str) -> Task:
    """The assignee says why the task cannot be done."""
    task = _lock_open(task)
    if not is_assignee(task, actor):
        raise DomainError(_("Only the person the task is assigned to can decline it."))
    task = _close(actor=actor, task=task, status=TaskStatus.DECLINED,
                  outcome=_text(reason, label=_("the reason"), required=True),
                  action="task.declined")
    notification_send(recipients=[task.assigned_by], store=task.store, message=TASK_DECLINED,
                      params=_params(task), url=link("task.detail", task.pk),
                      level=Notification.Level.WARNING)
    return task


@transaction.atomic
def task_cancel(*, actor, task: Task, reason: str = "") -> Task:
    """The one who assigned the task withdraws it."""
    task = _lock_open(task)
    if task.assigned_by_id != actor.pk:
        raise DomainError(_("Only the person who assigned the task can cancel it."))
    task = _close(actor=actor, task=task, status=TaskStatus.CANCELLED,
                  outcome=_text(reason, label=_("the reason"), required=False),
                  action="task.cancelled")
    notification_send(recipients=[u for u in assignees(task) if u.pk != actor.pk],
                      store=task.store, message=TASK_CANCELLED, params=_params(task),
                      url=link("task.detail", task.pk))
    return task


def task_overdue_notify(*, today: datetime.date | None = None) -> int:
    """Tell both sides, once, of every open task past its due date; returns how many tasks.

    Runs in the caller's scope (the periodic task enters all_stores("task_overdue")). Each
    task is claimed with a conditional update, so two sweeps at once notify once. This is the
    one place an overdue task is detected: a notification channel (e-mail, webhook) hooks
    in here, beside the in-app notification.
    """
    given = today
    today = today or _today()
    now = timezone.now()
    count = 0
    overdue = (Task.objects.filter(status=TaskStatus.OPEN, due_date__lt=today,
                                   overdue_notified_at__isnull=True)
               .select_related("store", "assignee", "assigned_by").order_by("pk"))
    for task in overdue:
        if given is None and task.due_date >= business_date(store=task.store):
            continue  # its store's business day (until 05:00) is still the due date
        with transaction.atomic():
            claimed = Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN,
                                          overdue_notified_at__isnull=True
                                          ).update(overdue_notified_at=now)
            if not claimed:
                continue
            emit(EventCode.TASK_OVERDUE, store=task.store, key=str(task.pk),
                 message=TASK_OVERDUE, params=_params(task), url=link("task.detail", task.pk),
                 people=_both_sides(task))
            audit_record(actor=None, store=task.store, action="task.overdue_notified", obj=task,
                         after={"due_date": task.due_date.isoformat()})
        count += 1
    return count


def _both_sides(task: Task) -> dict[str, Iterable]:
    """The event's people by role: the assignee side and the one who assigned it, under each
    role they hold here (the supervisor under theirs), and nobody else of any role."""
    told = {u.pk: u for u in [*assignees(task), task.assigned_by] if u is not None}
    people: dict[str, list] = {role: [] for role in Role.values}
    for user_id, role in RoleAssignment.objects.filter(
            Q(store=task.store) | Q(role=Role.SUPERVISOR, region_id=task.store.region_id),
            user_id__in=told, is_active=True).values_list("user_id", "role"):
        people[role].append(told[user_id])
    return dict(people)


# Weekly and monthly meetings ---------------------------------------------------------------

TEAM_KINDS = (MeetingKind.WEEKLY, MeetingKind.MONTHLY)


def _attendance(meeting: MorningMeeting, store, present_ids: set[int]) -> None:
    """Every person of the store is on the list, present or absent."""
    staff = set(get_user_model().objects.filter(
        role_assignments__store=store, role_assignments__role__in=STORE_ROLES,
        role_assignments__is_active=True, is_active=True).values_list("pk", flat=True))
    if present_ids - staff:
        raise DomainError(_("Only people of this store can attend."), field="present")
    existing = {a.user_id: a for a in MeetingAttendee.objects.filter(meeting=meeting)}
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(meeting=meeting, user_id=uid, present=uid in present_ids)
        for uid in sorted(staff - set(existing)))
    for uid, attendee in existing.items():
        if attendee.present != (uid in present_ids):
            attendee.present = uid in present_ids
            attendee.save(update_fields=["present"])


def _meeting_fields(*, kind, day, agenda, minutes) -> dict:
    if kind not in TEAM_KINDS:
        raise DomainError(_("Choose a weekly or a monthly meeting."), field="kind")
    if day > timezone.localdate() + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise DomainError(_("The meeting date is too far ahead."), field="day")
    return {"agenda": _text(agenda, label=_("the agenda"), required=True),
            "minutes": _text(minutes, label=_("the minutes"), required=False)}


@transaction.atomic
def team_meeting_record(*, actor, store, kind: str, day: datetime.date, agenda: str,
                        minutes: str = "", present_ids: Iterable[int] = ()) -> MorningMeeting:
    """The store manager opens a weekly or monthly meeting: agenda first, minutes after."""
    fields = _meeting_fields(kind=kind, day=day, agenda=agenda, minutes=minutes)
    if MorningMeeting.objects.filter(store=store, kind=kind, business_date=day).exists():
        raise DomainError(_("There is already such a meeting on that day."), field="day")
    meeting = MorningMeeting.objects.create(store=store, kind=kind, business_date=day,
                                            chaired_by=actor, held_at=timezone.now(), **fields)
    _attendance(meeting, store, set(present_ids))
    after = snapshot(meeting)
    after["present"] = sorted(set(present_ids))
    audit_record(actor=actor, store=store, action="team_meeting.recorded", obj=meeting,
                 after=after)
    return meeting


@transaction.atomic
def team_meeting_update(*, actor, meeting: MorningMeeting, agenda: str, minutes: str,
                        present_ids: Iterable[int]) -> MorningMeeting:
    """Agenda, minutes and who was there, written after the meeting."""
    fields = _meeting_fields(kind=meeting.kind, day=meeting.business_date, agenda=agenda,
                             minutes=minutes)
    before = snapshot(meeting)
    before["present"] = sorted(MeetingAttendee.objects.filter(meeting=meeting, present=True)
                               .values_list("user_id", flat=True))
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=list(fields))
    _attendance(meeting, meeting.store, set(present_ids))
    after = snapshot(meeting)
    after["present"] = sorted(set(present_ids))
    audit_record(actor=actor, store=meeting.store, action="team_meeting.updated", obj=meeting,
                 before=before, after=after)
    return meeting
