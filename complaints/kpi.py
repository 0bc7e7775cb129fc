"""The standard complaint KPIs (规范化指标) of a month, per store and across stores.

Definitions (each a percentage; None when there is nothing to measure):
- timeliness 及时率: orders replied in the month that were replied by their reply deadline;
- reply rate 回复率: orders received in the month (not cancelled) that have been replied;
- satisfaction 满意度: orders closed in the month whose last callback was satisfied or
  basically satisfied, among those closed with a callback;
- repeat rate 重复投诉率: orders received in the month flagged as repeat complaints;
- beyond rate 越级投诉率: orders received in the month the customer took beyond the store;
- quality 工单合格率: orders closed in the month and reviewed, marked qualified;
- settled on site 现场解决率: complaints settled at the desk in the month, among those plus the
  on-site work orders received in the month (a desk complaint not settled becomes one).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from hallops.periods import day_moments, month_moments
from hallops.scoping import stores_scope

from .models import Category, DeskComplaint, Kpi, KpiTarget, Source, WorkOrder

SATISFIED = (WorkOrder.CallbackResult.SATISFIED, WorkOrder.CallbackResult.BASIC)


@dataclass
class Figure:
    kpi: str
    label: str
    numerator: int
    denominator: int
    target: KpiTarget | None

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def met(self) -> bool | None:
        return self.target.met_by(self.value) if self.target else None


def _counts(stores, year: int, month: int) -> dict:
    return _counts_between(stores, *month_moments(dt.date(year, month, 1)))


def _counts_between(stores, start: dt.datetime, end: dt.datetime) -> dict:
    """Raw counts per store id, in three grouped queries whatever the number of stores."""
    orders = WorkOrder.objects.filter(store__in=stores)
    counts: dict = defaultdict(lambda: defaultdict(int))
    received = (
        orders.filter(received_at__gte=start, received_at__lt=end)
        .exclude(status=WorkOrder.Status.CANCELLED)
        .values("store_id")
        .annotate(
            received=Count("id"),
            replied=Count("id", filter=Q(replied_at__isnull=False)),
            repeat=Count("id", filter=Q(is_repeat=True)),
            beyond=Count("id", filter=~Q(beyond_channel="")),
            onsite_orders=Count("id", filter=Q(source=Source.ONSITE)),
        )
    )
    replied = (
        orders.filter(replied_at__gte=start, replied_at__lt=end)
        .values("store_id")
        .annotate(replied_in_month=Count("id"), on_time=Count("id", filter=Q(replied_on_time=True)))
    )
    closed = (
        orders.filter(status=WorkOrder.Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
        .values("store_id")
        .annotate(
            called_back=Count("id", filter=~Q(callback_result="")),
            satisfied=Count("id", filter=Q(callback_result__in=SATISFIED)),
            reviewed=Count("id", filter=~Q(quality="")),
            qualified=Count("id", filter=Q(quality=WorkOrder.Quality.QUALIFIED)),
        )
    )
    # Desk complaints are store-scoped; the workbooks read them outside a request's scope.
    with stores_scope(list(stores)):
        settled_at_desk = list(
            DeskComplaint.objects.filter(store__in=stores, settled=True, at__gte=start, at__lt=end)
            .values("store_id")
            .annotate(settled_at_desk=Count("id"))
        )
    for rows in (received, replied, closed, settled_at_desk):
        for row in rows:
            store_id = row.pop("store_id")
            for key, value in row.items():
                counts[store_id][key] += value
    for per_store in counts.values():
        per_store["onsite_total"] = per_store["settled_at_desk"] + per_store["onsite_orders"]
    return counts


def _figures(c, targets: dict) -> list[Figure]:
    spec = [
        (Kpi.TIMELINESS, "on_time", "replied_in_month"),
        (Kpi.REPLY_RATE, "replied", "received"),
        (Kpi.SATISFACTION, "satisfied", "called_back"),
        (Kpi.REPEAT_RATE, "repeat", "received"),
        (Kpi.BEYOND_RATE, "beyond", "received"),
        (Kpi.QUALITY, "qualified", "reviewed"),
        (Kpi.ONSITE_RESOLVED, "settled_at_desk", "onsite_total"),
    ]
    return [
        Figure(kpi, Kpi(kpi).label, c.get(num, 0), c.get(den, 0), targets.get(kpi))
        for kpi, num, den in spec
    ]


def kpi_targets() -> dict:
    return {t.kpi: t for t in KpiTarget.objects.all()}


def _total(counts: dict, targets: dict) -> list[Figure]:
    total: dict = defaultdict(int)
    for per_store in counts.values():
        for key, value in per_store.items():
            total[key] += value
    return _figures(total, targets)


def month_kpis(stores, year: int, month: int) -> list[Figure]:
    """The KPIs of all `stores` together (one store: pass a one-store queryset)."""
    return _total(_counts(stores, year, month), kpi_targets())


def month_kpis_by_store(stores, year: int, month: int) -> list[tuple[object, list[Figure]]]:
    counts = _counts(stores, year, month)
    targets = kpi_targets()
    return [(store, _figures(counts.get(store.pk, {}), targets)) for store in stores]


def month_kpis_with_stores(stores, year: int, month: int
                           ) -> tuple[list[Figure], list[tuple[object, list[Figure]]]]:
    """`month_kpis` and `month_kpis_by_store` together, from one reading of the counts."""
    stores = list(stores)
    counts = _counts(stores, year, month)
    targets = kpi_targets()
    return (_total(counts, targets),
            [(store, _figures(counts.get(store.pk, {}), targets)) for store in stores])


def period_kpis_by_store(stores, first: dt.date, last: dt.date):
    """Like `month_kpis_by_store` for any run of days (a week, a month): the workbooks."""
    counts = _counts_between(stores, *day_moments(first, last))
    targets = kpi_targets()
    return [(store, _figures(counts.get(store.pk, {}), targets)) for store in stores]


def by_category(stores, year: int, month: int) -> list[tuple[str, int]]:
    start, end = month_moments(dt.date(year, month, 1))
    rows = dict(
        WorkOrder.objects.filter(store__in=stores, received_at__gte=start, received_at__lt=end)
        .exclude(status=WorkOrder.Status.CANCELLED)
        .values_list("category_id")
        .annotate(n=Count("id"))
    )
    return [(c.label, rows.get(c.pk, 0)) for c in Category.objects.filter(parent__isnull=True)]


def by_week(stores, year: int, month: int) -> tuple[list[str], list[int], list[float | None]]:
    """Orders received per week of the month, and the share replied on time per week."""
    start, end = month_moments(dt.date(year, month, 1))
    # Counted by local day in the database (a month of a region's orders is thousands of rows).
    received = (
        WorkOrder.objects.filter(store__in=stores, received_at__gte=start, received_at__lt=end)
        .exclude(status=WorkOrder.Status.CANCELLED)
        .annotate(day=TruncDate("received_at")).values_list("day").annotate(n=Count("id"))
    )
    replied = (
        WorkOrder.objects.filter(store__in=stores, replied_at__gte=start, replied_at__lt=end)
        .annotate(day=TruncDate("replied_at")).values_list("day")
        .annotate(n=Count("id"), on_time=Count("id", filter=Q(replied_on_time=True)))
    )
    weeks = []
    day = start.date()
    while day < end.date():
        weeks.append(day)
        day += dt.timedelta(days=7)

    def week_index(local_day) -> int:
        return min((local_day - start.date()).days // 7, len(weeks) - 1)

    counts = [0] * len(weeks)
    for local_day, n in received:
        counts[week_index(local_day)] += n
    done, on_time = [0] * len(weeks), [0] * len(weeks)
    for local_day, n, ok in replied:
        i = week_index(local_day)
        done[i] += n
        on_time[i] += ok
    labels = [f"{w:%m-%d}" for w in weeks]
    rates = [round(on_time[i] * 100 / done[i], 1) if done[i] else None for i in range(len(weeks))]
    return labels, counts, rates
