"""Reads of the floor, always taking the store (or stores)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils import timezone

from hallops.scoping import stores_scope

from .models import (
    ActionKind,
    DeskReadyCheck,
    DeskReadyItem,
    FloorAction,
    FloorThreshold,
    Level,
    QueueReading,
    QueueType,
)

# The manual's actions proposed per level (DOMAIN §7a): amber → open a desk or divert; red →
# also move back-office staff to the counter and step in.
PROPOSED: dict[str, tuple[ActionKind, ...]] = {
    Level.AMBER: (ActionKind.OPEN_DESK, ActionKind.GREETER),
    Level.RED: (ActionKind.OPEN_DESK, ActionKind.GREETER, ActionKind.BACK_OFFICE,
                ActionKind.STEP_IN),
}


@dataclass
class QueueRow:
    queue: QueueType
    reading: QueueReading | None
    proposals: list = field(default_factory=list)

    @property
    def level(self) -> str:
        return self.reading.level if self.reading else Level.GREEN


def board(store, day: datetime.date) -> list[QueueRow]:
    """Each active queue with its latest reading of the day and the actions proposed for it."""
    latest: dict[int, QueueReading] = {}
    for reading in (QueueReading.objects.filter(store=store, business_date=day)
                    .select_related("recorded_by").order_by("queue_type_id", "-at", "-pk")):
        latest.setdefault(reading.queue_type_id, reading)
    rows = []
    for queue in QueueType.objects.filter(is_active=True):
        found = latest.get(queue.pk)
        level = found.level if found else Level.GREEN
        rows.append(QueueRow(queue, found, [ActionKind(k) for k in PROPOSED.get(level, ())]))
    return rows


def day_actions(store, day: datetime.date):
    return (FloorAction.objects.filter(store=store, business_date=day)
            .select_related("by", "queue_type").order_by("at", "pk"))


def day_readings(store, day: datetime.date):
    return (QueueReading.objects.filter(store=store, business_date=day)
            .select_related("queue_type", "recorded_by").order_by("-at", "queue_type__sort_order"))


def thresholds(store) -> FloorThreshold:
    return FloorThreshold.objects.filter(store=store).first() or FloorThreshold(store=store)


LEVEL_RANK = {Level.GREEN: 0, Level.AMBER: 1, Level.RED: 2}


@dataclass
class HourPeak:
    store_id: int
    business_date: datetime.date
    hour: int
    queue_type: QueueType
    readings: int
    peak_waiting: int
    peak_wait_minutes: int
    peak_desks: int
    worst_level: str
    actions: int


def peaks_per_hour(stores, first: datetime.date, last: datetime.date) -> list[HourPeak]:
    """Per store, business day, local hour and queue: the highest waiting, longest wait, most
    desks open, worst level and the actions taken in that hour. Two grouped reads."""
    with stores_scope(stores):
        readings = list(
            QueueReading.objects.filter(store__in=stores, business_date__range=(first, last))
            .values_list("store_id", "business_date", "at", "queue_type_id", "waiting",
                         "longest_wait_minutes", "desks_open", "level").iterator())
        actions = list(
            FloorAction.objects.filter(store__in=stores, business_date__range=(first, last))
            .values_list("store_id", "business_date", "at", "queue_type_id").iterator())
    queues = {q.pk: q for q in QueueType.objects.all()}
    groups: dict[tuple, list] = defaultdict(list)
    for store_id, day, at, queue_id, waiting, wait, desks, level in readings:
        hour = timezone.localtime(at).hour
        groups[(store_id, day, hour, queue_id)].append((waiting, wait, desks, level))
    acted: dict[tuple, int] = defaultdict(int)
    for store_id, day, at, queue_id in actions:
        acted[(store_id, day, timezone.localtime(at).hour, queue_id)] += 1
    out = []
    for key in sorted(groups, key=lambda k: (k[0], k[1], k[2], queues[k[3]].sort_order, k[3])):
        values = groups[key]
        store_id, day, hour, queue_id = key
        out.append(HourPeak(
            store_id=store_id, business_date=day, hour=hour, queue_type=queues[queue_id],
            readings=len(values), peak_waiting=max(v[0] for v in values),
            peak_wait_minutes=max(v[1] for v in values), peak_desks=max(v[2] for v in values),
            worst_level=max((v[3] for v in values), key=lambda lv: LEVEL_RANK.get(lv, 0)),
            actions=acted.get(key, 0)))
    return out


def day_peak(store, day: datetime.date) -> dict:
    """The day's worst figures across queues, for the duty log."""
    figures = QueueReading.objects.filter(store=store, business_date=day).aggregate(
        waiting=Max("waiting"), wait=Max("longest_wait_minutes"), readings=Count("id"))
    red = QueueReading.objects.filter(store=store, business_date=day, level=Level.RED).count()
    return {**figures, "red": red}


def desk_ready_items():
    return list(DeskReadyItem.objects.filter(is_active=True))


def desk_ready_of_day(store, day: datetime.date):
    return (DeskReadyCheck.objects.filter(store=store, business_date=day)
            .select_related("clerk").prefetch_related("marks__item").order_by("at"))


def own_desk_ready(store, clerk, day: datetime.date) -> DeskReadyCheck | None:
    return (DeskReadyCheck.objects.filter(store=store, clerk=clerk, business_date=day)
            .prefetch_related("marks__item").first())


def clerks_on_roster(store, day: datetime.date) -> list:
    """The clerks rostered on `day` (people, by name), for who has not done the check yet."""
    from hallops.models import RoleAssignment, RosterEntry
    from hallops.permissions import Role

    clerk_ids = RoleAssignment.objects.filter(store=store, role=Role.CLERK, is_active=True).values(
        "user_id")
    seen, out = set(), []
    for entry in (RosterEntry.objects.filter(store=store, date=day, user_id__in=clerk_ids)
                  .select_related("user").order_by("shift_type__starts_at", "user__last_name")):
        if entry.user_id not in seen:
            seen.add(entry.user_id)
            out.append(entry.user)
    return out


def desk_ready_done_ids(store, day: datetime.date) -> set[int]:
    return set(DeskReadyCheck.objects.filter(store=store, business_date=day)
               .values_list("clerk_id", flat=True))
