"""Reads of checklists: which template applies, and a run's items with their state."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from hallops.models import (
    ChecklistItem,
    ChecklistKind,
    ChecklistRun,
    ChecklistTemplate,
    ChecklistTick,
    DueKind,
    TickStatus,
)
from hallops.models.checklists import store_shift_change


def template_for(store, kind: str) -> ChecklistTemplate | None:
    """The store's own active template of this kind, else the one for all stores."""
    candidates = ChecklistTemplate.objects.filter(
        Q(store=store) | Q(store__isnull=True), kind=kind, is_active=True
    )
    return min(candidates, key=lambda t: t.store_id is None, default=None)


@dataclass
class ItemRow:
    item: ChecklistItem
    tick: ChecklistTick | None
    due_at: datetime.datetime | None
    state: str  # done / na / problem / late / pending / overdue / missed

    @property
    def is_late(self) -> bool:
        return bool(self.tick and self.tick.is_late)


def close_moment(store, day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, store.closes_at, tzinfo=timezone.get_current_timezone())


def run_rows(run: ChecklistRun, now=None) -> list[ItemRow]:
    """Each item of the run: ticked (and whether late), pending, overdue or missed at close."""
    now = now or timezone.now()
    store = run.store
    items = list(run.template.items.all())
    # day_runs prefetches the ticks of every run of the day (one query, not one per run).
    prefetched = "ticks" in getattr(run, "_prefetched_objects_cache", {})
    # Ticks are keyed by item below: the model's ordering (run date, item order) would only
    # join the runs and items tables (a hash join over every run of every store) for nothing.
    tick_rows = (run.ticks.all() if prefetched
                 else run.ticks.select_related("by", "fault").order_by())
    ticks = {t.item_id: t for t in tick_rows}
    closed = run.incident_id is None and now > close_moment(store, run.business_date)
    # The hand-over time is the store's, not the item's: read once a run, not once an item.
    shift_change = store_shift_change(store) if any(
        item.due_kind == DueKind.SHIFT_CHANGE for item in items) else None
    incident = run.incident  # None for a day's checklist (no query: the id is empty)
    rows = []
    for item in items:
        tick = ticks.get(item.pk)
        if incident is None:
            due = item.due_at(run.business_date, store, shift_change=shift_change)
        else:
            due = item.incident_due(incident.started_at, now)
        if tick is not None:
            state = tick.status
        elif incident is not None:
            # Playbook steps: late the moment their offset from the start has passed (no
            # grace: "within 3 minutes"); missed once the incident ended without them.
            # A repeated step (customer updates) only counts down to its next time.
            if due is None or item.repeat_minutes:
                state = "pending"
            elif now > due:
                state = "overdue" if incident.ended_at is None else "missed"
            else:
                state = "pending"
        elif closed:
            state = "missed"
        elif due and now > due + datetime.timedelta(minutes=item.grace_minutes):
            state = "overdue"
        else:
            state = "pending"
        rows.append(ItemRow(item=item, tick=tick, due_at=due, state=state))
    # In the order the day runs (the configured order put 12:00 before 11:30); items with
    # no due time keep their configured order after the timed ones.
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    rows.sort(key=lambda r: (r.due_at or far, r.item.order, r.item.pk))
    return rows


@dataclass
class RunSummary:
    run: ChecklistRun | None
    kind: str
    total: int
    ticked: int
    late: int
    problems: int
    missed: list

    @property
    def percent(self) -> int:
        return round(100 * self.ticked / self.total) if self.total else 0


def summarise(run: ChecklistRun, now=None) -> RunSummary:
    rows = run_rows(run, now)
    return RunSummary(
        run=run,
        kind=run.kind,
        total=len(rows),
        ticked=sum(1 for r in rows if r.tick),
        late=sum(1 for r in rows if r.is_late),
        problems=sum(1 for r in rows if r.state == TickStatus.PROBLEM),
        missed=[r for r in rows if r.state in ("missed", "overdue")],
    )


def day_runs(store, day: datetime.date):
    return (
        ChecklistRun.objects.filter(store=store, business_date=day, incident__isnull=True)
        .select_related("template", "store")
        # The summaries count ticks by status: who ticked and which fault are not shown, and
        # the ticks' default ordering joins every run (see run_rows).
        .prefetch_related("template__items",
                          Prefetch("ticks", queryset=ChecklistTick.objects.order_by()))
        .order_by("kind")
    )


def day_summaries(store, day: datetime.date, now=None) -> list[RunSummary]:
    return [summarise(run, now) for run in day_runs(store, day)]


DAY_KIND_ORDER = [ChecklistKind.OPENING, ChecklistKind.DAILY, ChecklistKind.CLOSING]


def run_completion(stores, start: datetime.date, end: datetime.date) -> list[dict]:
    """The daily runs (opening, daily workflow, closing) of `stores` in [start, end] with the
    counts `summarise` gives (items, ticked, late, problems), in two queries for all stores.

    Rows are dicts: id, store_id, business_date, kind, template__name(_en), total, ticked,
    late, problems; in store, date and kind order.
    """
    from django.db.models import Count

    runs = list(
        ChecklistRun.objects.filter(store_id__in=[s.pk for s in stores], incident__isnull=True,
                                    business_date__gte=start, business_date__lte=end)
        .values("id", "store_id", "business_date", "kind", "template_id", "template__name",
                "template__name_en")
        .annotate(
            ticked=Count("ticks"),
            late=Count("ticks", filter=Q(ticks__is_late=True)),
            problems=Count("ticks", filter=Q(ticks__status=TickStatus.PROBLEM)),
        )
        .order_by("store_id", "business_date", "kind")
    )
    items = dict(
        ChecklistItem.objects.filter(template_id__in={r["template_id"] for r in runs})
        .values("template_id").annotate(n=Count("id")).values_list("template_id", "n").order_by()
    )
    for run in runs:
        run["total"] = items.get(run["template_id"], 0)
    return runs


def completion_by_store_month(stores, start: datetime.date, end: datetime.date
                              ) -> dict[tuple[int, datetime.date], dict[str, int]]:
    """{(store id, month's first day): {"items", "ticked"}} of the daily runs in [start, end]:
    `run_completion`'s totals and ticks summed by month, grouped by the database (a year of
    runs is ~15,000 rows otherwise). Items = runs of a template × the template's items."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    # Runs and ticks counted apart, each hashed by (store, month): counting distinct runs over
    # the run × tick join sorted ~400,000 rows on disk.
    runs = (ChecklistRun.objects.filter(store_id__in=[s.pk for s in stores],
                                        incident__isnull=True,
                                        business_date__gte=start, business_date__lte=end)
            .annotate(month=TruncMonth("business_date")))
    rows = list(runs.values("store_id", "month", "template_id").annotate(runs=Count("id"))
                .order_by())
    ticks = (ChecklistTick.objects.filter(run__in=runs.values("id"))
             .annotate(month=TruncMonth("run__business_date"))
             .values("run__store_id", "month").annotate(n=Count("id")).order_by())
    items = dict(
        ChecklistItem.objects.filter(template_id__in={r["template_id"] for r in rows})
        .values("template_id").annotate(n=Count("id")).values_list("template_id", "n").order_by()
    )
    out: dict = {}
    for r in rows:
        total = out.setdefault((r["store_id"], r["month"]), {"items": 0, "ticked": 0})
        total["items"] += r["runs"] * items.get(r["template_id"], 0)
    for t in ticks:
        total = out.setdefault((t["run__store_id"], t["month"]), {"items": 0, "ticked": 0})
        total["ticked"] += t["n"]
    return out
