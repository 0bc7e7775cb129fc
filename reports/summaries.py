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
- the open month and the days after it are kept day by day (`StoreDayFigures`, for the
  yearly workbook): each day other than today (closed days; days still ahead, where only
  planned things happen: roster, leave) keeps the parts its headlines are summed from, with
  the same freshness rules (stale on a write dated that day, recomputed on the fly,
  `generation`); a figure not additive over days is kept as its parts (the staff rostered
  as a set of people, the checklist completion as items and ticked) and the month
  recomposed exactly; each month's run of kept days (the closed days so far, the days
  ahead) is kept summed per store (`StoreSpanFigures`), so the yearly reads one row per
  store and month; today is never kept: the yearly leaves the open business day out
  until it closes (its header says to which day its figures run);
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
# 2: the month's stock report (进销存) kept too.
VERSION = 2


def month_closed(first: datetime.date, today: datetime.date | None) -> bool:
    return today is not None and month_dates(first)[1] < today


def full_month(start: datetime.date, end: datetime.date) -> bool:
    return (start.day == 1) and month_dates(start)[1] == end


def _days(first: datetime.date) -> list[datetime.date]:
    start, end = month_dates(first)
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def compute(stores: Sequence, first: datetime.date, today: datetime.date) -> dict:
    """{store id: (headline values, by-day rows, operations rows, stock report rows)} of one
    month, computed live: the functions the regional sheets call, with the reads they share
    (attendance, operations by store and day) read once."""
    from materials.selectors import stock_reports
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
    stock = stock_reports(stores, start, end)
    days = _days(first)
    return {s.pk: (values[s.pk], list(by_day_rows(figures, s.pk, days)),
                   list(operations_rows(operations, s.pk, days)), stock[s.pk]) for s in stores}


def _encode_stock(rows) -> list:
    """[StockReportRow] → JSON: [item id, opening, [quantity of each REPORT_KINDS], closing]."""
    from materials.selectors import REPORT_KINDS

    return [[r.item.pk, r.opening, [r.moves[k] for k in REPORT_KINDS], r.closing] for r in rows]


def _decode_stock(kept: dict) -> dict:
    """{key: encoded stock rows} → {key: [StockReportRow]}, the items read once for all (their
    names, units and values as they are now, as a live read shows them) and the rows in the
    live read's order."""
    from materials.models import ItemType
    from materials.selectors import REPORT_KINDS, StockReportRow, report_order

    items = ItemType.objects.in_bulk({row[0] for rows in kept.values() for row in rows})
    return {key: sorted((StockReportRow(item=items[item_id], opening=opening,
                                        moves=dict(zip(REPORT_KINDS, moves, strict=True)),
                                        closing=closing)
                         for item_id, opening, moves, closing in rows),
                        key=lambda r: report_order(r.item))
            for key, rows in kept.items()}


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
    """Money back to Decimal (kept as exact text); a copy, only the money keys touched."""
    out = dict(values)
    for key in money:
        value = out.get(key)
        if value is not None:
            out[key] = Decimal(value)
    return out


def _money_keys() -> set[str]:
    from reports.sheets import T, headlines

    return {h.key for h in headlines() if h.type == T.MONEY}


