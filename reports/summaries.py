"""Store-month figures kept ahead of time (`StoreMonthFigures`) for the regional workbooks.

The regional monthly (片区月报) and yearly (片区年报) workbooks show, for every store, the
headline figures of each month and (monthly) the store's "by day" rows. Reading them live
means reading a year of fifty stores' operations; instead each closed month of each store
keeps them in one row, computed by the very functions the sheets use live
(`headline_values`, `by_day_figures`/`by_day_rows`): there is no second formula.

Freshness — a workbook is never wrong:

- a row is used only if it is not stale, of the current `VERSION`, holds every headline,
  and was computed after its month ended (absences count past days only);
- any write dated in a closed month marks its row stale: `post_save`/`post_delete` of every
  model the figures read (`connect()`, from `ReportsConfig.ready`), and `mark_stale()` called
  by the services that change such rows with a bulk `update()` (report confirmation, work
  order status and SLA flags, leave marking shifts);
- a workbook recomputes a stale, missing or outdated row on the fly (and stores it); the
  `generation` counter makes a write that lands during that computation win (the fresh
  figures are stored only if no write marked the row meanwhile);
- the open month is kept day by day (`StoreDayFigures`, for the yearly workbook): each
  closed day (before today) keeps the parts its headlines are summed from, with the same
  freshness rules (stale on a write dated that day, recomputed on the fly, `generation`);
  a figure not additive over days is kept as its parts (the staff rostered as a set of
  people, the checklist completion as items and ticked) and the month recomposed exactly;
  today is always read live;
- the nightly beat job (`refresh_month_figures`) recomputes the month just closed, yesterday
  and every stale row; `manage.py rebuild_month_figures` rebuilds them all; the volume seed
  fills them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from hallops.periods import month_dates

# Bump when a headline's formula or the "by day" columns change: older rows are recomputed.
VERSION = 1


def month_closed(first: datetime.date, today: datetime.date | None) -> bool:
    return today is not None and month_dates(first)[1] < today


def full_month(start: datetime.date, end: datetime.date) -> bool:
    return (start.day == 1) and month_dates(start)[1] == end


def _days(first: datetime.date) -> list[datetime.date]:
    start, end = month_dates(first)
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def compute(stores: Sequence, first: datetime.date, today: datetime.date) -> dict:
    """{store id: (headline values, by-day rows, operations rows)} of one month, computed
    live: the functions the regional sheets call, with the reads they share (attendance,
    operations by store and day) read once."""
    from reports.sheets import daily_figures, headline_values
    from reports.sheets.attendance import by_day_figures, by_day_rows
    from reports.sheets.operations import operations_rows

    start, end = month_dates(first)
    cache: dict = {}

    def cached(key, fn):
        if key not in cache:
            cache[key] = fn()
        return cache[key]

    values = headline_values(stores, start, end, today, cache=cache)
    figures = by_day_figures(stores, start, end, today, cached)
    operations = cached(daily_figures.cache_key(stores, start, end),
                        lambda: daily_figures.compute(stores, start, end))
    days = _days(first)
    return {s.pk: (values[s.pk], list(by_day_rows(figures, s.pk, days)),
                   list(operations_rows(operations, s.pk, days))) for s in stores}


def _encode(values: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def _encode_rows(rows) -> list:
    """[(day, figure, …)] → JSON: the day as ISO text, money as text (exact)."""
    return [[day.isoformat(), *(str(v) if isinstance(v, Decimal) else v for v in rest)]
            for day, *rest in rows]


def _decode_rows(rows, money: Sequence[int] = ()) -> list:
    return [(datetime.date.fromisoformat(day),
             *(Decimal(v) if i in money and v is not None else v for i, v in enumerate(rest)))
            for day, *rest in rows]


def _operations_money() -> tuple[int, ...]:
    from reports.sheets.daily_figures import MONEY
    from reports.sheets.operations import FIGURES

    return tuple(i for i, name in enumerate(FIGURES) if name in MONEY)


def _decode(values: dict, money: set[str]) -> dict:
    return {k: (Decimal(v) if k in money and v is not None else v) for k, v in values.items()}


def _money_keys() -> set[str]:
    from reports.sheets import T, headlines

    return {h.key for h in headlines() if h.type == T.MONEY}


def _usable(row, first: datetime.date, keys: set[str]) -> bool:
    """`row`: a StoreMonthFigures or its values() dict."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    as_of = get("as_of")
    return (not get("stale") and get("version") == VERSION and as_of is not None
            and as_of > month_dates(first)[1] and keys <= get("headlines").keys())


