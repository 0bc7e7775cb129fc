"""Demo data of the floor for seed_demo: queue readings every half hour with the two daily peaks,
the duty manager's actions when a queue went red, and the clerks' desk-ready checks. The demo
stores only; a store that already has readings is left alone."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from hallops.demo import at, clerks_on, clock, demo_stores, duty_manager_on, past_days, today_of
from hallops.registry import register_demo_step
from hallops.scoping import store_scope

from .models import ActionKind, DeskReadyItem, Level, QueueReading, QueueType
from .services import desk_ready_check_record, floor_action_record, queue_reading_record

# Customers waiting in the ordinary queue by half hour from 09:00 (the peaks 09:30–12:00 and
# 14:00–17:30 of the manual); VIP and general follow at a fraction.
CURVE = [4, 9, 16, 26, 20, 12, 8, 5, 4, 3, 6, 14, 28, 22, 18, 12, 8, 5]
SHARE = {"normal": 1.0, "vip": 0.15, "general": 0.5}


def _readings(store, day, dm, rng, now) -> int:
    queues = {q.code: q for q in QueueType.objects.filter(is_active=True)}
    made = 0
    for slot, base in enumerate(CURVE):
        moment = at(day, 9) + dt.timedelta(minutes=30 * slot, seconds=rng.randint(0, 300))
        if moment >= now:
            break
        rows = []
        for code, queue in queues.items():
            waiting = max(0, round(base * SHARE.get(code, 0.3) + rng.randint(-2, 2)))
            rows.append({"queue_type": queue, "desks_open": 1 + (waiting > 6) + (waiting > 15),
                         "waiting": waiting,
                         "longest_wait_minutes": max(0, round(waiting * 0.9 + rng.randint(-2, 3)))})
        with clock(moment):
            readings = queue_reading_record(actor=dm, store=store, readings=rows)
        made += len(readings)
        for reading in readings:
            if reading.level != Level.RED:
                continue
            for n, kind in enumerate((ActionKind.OPEN_DESK, ActionKind.GREETER)):
                when = moment + dt.timedelta(minutes=2 + 3 * n)
                if when >= now:
                    break
                with clock(when):
                    floor_action_record(actor=dm, store=store, kind=kind, reading=reading,
                                        note="引导至自助终端和APP" if kind == ActionKind.GREETER else "")
    return made


def _desk_ready(store, day, rng, now, *, leave_one: bool) -> None:
    items = [i.pk for i in DeskReadyItem.objects.filter(is_active=True)]
    clerks = clerks_on(store, day)
    if leave_one and len(clerks) > 1:
        clerks = clerks[:-1]  # someone has not done it yet: the duty manager's page shows who
    for n, clerk in enumerate(clerks):
        moment = at(day, 8, 45) + dt.timedelta(minutes=n)
        if moment >= now:
            break
        missing = rng.random() < 0.15
        with clock(moment):
            desk_ready_check_record(
                actor=clerk, store=store, desk=str(n + 1),
                ready_item_ids=items[1:] if missing else items,
                note="印章在保险柜，已向值班经理领取" if missing else "")


@register_demo_step(order=45)
def floor_demo(*, stores, days, rng, stdout) -> None:
    now = timezone.now()
    count = 0
    for store in demo_stores(stores):
        with store_scope(store):
            if QueueReading.objects.filter(store=store).exists():
                continue
            today = today_of(store)
            with transaction.atomic():
                for day in [*past_days(store, days), today]:
                    dm = duty_manager_on(store, day)
                    if dm is None:
                        continue
                    count += _readings(store, day, dm, rng, now)
                    _desk_ready(store, day, rng, now, leave_one=day == today)
    stdout.write(f"Demo: {count} queue readings with the duty managers' actions at the peaks, "
                 "and the desk-ready checks.")
