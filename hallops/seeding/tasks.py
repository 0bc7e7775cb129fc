"""Tasks (领导交办) and the store manager's weekly and monthly meetings for the volume seed.

A weekly meeting every Monday and a monthly one on the 1st, with every person of the store on
the list (9 in 10 present) and two action items, which are tasks; besides those, about
`tasks_per_store_day` tasks a day from the store manager to a clerk or a role. Past their due
date a task is done (85 %), declined (5 %), cancelled (5 %) or still open and overdue (told).
"""

from __future__ import annotations

from hallops.models import MeetingAttendee, MeetingKind, MorningMeeting, Notification
from hallops.permissions import Role
from hallops.registry import link
from tasks.models import Task, TaskPriority, TaskStatus
from tasks.services import TASK_OVERDUE

from .base import ONE_DAY, Plan, poisson

TITLES = ["更新门口宣传海报", "清点本周赠品库存", "整理业务受理资料柜", "回访上周投诉客户",
          "检查自助终端运行情况", "完成新套餐话术培训", "核对发票领用登记", "整改服务检查问题"]
AGENDAS = ["上周业绩复盘；本周重点营销活动；服务问题整改", "本月指标完成情况；下月排班与培训计划"]
MINUTES = ["各岗位按分工落实，周五前反馈进度。", "重点跟进宽带续约客户，月底前完成回访。"]
ITEM_ROLES = (Role.CLERK, Role.DUTY_MANAGER)


def _task(plan: Plan, rng, store, *, manager, clerks, day, meeting=None) -> None:
    assigned_at = plan.at(day, 9, rng.randint(0, 59))
    if assigned_at >= plan.now:
        return
    due = day + ONE_DAY * rng.randint(1, 7)
    assignee: int | None
    if rng.random() < 0.3:
        assignee, role = None, rng.choice(ITEM_ROLES)
        holder = (plan.staff(store, role) or [manager])[0]
    else:
        assignee, role = rng.choice(clerks), ""
        holder = assignee
    roll = rng.random()
    end_of_due = plan.at(due, 17, rng.randint(0, 59))
    status, closed_by, closed_at, outcome, notified = TaskStatus.OPEN, None, None, "", None
    if end_of_due < plan.now:
        if roll < 0.85:
            status, closed_by, closed_at, outcome = TaskStatus.DONE, holder, end_of_due, "已完成"
        elif roll < 0.90:
            status, closed_by, closed_at, outcome = TaskStatus.DECLINED, holder, end_of_due, "缺少物料"
        elif roll < 0.95:
            status, closed_by, closed_at, outcome = TaskStatus.CANCELLED, manager, end_of_due, ""
        else:
            notified = plan.at(due + ONE_DAY, 0, 15)
            notified = notified if notified < plan.now else None
    title = rng.choice(TITLES)
    pk = plan.writer.add(Task, {
        "store_id": store.pk, "title": title, "details": "", "due_date": due,
        "priority": rng.choice(TaskPriority.values), "assigned_by_id": manager,
        "assigned_at": assigned_at, "assignee_id": assignee, "assignee_role": role,
        "status": status, "closed_by_id": closed_by, "closed_at": closed_at, "outcome": outcome,
        "meeting_id": meeting, "overdue_notified_at": notified})
    plan.audit(store_id=store.pk, actor_id=manager, action="task.assigned", model=Task,
               object_id=pk, at=assigned_at, repr_=title)
    if closed_at is not None:
        action = {TaskStatus.DONE: "task.completed", TaskStatus.DECLINED: "task.declined",
                  TaskStatus.CANCELLED: "task.cancelled"}[status]
        plan.audit(store_id=store.pk, actor_id=closed_by, action=action, model=Task,
                   object_id=pk, at=closed_at, repr_=title)
    if notified is not None:
        for recipient in {holder, manager}:
            plan.notify(recipient_id=recipient, store_id=store.pk, at=notified,
                        message_id=TASK_OVERDUE, url=link("task.detail", pk),
                        level=Notification.Level.WARNING,
                        params={"title": title, "due": due.isoformat()})


def seed_tasks_and_meetings(plan: Plan, store, rng) -> None:
    manager = plan.manager(store)
    clerks = plan.staff(store, Role.CLERK)
    if manager is None or not clerks:
        return
    everyone = list(dict.fromkeys(
        [manager] + [u for role in (Role.DUTY_MANAGER, Role.CLERK, Role.COMPLAINT_HANDLER)
                     for u in plan.staff(store, role)]))
    for day in plan.days(store):
        kinds = []
        if day.weekday() == 0:
            kinds.append(MeetingKind.WEEKLY)
        if day.day == 1:
            kinds.append(MeetingKind.MONTHLY)
        for n, kind in enumerate(kinds):
            held = plan.at(day, 18, 10 + 20 * n)
            if held >= plan.now:
                continue
            meeting = plan.writer.add(MorningMeeting, {
                "store_id": store.pk, "kind": kind, "business_date": day, "chaired_by_id": manager,
                "held_at": held, "yesterday_results": {}, "agenda": AGENDAS[n % 2],
                "minutes": rng.choice(MINUTES)})
            plan.audit(store_id=store.pk, actor_id=manager, action="team_meeting.recorded",
                       model=MorningMeeting, object_id=meeting, at=held)
            for user in everyone:
                plan.writer.add(MeetingAttendee, {"meeting_id": meeting, "user_id": user,
                                                  "present": rng.random() < 0.9})
            for _item in range(2):
                _task(plan, rng, store, manager=manager, clerks=clerks, day=day, meeting=meeting)
        for _n in range(poisson(rng, plan.rates.tasks_per_store_day)):
            _task(plan, rng, store, manager=manager, clerks=clerks, day=day)