def month_figures(stores: Sequence, first: datetime.date, today: datetime.date) -> dict:
    """{store id: (headline values, by-day rows, operations rows)} of a closed month, from the
    kept rows (one query); the stores whose row is missing, stale or outdated are computed
    now (and kept)."""
    return _kept(stores, [first], today, rows=True)[first]


def months_headlines(stores: Sequence, months: Sequence[datetime.date], today: datetime.date
                     ) -> dict:
    """{month's first day: {store id: headline values}} of closed months (the yearly
    workbook): one query for all of them, the day rows left unread."""
    return {first: {pk: figures[0] for pk, figures in by_store.items()}
            for first, by_store in _kept(stores, months, today, rows=False).items()}


def _kept(stores: Sequence, months: Sequence[datetime.date], today: datetime.date, *,
          rows: bool) -> dict:
    from reports.models import StoreMonthFigures
    from reports.sheets import headlines

    assert all(month_closed(first, today) for first in months), "an open month is read live"
    keys = {h.key for h in headlines()}
    money = _money_keys()
    operations_money = _operations_money()
    fields = ["store_id", "month", "headlines", "stale", "version", "as_of",
              *(["by_day", "operations"] if rows else [])]
    kept = {(r["store_id"], r["month"]): r for r in StoreMonthFigures.objects.filter(
        store_id__in=[s.pk for s in stores], month__in=list(months)).values(*fields)}
    out: dict = {}
    for first in months:
        month = out[first] = {}
        missing = []
        for store in stores:
            row = kept.get((store.pk, first))
            if row is not None and _usable(row, first, keys):
                month[store.pk] = (_decode(row["headlines"], money),
                                   *((_decode_rows(row["by_day"]),
                                      _decode_rows(row["operations"], operations_money))
                                     if rows else ()))
            else:
                missing.append(store)
        if missing:
            month.update(refresh(missing, first, today))
    return out


def refresh(stores: Sequence, first: datetime.date, today: datetime.date) -> dict:
    """Compute and keep the month's rows of `stores` (a closed month); returns the figures.

    A row is created (stale) before the reads and written only if its `generation` has not
    moved since: a write dated in the month that lands meanwhile leaves it stale."""
    from reports.models import StoreMonthFigures

    if not stores:
        return {}
    ids = [s.pk for s in stores]
    StoreMonthFigures.objects.bulk_create(
        [StoreMonthFigures(store_id=pk, month=first) for pk in ids], ignore_conflicts=True)
    generations = dict(StoreMonthFigures.objects.filter(store_id__in=ids, month=first)
                       .values_list("store_id", "generation"))
    computed = compute(stores, first, today)
    now = timezone.now()
    for pk, (values, by_day, operations) in computed.items():
        StoreMonthFigures.objects.filter(
            store_id=pk, month=first, generation=generations[pk]
        ).update(headlines=_encode(values), by_day=_encode_rows(by_day),
                 operations=_encode_rows(operations), as_of=today, version=VERSION, stale=False, computed_at=now)
    return computed


def refresh_stores(stores: Sequence, months: Iterable[datetime.date], today: datetime.date,
                   *, only_unusable: bool = False) -> int:
    """Recompute the closed `months` (first days) of `stores`; with `only_unusable`, only the
    rows that a workbook would not use. Returns the number of store-months computed."""
    from reports.models import StoreMonthFigures
    from reports.sheets import headlines

    keys = {h.key for h in headlines()}
    done = 0
    for first in sorted(set(months)):
        if not month_closed(first, today):
            continue
        todo = list(stores)
        if only_unusable:
            rows = {r.store_id: r for r in StoreMonthFigures.objects.filter(
                store_id__in=[s.pk for s in todo], month=first)}
            todo = [s for s in todo if s.pk not in rows or not _usable(rows[s.pk], first, keys)]
        refresh(todo, first, today)
        done += len(todo)
    return done


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    out, first = [], start.replace(day=1)
    while first <= end:
        out.append(first)
        first = month_dates(first)[1] + datetime.timedelta(days=1)
    return out


