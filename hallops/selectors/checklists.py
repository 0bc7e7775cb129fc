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
    Recurrence,
    TickStatus,
)
from hallops.models.checklists import store_shift_change


def template_for(store, kind: str) -> ChecklistTemplate | None:
    """The store's own active template of this kind, else the one for all stores."""
    candidates = ChecklistTemplate.objects.filter(
        Q(store=store) | Q(store__isnull=True), kind__code=kind, is_active=True
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
        kind=run.kind_id,
        total=len(rows),
        ticked=sum(1 for r in rows if r.tick),
        late=sum(1 for r in rows if r.is_late),
        problems=sum(1 for r in rows if r.state == TickStatus.PROBLEM),
        missed=[r for r in rows if r.state in ("missed", "overdue")],
    )


def day_runs(store, day: datetime.date):
    return (
        ChecklistRun.objects.filter(store=store, business_date=day, incident__isnull=True)
        .select_related("template", "store", "kind")
        # The summaries count ticks by status: who ticked and which fault are not shown, and
        # the ticks' default ordering joins every run (see run_rows).
        .prefetch_related("template__items",
                          Prefetch("ticks", queryset=ChecklistTick.objects.order_by()))
        .order_by("kind_id")
    )


def day_summaries(store, day: datetime.date, now=None) -> list[RunSummary]:
    return [summarise(run, now) for run in day_runs(store, day)]


def run_completion(stores, start: datetime.date, end: datetime.date) -> list[dict]:
    """The daily runs (opening, daily workflow, closing) of `stores` in [start, end] with the
    counts `summarise` gives (items, ticked, late, problems), in two queries for all stores.

    Rows are dicts: id, store_id, business_date, kind (its code), kind__name(_en),
    template__name(_en), total, ticked,
    late, problems; in store, date and kind order.
    """
    from django.db.models import Count

    runs = list(
        ChecklistRun.objects.filter(store_id__in=[s.pk for s in stores], incident__isnull=True,
                                    business_date__gte=start, business_date__lte=end)
        .values("id", "store_id", "business_date", "kind", "kind__name", "kind__name_en",
                "template_id", "template__name", "template__name_en")
        .annotate(
            ticked=Count("ticks"),
            late=Count("ticks", filter=Q(ticks__is_late=True)),
            problems=Count("ticks", filter=Q(ticks__status=TickStatus.PROBLEM)),
        )
        .order_by("store_id", "business_date", "kind_id")
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


# --- Recurring checklists of a role (any kind configured in the admin) -------------------


def role_templates(store, role: str, day: datetime.date | None = None
                   ) -> dict[str, ChecklistTemplate]:
    """{kind code: template} of the active recurring kinds `role` runs in `store`: the store's
    own template, else the one for every store; each with its kind and `n_items`. One query.

    With `day`, each also carries the day's run of its kind in the same query: `day_run_id`
    (None: not started), `day_run_total` (items of the run's template) and `day_run_ticked`.
    """
    from django.db.models import Count, IntegerField, OuterRef, Subquery

    templates = (
        ChecklistTemplate.objects.filter(Q(store=store) | Q(store__isnull=True), is_active=True,
                                         kind__role=role, kind__is_active=True)
        .exclude(kind__recurrence=Recurrence.INCIDENT)
        .select_related("kind")
        .annotate(n_items=Count("items"))
        .order_by("kind__order", "kind_id", "-store_id")
    )
    if day is not None:
        run = {"store": store, "kind": OuterRef("kind"), "business_date": day,
               "incident__isnull": True}
        runs = ChecklistRun.objects.filter(**run).order_by().values("pk")[:1]
        ticks = (ChecklistTick.objects.filter(**{f"run__{k}": v for k, v in run.items()})
                 .order_by().values("run_id").annotate(n=Count("id")).values("n"))
        items = (ChecklistItem.objects.filter(**{f"template__runs__{k}": v for k, v in run.items()})
                 .order_by().values("template_id").annotate(n=Count("id")).values("n"))
        templates = templates.annotate(
            day_run_id=Subquery(runs),
            day_run_total=Subquery(items, output_field=IntegerField()),
            day_run_ticked=Subquery(ticks, output_field=IntegerField()),
        )
    out: dict[str, ChecklistTemplate] = {}
    for template in templates:
        current = out.get(template.kind_id)
        if current is None or (current.store_id is None and template.store_id is not None):
            out[template.kind_id] = template
    return out


def _n_items(template: ChecklistTemplate) -> int:
    return getattr(template, "n_items", 0)  # annotated by role_templates


@dataclass
class DueChecklist:
    """One occurrence of a recurring checklist: its kind, the template that applies, the run
    (None: not started) and its counts; `missed` once the day has closed."""

    kind: ChecklistKind
    day: datetime.date
    total: int
    ticked: int
    run_id: int | None
    missed: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.ticked / self.total) if self.total else 0


