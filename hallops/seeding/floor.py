"""Volume of the floor (客户分流, 简单现场投诉): queue readings at the peak hours, the duty
manager's actions when a queue went red, and complaints settled at the desk.

Rates (`Rates`): a reading of every active queue at each of `floor_reading_hours` (4 a day:
the two peaks' busiest hours), so 12 readings per store-day with the three default queues;
an action for each red reading (open a desk) and for 30 % of the amber ones (a greeter);
`desk_complaints_per_store_day` (0.4) complaints settled at the desk. On a year of 50 stores
that is about 220,000 readings, 40,000 actions and 7,000 desk complaints, with their audit
entries. Desk-ready checks are left to the services-made demo (a row per clerk and day with
its marks would be as many rows as everything above for little to read).
"""

from __future__ import annotations

import datetime as dt

from complaints.models import Category, DeskComplaint
from floor.models import ActionKind, FloorAction, FloorThreshold, Level, QueueReading, QueueType, ReadingSource
from hallops.permissions import Role

from .base import Plan, poisson

# Waiting in the ordinary queue at each hour (a busy city hall); other queues at a share.
PEAK = {9: 8, 10: 18, 11: 14, 14: 9, 15: 17, 16: 15, 17: 8}
SHARE = {"normal": 1.0, "vip": 0.2, "general": 0.6}
DESK_STORIES = [
    ("billing", "客户认为本月话费偏高", "查询详单并解释流量包续订"),
    ("service", "排队时间长，客户有怨言", "致歉并引导至自助终端"),
    ("network", "家中信号不稳定", "记录地址并说明网络优化安排"),
    ("business", "套餐变更后不清楚资费", "逐项解释新套餐资费"),
]


def seed_floor(plan: Plan, store, rng) -> None:
    queues = plan.cache.get("floor_queues")
    if queues is None:
        queues = plan.cache["floor_queues"] = list(QueueType.objects.filter(is_active=True))
        plan.cache["floor_categories"] = {c.code: c.pk for c in Category.objects.filter(parent__isnull=True)}
    categories = plan.cache["floor_categories"]
    limits = FloorThreshold._base_manager.filter(store=store).first() or FloorThreshold(store=store)
    roster = plan.roster(store)
    for day in plan.days(store):
        dm = plan.duty_manager(store, day, roster)
        if dm is None:
            continue
        for hour in plan.rates.floor_reading_hours:
            at = plan.at(day, hour, rng.randint(0, 20))
            if at > plan.now:
                break
            for queue in queues:
                waiting = max(0, round(PEAK.get(hour, 5) * SHARE.get(queue.code, 0.4) * rng.uniform(0.5, 1.6)))
                wait = max(0, round(waiting * rng.uniform(0.6, 1.2)))
                level = limits.level(waiting, wait)
                pk = plan.writer.add(QueueReading, {
                    "store_id": store.pk, "queue_type_id": queue.pk, "at": at, "business_date": day,
                    "desks_open": 1 + (waiting > 6) + (waiting > 15), "waiting": waiting,
                    "longest_wait_minutes": wait, "level": level, "source": ReadingSource.TYPED,
                    "recorded_by_id": dm})
                plan.audit(store_id=store.pk, actor_id=dm, action="queue_reading.recorded",
                           model=QueueReading, object_id=pk, at=at, repr_=f"{queue.name} {waiting}")
                kind = (ActionKind.OPEN_DESK if level == Level.RED else
                        ActionKind.GREETER if level == Level.AMBER and rng.random() < 0.3 else None)
                if kind is None:
                    continue
                acted = at + dt.timedelta(minutes=rng.randint(1, 6))
                action = plan.writer.add(FloorAction, {
                    "store_id": store.pk, "queue_type_id": queue.pk, "reading_id": pk, "kind": kind,
                    "note": "", "at": acted, "business_date": day, "by_id": dm})
                plan.audit(store_id=store.pk, actor_id=dm, action="floor_action.recorded",
                           model=FloorAction, object_id=action, at=acted, repr_=str(kind.label))
        clerks = roster.get(day, {}).get(Role.CLERK) or plan.staff(store, Role.CLERK)
        for _n in range(poisson(rng, plan.rates.desk_complaints_per_store_day) if clerks else 0):
            code, text, done = rng.choice(DESK_STORIES)
            at = plan.at(day, rng.randint(9, 17), rng.randint(0, 59))
            if at > plan.now or code not in categories:
                continue
            clerk = rng.choice(clerks)
            pk = plan.writer.add(DeskComplaint, {
                "store_id": store.pk, "clerk_id": clerk, "at": at, "business_date": day,
                "customer_number": f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}",
                "category_id": categories[code], "description": text, "demand": "",
                "action_taken": done, "settled": True, "work_order_id": None, "escalated_at": None})
            plan.audit(store_id=store.pk, actor_id=clerk, action="desk_complaint.recorded",
                       model=DeskComplaint, object_id=pk, at=at, repr_=text)