# --- the open month's closed days -------------------------------------------------------------
#
# The yearly workbook of the current year would otherwise read its open month live (a month
# of fifty stores' operations). Each closed business day of the open month keeps the PARTS
# its headline figures are summed from, read by the very selectors the headlines use live;
# a figure that is not additive over days is kept as its parts (the staff rostered as the set
# of people, the checklist completion as items and ticked), so the month is recomposed
# exactly (`month_cache`) and handed to `headline_values` like a live read.

# Bump when the parts or the selectors they come from change: older rows are recomputed.
DAY_VERSION = 1


def compute_days(stores: Sequence, start: datetime.date, end: datetime.date,
                 today: datetime.date) -> dict:
    """{(store id, day): parts} of every store and day of [start, end], read live (a fixed
    number of grouped queries, whatever the stores and days)."""
    from hallops.selectors import daily_reports
    from reports import selectors
    from reports.sheets import daily_figures

    ops = daily_figures.compute(stores, start, end)
    roster = selectors.roster_counts(stores, start, end, by="store_date")
    staff = selectors.roster_staff_by_day(stores, start, end)
    attendance = selectors.attendance_counts(stores, start, end, by="store_date", today=today)
    actions = selectors.audit_counts_by_store_day(stores, start, end)
    unconfirmed = daily_reports.unconfirmed_report_counts(stores, start, end, by_day=True)
    out: dict = {}
    for day in _span(start, end):
        for store in stores:
            key = (store.pk, day)
            shifts = roster.get(key)
            out[key] = {"ops": ops.get(key), "shifts": (shifts["shifts"] or 0) if shifts else 0,
                        "staff": sorted(staff.get(key, ())), "attendance": attendance.get(key),
                        "actions": actions.get(key, 0), "unconfirmed": unconfirmed.get(key, 0)}
    return out