def _usable(row, last: datetime.date, keys: set[str]) -> bool:
    """`row`: a StoreMonthFigures or its values() dict; `last`: its month's last day."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    as_of = get("as_of")
    return (not get("stale") and get("version") == VERSION and as_of is not None
            and as_of > last and keys <= get("headlines").keys())


def month_figures(stores: Sequence, first: datetime.date, today: datetime.date) -> dict:
    """{store id: (headline values, by-day rows, operations rows, stock report rows)} of a
    closed month, from the kept rows (two queries: the rows, the items they hold); the stores
    whose row is missing, stale or outdated are computed now (and kept)."""
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
              *(["by_day", "operations", "stock"] if rows else [])]
    kept = {(r["store_id"], r["month"]): r for r in StoreMonthFigures.objects.filter(
        store_id__in=[s.pk for s in stores], month__in=list(months)).values(*fields)}
    last = {first: month_dates(first)[1] for first in months}
    usable = {key for key, row in kept.items() if _usable(row, last[key[1]], keys)}
    stock = _decode_stock({key: kept[key]["stock"] for key in usable}) if rows else {}
    out: dict = {}
    for first in months:
        month = out[first] = {}
        missing = []
        for store in stores:
            key = (store.pk, first)
            if key in usable:
                row = kept[key]
                month[store.pk] = (_decode(row["headlines"], money),
                                   *((_decode_rows(row["by_day"]),
                                      _decode_rows(row["operations"], operations_money),
                                      stock[key])
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
    for pk, (values, by_day, operations, stock) in computed.items():
        StoreMonthFigures.objects.filter(
            store_id=pk, month=first, generation=generations[pk]
        ).update(headlines=_encode(values), by_day=_encode_rows(by_day),
                 operations=_encode_rows(operations), stock=_encode_stock(stock), as_of=today,
                 version=VERSION, stale=False, computed_at=now)
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
            todo = [s for s in todo if s.pk not in rows or not _usable(rows[s.pk], month_dates(first)[1], keys)]
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
    staff = selectors.roster_staff_by_day(stores, start, end)
    # the shifts rostered are the attendance read's "rostered" (every roster entry of the
    # day, as `roster_counts` counts them): one query less
    attendance = selectors.attendance_counts(stores, start, end, by="store_date", today=today)
    actions = selectors.audit_counts_by_store_day(stores, start, end)
    unconfirmed = daily_reports.unconfirmed_report_counts(stores, start, end, by_day=True)
    out: dict = {}
    for day in _span(start, end):
        for store in stores:
            key = (store.pk, day)
            figures = attendance.get(key)
            out[key] = {"ops": ops.get(key), "shifts": figures["rostered"] if figures else 0,
                        "staff": sorted(staff.get(key, ())), "attendance": figures,
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


def _fits(as_of: datetime.date | None, first: datetime.date, last: datetime.date,
          today: datetime.date) -> bool:
    """Kept figures of the days [first, last] computed `as_of` may be used `today`: closed
    days if computed after them (absences count past days only); days still ahead if
    computed before them (nothing but planned things yet: roster, leave); never a run that
    holds today (the open day: never kept)."""
    if as_of is None:
        return False
    if last < today:
        return as_of > last
    if first > today:
        return as_of < first
    return False


def _day_usable(row: dict, today: datetime.date) -> bool:
    return (not row["stale"] and row["version"] == DAY_VERSION
            and _fits(row["as_of"], row["day"], row["day"], today))


def _segments(start: datetime.date, end: datetime.date,
              today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """[(first, last)] of the kept runs of [start, end]: cut at each month's end and around
    today (the closed days of a month, the days of a month still ahead)."""
    one = datetime.timedelta(days=1)
    out = []
    for first in months_between(start, end):
        lo, hi = max(first, start), min(month_dates(first)[1], end)
        for a, b in ((lo, min(hi, today - one)), (max(lo, today + one), hi)):
            if a <= b:
                out.append((a, b))
    return out


def open_days(stores: Sequence, start: datetime.date, end: datetime.date,
              today: datetime.date) -> dict:
    """{(store id, day): parts} of [start, end] (the open month and later) for `month_cache`:
    each run of kept days within a month (the closed days so far, the days still ahead) as
    ONE entry per store keyed by the run's first day, its days summed (`kept_spans`: a kept
    row per store and run, one query for them all). `month_cache` sums the entries of a
    month whatever days they stand for.

    Today is not among them: the yearly of the open year reports the closed business days
    (to yesterday's close, printed in its header) and the days still ahead (the roster as
    planned). The open day's figures are partial until it closes (tills not yet counted,
    daily reports not yet filed); they join the closed days the next morning, kept by the
    nightly job. The workbooks of a day, a week so far or a month still read today live."""
    return kept_spans(stores, _segments(start, end, today), today)


def _sum_parts(days: Iterable[dict]) -> dict:
    """The parts of a run of days: figures summed, the staff rostered as the set of people
    (a figure absent on every day stays absent, as in a live read)."""
    ops: dict | None = None
    attendance: dict | None = None
    staff: set = set()
    shifts = actions = unconfirmed = 0
    for parts in days:
        for name, row in (("ops", parts["ops"]), ("attendance", parts["attendance"])):
            if row is None:
                continue
            total = ops if name == "ops" else attendance
            if total is None:
                total = dict(row)
            else:
                for key, value in row.items():
                    total[key] = total.get(key, 0) + value
            if name == "ops":
                ops = total
            else:
                attendance = total
        shifts += parts["shifts"]
        staff.update(parts["staff"])
        actions += parts["actions"]
        unconfirmed += parts["unconfirmed"]
    return {"ops": ops, "shifts": shifts, "staff": sorted(staff), "attendance": attendance,
            "actions": actions, "unconfirmed": unconfirmed}


def kept_spans(stores: Sequence, segments: Sequence[tuple[datetime.date, datetime.date]],
               today: datetime.date) -> dict:
    """{(store id, run's first day): summed parts} of each run (first, last) of `segments`
    (none holding today), from the kept runs (one query); the missing, stale or outdated
    ones are summed now from the kept days (`refresh_spans`) and kept."""
    from reports.models import StoreSpanFigures
    from reports.sheets.daily_figures import MONEY

    if not segments:
        return {}
    money = set(MONEY)
    wanted = set(segments)
    out: dict = {}
    for store_id, first, last, parts, stale, version, as_of in (
            StoreSpanFigures.objects.filter(store_id__in=[s.pk for s in stores],
                                            first__in=[first for first, _last in segments])
            .values_list("store_id", "first", "last", "parts", "stale", "version", "as_of")):
        if ((first, last) in wanted and not stale and version == DAY_VERSION
                and _fits(as_of, first, last, today)):
            out[(store_id, first)] = _decode_parts(parts, money)
    for first, last in segments:
        missing = [s for s in stores if (s.pk, first) not in out]
        for store_id, parts in refresh_spans(missing, first, last, today).items():
            out[(store_id, first)] = parts
    return out


def refresh_spans(stores: Sequence, first: datetime.date, last: datetime.date,
                  today: datetime.date) -> dict:
    """Sum and keep the run [first, last] (within a month, today not in it) of `stores`
    from their kept days (computed now where missing or stale); returns {store id: parts}.
    As `refresh`: a row is written only if no write marked it meanwhile."""
    from reports.models import StoreSpanFigures

    if not stores:
        return {}
    ids = [s.pk for s in stores]
    StoreSpanFigures.objects.bulk_create(
        [StoreSpanFigures(store_id=pk, first=first, last=last) for pk in ids],
        ignore_conflicts=True)
    generations = dict(StoreSpanFigures.objects.filter(store_id__in=ids, first=first, last=last)
                       .values_list("store_id", "generation"))
    days = kept_days(stores, first, last, today)
    sums = {pk: _sum_parts(days[(pk, day)] for day in _span(first, last)) for pk in ids}
    now = timezone.now()
    for pk, parts in sums.items():
        StoreSpanFigures.objects.filter(store_id=pk, first=first, last=last,
                                        generation=generations[pk]
                                        ).update(parts=_encode_parts(parts), as_of=today,
                                                 version=DAY_VERSION, stale=False,
                                                 computed_at=now)
    return sums


def kept_days(stores: Sequence, start: datetime.date, end: datetime.date,
              today: datetime.date) -> dict:
    """{(store id, day): parts} of days other than today (closed, or still ahead), from the
    kept rows (one query); the missing, stale or outdated ones are computed now (one read
    over their span) and kept."""
    from reports.models import StoreDayFigures
    from reports.sheets.daily_figures import MONEY

    assert not start <= today <= end, "today is never kept"
    money = set(MONEY)
    out: dict = {}
    for row in StoreDayFigures.objects.filter(
            store_id__in=[s.pk for s in stores], day__gte=start, day__lte=end).values(
            "store_id", "day", "parts", "stale", "version", "as_of"):
        if _day_usable(row, today):
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
    """Compute and keep the day rows of `stores` for the days [start, end] other than today
    (closed days, days still ahead); returns the parts. As `refresh`: a row is written only
    if no write marked it meanwhile."""
    from reports.models import StoreDayFigures

    one = datetime.timedelta(days=1)
    if start <= today <= end:
        out = refresh_days(stores, start, today - one, today)
        out.update(refresh_days(stores, today + one, end, today))
        return out
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
            "store_id", "day", "stale", "version", "as_of") if _day_usable(r, today)}
        todo = [(s, day) for s, day in todo if (s.pk, day) not in usable]
    if not todo:
        return 0
    group = list({s.pk: s for s, _day in todo}.values())
    refresh_days(group, min(d for _s, d in todo), max(d for _s, d in todo), today)
    return len(todo)


def keep_year(stores: Sequence, today: datetime.date, *, only_unusable: bool = True) -> int:
    """Keep what the yearly workbook of this year reads besides today and the closed months:
    the open month's closed days summed, and each month's days still ahead (the days kept
    too, computed where missing or unusable; all of them, and every run, without
    `only_unusable`: after writes no signal saw, as the volume seed's). Returns the number
    of store-runs summed now."""
    from reports.models import StoreSpanFigures

    if not stores:
        return 0
    year_end = today.replace(month=12, day=31)
    if not only_unusable and today < year_end:
        refresh_days(stores, today + datetime.timedelta(days=1), year_end, today)
    segments = _segments(today.replace(day=1), year_end, today)
    # runs no longer read: of a closed month, or cut at an earlier today
    wanted = set(segments)
    StoreSpanFigures.objects.filter(pk__in=[
        pk for pk, first, last in StoreSpanFigures.objects.filter(
            store_id__in=[s.pk for s in stores]).values_list("pk", "first", "last")
        if (first, last) not in wanted]).delete()
    done = 0
    for first, last in segments:
        usable = {pk for pk, stale, version, as_of in StoreSpanFigures.objects.filter(
            store_id__in=[s.pk for s in stores], first=first, last=last).values_list(
            "store_id", "stale", "version", "as_of")
            if only_unusable and not stale and version == DAY_VERSION
            and _fits(as_of, first, last, today)}
        todo = [s for s in stores if s.pk not in usable]
        refresh_spans(todo, first, last, today)
        done += len(todo)
    return done


# --- staleness ------------------------------------------------------------------------------

def mark_stale(store_id: int | None, *days: datetime.date | None) -> None:
    """A write dated on `days` of a store: the kept rows of those months, if closed, of
    those days of the open month or later (closed days, and days still ahead: roster
    planning, leave), and of the runs of kept days holding them, are stale.

    Cheap for today's work: today is never kept (no query). Any scope (or none): the update
    enters the store's own."""
    from hallops.scoping import store_scope
    from reports.models import StoreDayFigures, StoreMonthFigures, StoreSpanFigures

    if store_id is None:
        return
    today = timezone.localdate()
    open_month = today.replace(day=1)
    dated = [d for d in days if d is not None and d != today]
    if not dated:
        return
    months = {d.replace(day=1) for d in dated if d < open_month}
    kept_days_ = {d for d in dated if d >= open_month}
    with store_scope(store_id):
        if months:
            StoreMonthFigures.objects.filter(store_id=store_id, month__in=months).update(
                stale=True, generation=F("generation") + 1)
        if kept_days_:
            StoreDayFigures.objects.filter(store_id=store_id, day__in=kept_days_).update(
                stale=True, generation=F("generation") + 1)
            # every run between the first and the last day (marking more is never wrong)
            StoreSpanFigures.objects.filter(
                store_id=store_id, first__lte=max(kept_days_), last__gte=min(kept_days_)
            ).update(stale=True, generation=F("generation") + 1)


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
    from materials.models import Movement
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
        # of each closed month, and every day of the open month or later (kept day by day)
        if o.start_date is None or o.end_date is None:
            return []
        open_month = timezone.localdate().replace(day=1)
        in_open = (_span(max(o.start_date, open_month), o.end_date)
                   if o.end_date >= open_month else [])
        closed = [m for m in months_between(o.start_date, o.end_date) if m < open_month]
        return [(o.store_id, day) for day in [*closed, o.start_date, o.end_date, *in_open]]

    def movement(o):
        # a movement changes its month's stock report and the opening balance of every
        # later month: its day, and the first day of each later closed month
        if o.business_date is None:
            return []
        last_closed = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        later = months_between(o.business_date, last_closed)[1:]
        return [(o.store_id, o.business_date), *((o.store_id, first) for first in later)]

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
        (Movement, movement),
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
    the day rows of closed months (their month row replaces them) deleted; the runs the
    yearly reads (`keep_year`: the month so far, the days ahead) kept. Today is never kept
    (the yearly leaves the open day out; the other workbooks read it live). Called in an
    all-stores scope. Returns (store-months, store-days of the open month before today)
    computed."""
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
    keep_year(stores, today)  # the month so far summed, the days ahead kept and summed
    return done, days