def _runs_with_counts(store, codes, start: datetime.date, end: datetime.date) -> dict:
    """{(kind code, day): (run id, items of its template, ticks)} in one query."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery

    items = (ChecklistItem.objects.filter(template_id=OuterRef("template_id")).order_by()
             .values("template_id").annotate(n=Count("id")).values("n"))
    runs = (ChecklistRun.objects.filter(store=store, incident__isnull=True, kind_id__in=codes,
                                        business_date__gte=start, business_date__lte=end)
            .annotate(ticked=Count("ticks"),
                      total=Subquery(items, output_field=IntegerField()))
            .values_list("kind_id", "business_date", "pk", "total", "ticked").order_by())
    return {(code, day): (pk, total or 0, ticked) for code, day, pk, total, ticked in runs}


def due_checklists(store, role: str, day: datetime.date, *, exclude=(),
                   templates: dict | None = None) -> list[DueChecklist]:
    """The recurring checklists `role` runs in `store` on `day` with their progress, in one
    query (none with `templates` read by `role_templates(store, role, day)`).
    `exclude`: kind codes shown elsewhere."""
    if templates is None:
        templates = role_templates(store, role, day)
    due = [t for code, t in templates.items() if code not in exclude and t.kind.occurs_on(day)]
    if not due:
        return []
    if all(hasattr(t, "day_run_id") for t in due):  # read with the templates (one query)
        runs = {(t.kind_id, day): (run_id, getattr(t, "day_run_total", 0) or 0,
                                   getattr(t, "day_run_ticked", 0) or 0)
                for t in due if (run_id := getattr(t, "day_run_id", None)) is not None}
    else:
        runs = _runs_with_counts(store, [t.kind_id for t in due], day, day)
    out = []
    for template in due:
        run_id, total, ticked = runs.get((template.kind_id, day), (None, _n_items(template), 0))
        out.append(DueChecklist(kind=template.kind, day=day, total=total, ticked=ticked,
                                run_id=run_id))
    return out


def role_history(store, role: str, start: datetime.date, end: datetime.date,
                 now=None) -> list[DueChecklist]:
    """Every occurrence of `role`'s recurring checklists in [start, end] up to today, newest
    first, with the items missed once the day has closed (a run never started misses them
    all, from the kind's `starts_on`). Two queries whatever the period."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    templates = role_templates(store, role)
    if not templates:
        return []
    runs = _runs_with_counts(store, list(templates), start, end)
    out = []
    day = min(end, today)
    while day >= start:
        closed = now > close_moment(store, day)
        for code, template in templates.items():
            kind = template.kind
            found = runs.get((code, day))
            if found is None and (not kind.occurs_on(day) or day < kind.starts_on):
                continue
            run_id, total, ticked = found or (None, _n_items(template), 0)
            out.append(DueChecklist(kind=kind, day=day, total=total, ticked=ticked,
                                    run_id=run_id, missed=(total - ticked) if closed else 0))
        day -= datetime.timedelta(days=1)
    return out