def _span(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def month_cache(stores: Sequence, start: datetime.date, end: datetime.date,
                today: datetime.date, days: dict) -> dict:
    """The headline caches of [start, end] (the keys `headline_values` reads) composed from
    the day parts `days` ({(store id, day): parts}, every day of the period)."""
    from reports.sheets import daily_figures
    from reports.sheets.headlines_core import (
        attendance_by_day_key,
        audit_key,
        roster_key,
        unconfirmed_key,
    )

    ops: dict = {}
    attendance: dict = {}
    roster: dict = {}
    staff: dict = {}
    actions: dict = {}
    unconfirmed: dict = {}
    for (store_id, day), parts in days.items():
        if not start <= day <= end:
            continue
        if parts["ops"] is not None:
            ops[(store_id, day)] = parts["ops"]
        if parts["attendance"] is not None:
            attendance[(store_id, day)] = parts["attendance"]
        if parts["shifts"]:
            roster.setdefault(store_id, {"shifts": 0, "staff": 0})["shifts"] += parts["shifts"]
            staff.setdefault(store_id, set()).update(parts["staff"])
        if parts["actions"]:
            actions[store_id] = actions.get(store_id, 0) + parts["actions"]
        if parts["unconfirmed"]:
            unconfirmed[store_id] = unconfirmed.get(store_id, 0) + parts["unconfirmed"]
    for store_id, people in staff.items():
        roster[store_id]["staff"] = len(people)
    return {daily_figures.cache_key(stores, start, end): ops,
            roster_key(stores, start, end): roster,
            audit_key(stores, start, end): actions,
            attendance_by_day_key(stores, start, end, today): attendance,
            unconfirmed_key(stores, start, end): unconfirmed}


def _encode_parts(parts: dict) -> dict:
    ops = parts["ops"]
    return {**parts, "ops": _encode(ops) if ops is not None else None}


def _decode_parts(parts: dict, money: set[str]) -> dict:
    ops = parts["ops"]
    return {**parts, "ops": _decode(ops, money) if ops is not None else None}


def _day_usable(row: dict) -> bool:
    as_of = row["as_of"]
    return (not row["stale"] and row["version"] == DAY_VERSION and as_of is not None
            and as_of > row["day"])


def open_days(stores: Sequence, start: datetime.date, end: datetime.date,
              today: datetime.date) -> dict:
    """{(store id, day): parts} of [start, end] (within the open month or later): the days
    before `today` from the kept rows (the missing, stale or outdated ones computed now and
    kept), today and any later day read live."""
    out: dict = {}
    last_closed = min(end, today - datetime.timedelta(days=1))
    if start <= last_closed:
        out.update(kept_days(stores, start, last_closed, today))
    if max(start, today) <= end:
        out.update(compute_days(stores, max(start, today), end, today))
    return out


def kept_days(stores: Sequence, start: datetime.date, end: datetime.date,
              today: datetime.date) -> dict:
    """{(store id, day): parts} of closed days (before `today`), from the kept rows (one
    query); the missing, stale or outdated ones are computed now (one read over their span)
    and kept."""
    from reports.models import StoreDayFigures
    from reports.sheets.daily_figures import MONEY

    assert end < today, "today is read live"
    money = set(MONEY)
    out: dict = {}
    for row in StoreDayFigures.objects.filter(
            store_id__in=[s.pk for s in stores], day__gte=start, day__lte=end).values(
            "store_id", "day", "parts", "stale", "version", "as_of"):
        if _day_usable(row):
            out[(row["store_id"], row["day"])] = _decode_parts(row["parts"], money)
    missing = [(store, day) for day in _span(start, end) for store in stores
               if (store.pk, day) not in out]
    if missing:
        todo = list({store.pk: store for store, _day in missing}.values())
        lo, hi = min(day for _s, day in missing), max(day for _s, day in missing)
        for key, parts in refresh_days(todo, lo, hi, today).items():
            out.setdefault(key, parts)
    return out


def refresh_days(stores: Sequence, start: datetime.date, end: datetime.date,
                 today: datetime.date) -> dict:
    """Compute and keep the day rows of `stores` for the closed days [start, end]; returns
    the parts. As `refresh`: a row is written only if no write marked it meanwhile."""
    from reports.models import StoreDayFigures

    end = min(end, today - datetime.timedelta(days=1))
    if not stores or end < start:
        return {}
    ids = [s.pk for s in stores]
    StoreDayFigures.objects.bulk_create(
        [StoreDayFigures(store_id=pk, day=day) for day in _span(start, end) for pk in ids],
        ignore_conflicts=True)
    generations = {(pk, day): g for pk, day, g in StoreDayFigures.objects.filter(
        store_id__in=ids, day__gte=start, day__lte=end).values_list("store_id", "day",
                                                                     "generation")}
    computed = compute_days(stores, start, end, today)
    now = timezone.now()
    for (pk, day), parts in computed.items():
        StoreDayFigures.objects.filter(store_id=pk, day=day, generation=generations[(pk, day)]
                                       ).update(parts=_encode_parts(parts), as_of=today,
                                                version=DAY_VERSION, stale=False,
                                                computed_at=now)
    return computed


def rebuild_days(stores: Sequence, today: datetime.date, *, only_unusable: bool = False) -> int:
    """Recompute the closed days of the open month for `stores` (with `only_unusable`, only
    the rows a workbook would not use); returns the number of store-days computed."""
    from reports.models import StoreDayFigures

    first, last = today.replace(day=1), today - datetime.timedelta(days=1)
    if last < first or not stores:
        return 0
    todo = [(s, day) for day in _span(first, last) for s in stores]
    if only_unusable:
        usable = {(r["store_id"], r["day"]) for r in StoreDayFigures.objects.filter(
            store_id__in=[s.pk for s in stores], day__gte=first, day__lte=last).values(
            "store_id", "day", "stale", "version", "as_of") if _day_usable(r)}
        todo = [(s, day) for s, day in todo if (s.pk, day) not in usable]
    if not todo:
        return 0
    group = list({s.pk: s for s, _day in todo}.values())
    refresh_days(group, min(d for _s, d in todo), max(d for _s, d in todo), today)
    return len(todo)


# --- staleness ------------------------------------------------------------------------------

def mark_stale(store_id: int | None, *days: datetime.date | None) -> None:
    """A write dated on `days` of a store: the kept rows of those months, if closed, and of
    those days of the open month, if before today, are stale.

    Cheap for today's work: today is never kept (no query). Any scope (or none): the update
    enters the store's own."""
    from hallops.scoping import store_scope
    from reports.models import StoreDayFigures, StoreMonthFigures

    if store_id is None:
        return
    today = timezone.localdate()
    open_month = today.replace(day=1)
    dated = [d for d in days if d is not None and d < today]
    if not dated:
        return
    months = {d.replace(day=1) for d in dated if d < open_month}
    open_days_ = {d for d in dated if d >= open_month}
    with store_scope(store_id):
        if months:
            StoreMonthFigures.objects.filter(store_id=store_id, month__in=months).update(
                stale=True, generation=F("generation") + 1)
        if open_days_:
            StoreDayFigures.objects.filter(store_id=store_id, day__in=open_days_).update(
                stale=True, generation=F("generation") + 1)


def _local(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _parent(model, pk, *fields):
    """(store id, date) of a parent row, read through the unscoped base manager."""
    if pk is None:
        return None
    return model._base_manager.filter(pk=pk).values_list(*fields).first()


def _sources():
    """(model, instance → [(store id, day), …]) for every model the kept figures read."""
    from complaints.models import WorkOrder
    from hallops.models import (
        AttendanceRecord,
        AuditEntry,
        CashHandIn,
        ChecklistRun,
        ChecklistTick,
        ClerkDailyReport,
        ClerkReportLine,
        ClerkReportReceipts,
        DutyLog,
        ExpectedTakings,
        RosterEntry,
        Store,
        TailCashRecord,
        TillDifference,
        TillSession,
    )
    from people.models import LeaveRequest

    def own(field):
        return lambda o: [(o.store_id, getattr(o, field))]

    def via(parent_model, fk):
        def days(o):
            cached = o._state.fields_cache.get(fk)
            if cached is not None:
                return [(cached.store_id, cached.business_date)]
            found = _parent(parent_model, getattr(o, f"{fk}_id"), "store_id", "business_date")
            return [found] if found else []
        return days

    def leave(o):
        # approving or withdrawing leave changes the absences of the days it covers: a day
        # of each month, and every day of the open month (kept day by day)
        if o.start_date is None or o.end_date is None:
            return []
        open_month = timezone.localdate().replace(day=1)
        in_open = (_span(max(o.start_date, open_month), o.end_date)
                   if o.end_date >= open_month else [])
        return [(o.store_id, day) for day in [*months_between(o.start_date, o.end_date),
                                              o.start_date, o.end_date, *in_open]]

    def audit(o):
        # an entry before the store's day start belongs to the previous business day (the
        # store's start when at hand, else any morning hour: marking more is never wrong)
        if o.at is None or o.store_id is None:
            return []
        local = timezone.localtime(o.at)
        day, before = local.date(), local.date() - datetime.timedelta(days=1)
        store = o._state.fields_cache.get("store")
        if store is not None:
            return [(o.store_id, before if local.time() < store.day_starts_at else day)]
        if local.hour >= 12:  # no store's day starts in the afternoon
            return [(o.store_id, day)]
        found = _parent(Store, o.store_id, "day_starts_at")
        if found is None:
            return [(o.store_id, day), (o.store_id, before)]
        return [(o.store_id, before if local.time() < found[0] else day)]

    return [
        (RosterEntry, own("date")),
        (AttendanceRecord, own("business_date")),
        (AuditEntry, audit),
        (ClerkDailyReport, own("business_date")),
        (ClerkReportLine, via(ClerkDailyReport, "report")),
        (ClerkReportReceipts, via(ClerkDailyReport, "report")),
        (TillSession, own("business_date")),
        (ExpectedTakings, via(TillSession, "session")),
        (TillDifference, via(TillSession, "session")),
        (CashHandIn, via(TillSession, "session")),
        (TailCashRecord, own("business_date")),
        (WorkOrder, lambda o: [(o.store_id, _local(o.received_at)),
                               (o.store_id, _local(o.closed_at))]),
        (DutyLog, own("business_date")),
        (ChecklistRun, own("business_date")),
        (ChecklistTick, via(ChecklistRun, "run")),
        (LeaveRequest, leave),
    ]


def _handler(days_of):
    def handler(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return  # fixtures loading
        origin = kwargs.get("origin")  # a model instance, or a queryset (its .delete())
        origin_meta = getattr(origin, "_meta", None) or getattr(getattr(origin, "model", None),
                                                                "_meta", None)
        if origin_meta is not None and origin_meta.model_name == "store":
            return  # a store deleted: its kept rows go with it
        by_store: dict = {}
        for store_id, day in days_of(instance):
            by_store.setdefault(store_id, []).append(day)
        for store_id, days in by_store.items():
            mark_stale(store_id, *days)
    return handler


_handlers: list = []


def _provided(*, store_id, days) -> None:
    mark_stale(store_id, *days)


def connect() -> None:
    """Mark kept months stale on every save or delete of a row their figures read; services
    that change such rows with a bulk update() call `provided("month_figures_stale",
    store_id=…, days=[…])` (hallops.registry: no import of reports)."""
    from hallops.registry import register_provider

    register_provider("month_figures_stale", _provided)
    if _handlers:
        return
    for model, days_of in _sources():
        handler = _handler(days_of)
        _handlers.append(handler)  # signals hold weak references
        post_save.connect(handler, sender=model, dispatch_uid=f"month_figures_{model.__name__}")
        post_delete.connect(handler, sender=model,
                            dispatch_uid=f"month_figures_del_{model.__name__}")


# --- keeping them -----------------------------------------------------------------------------

def active_stores() -> list:
    from hallops.models import Store

    return list(Store.objects.filter(is_active=True).order_by("code"))


def rebuild(stores: Sequence, first_day: datetime.date, last_day: datetime.date,
            today: datetime.date, *, only_unusable: bool = False) -> int:
    """Recompute the closed months of [first_day, last_day] for `stores` (the caller's
    scope must see them); returns the number of store-months computed."""
    return refresh_stores(stores, months_between(first_day, last_day), today,
                          only_unusable=only_unusable)


def nightly(today: datetime.date | None = None) -> tuple[int, int]:
    """After the day closes: the month just closed, recomputed for every active store (the
    safety net for writes no signal saw), and every stale row of any month; yesterday, if
    of the open month, kept for every active store, and every stale day of the open month;
    the day rows of closed months (their month row replaces them) deleted. Today is never
    kept (a workbook reads it live). Called in an all-stores scope. Returns (store-months,
    store-days) computed."""
    from reports.models import StoreDayFigures, StoreMonthFigures

    today = today or timezone.localdate()
    stores = active_stores()
    previous = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    done = refresh_stores(stores, [previous], today)
    by_id = {s.pk: s for s in stores}
    stale: dict = {}
    for store_id, month in (StoreMonthFigures.objects.filter(stale=True)
                            .exclude(month=previous).values_list("store_id", "month")):
        if store_id in by_id:
            stale.setdefault(month, []).append(by_id[store_id])
    for month, group in sorted(stale.items()):
        if month_closed(month, today):
            refresh(group, month, today)
            done += len(group)
    open_month = today.replace(day=1)
    StoreDayFigures.objects.filter(day__lt=open_month).delete()
    yesterday = today - datetime.timedelta(days=1)
    days = 0
    if yesterday >= open_month:
        refresh_days(stores, yesterday, yesterday, today)
        days = len(stores)
    stale_days: dict = {}
    for store_id, day in (StoreDayFigures.objects.filter(stale=True, day__lt=yesterday)
                          .values_list("store_id", "day")):
        if store_id in by_id:
            stale_days.setdefault(day, []).append(by_id[store_id])
    for day, group in sorted(stale_days.items()):
        refresh_days(group, day, day, today)
        days += len(group)
    return done, days
