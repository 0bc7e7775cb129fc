"""Demo tasks (领导交办) and a weekly meeting with its action items, for seed_demo.

Runs through the services (audit entries and notifications exist) in each demo store's
scope; a store that already has this week's demo meeting is left as it is."""

from __future__ import annotations

import datetime

from django.db import transaction

from hallops.demo import demo_stores, first, staff, today_of
from hallops.exceptions import DomainError
from hallops.models import MeetingKind, MorningMeeting
from hallops.permissions import Role
from hallops.registry import register_demo_step
from hallops.scoping import store_scope
from tasks.models import TaskPriority
from tasks.services import task_assign, task_complete, team_meeting_record


def _try(call):
    try:
        with transaction.atomic():
            return call()
    except DomainError:
        return None


def _store_story(store) -> None:
    manager = first(store, Role.STORE_MANAGER)
    clerks = staff(store).get(Role.CLERK, [])
    if manager is None or len(clerks) < 2:
        return
    today = today_of(store)
    day = datetime.timedelta(days=1)
    people = {u.pk for users in staff(store).values() for u in users}
    meeting = _try(lambda: team_meeting_record(
        actor=manager, store=store, kind=MeetingKind.WEEKLY, day=today,
        agenda="上周业绩复盘；本周宽带续约活动；服务检查问题整改",
        minutes="宽带续约由业务受理员跟进；门口海报周五前更换；值班经理每日检查自助终端。",
        present_ids=people))
    if meeting is not None:
        _try(lambda: task_assign(actor=manager, store=store, title="更换门口宣传海报",
                                 due_date=today + 3 * day, priority=TaskPriority.HIGH,
                                 assignee=clerks[0], meeting=meeting))
        _try(lambda: task_assign(actor=manager, store=store, title="每日检查自助终端运行情况",
                                 due_date=today + day, assignee_role=Role.DUTY_MANAGER,
                                 meeting=meeting))
    done = _try(lambda: task_assign(actor=manager, store=store, title="清点本周赠品库存",
                                    due_date=today, assignee=clerks[1],
                                    details="清点后在物料台账登记差异"))
    if done is not None:
        _try(lambda: task_complete(actor=clerks[1], task=done, note="已清点，无差异"))
    _try(lambda: task_assign(actor=manager, store=store, title="回访上周投诉客户",
                             due_date=today + 2 * day, priority=TaskPriority.URGENT,
                             assignee_role=Role.CLERK))


@register_demo_step(order=85)
def tasks_and_meetings(*, stores, days, rng, stdout) -> None:
    for store in demo_stores(stores):
        with store_scope(store):
            if MorningMeeting.objects.filter(store=store, kind=MeetingKind.WEEKLY,
                                             business_date=today_of(store)).exists():
                continue
            _store_story(store)
