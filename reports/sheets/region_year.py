"""Regional yearly workbook: every headline figure month by month, for the region and for
each of its stores.

The figures of a month come from `headline_values` for all the region's stores at once (a
query or so per headline and month, whatever the number of stores), computed once per
workbook and shared by both sheets through the workbook's cache. Each month gets its own
headline cache: `shared` reads are keyed by name, not by period. Rows are written as they are
produced (the engine's write-only workbook), so memory stays flat whatever the year holds.
"""

from __future__ import annotations

import datetime

from hallops.money import ZERO
from hallops.periods import month_dates
from hallops.selectors import checklists
from reports import selectors
from reports.models import Kind

from . import Column, L, Sheet, T, daily_figures, headline_values, headlines, register_sheet
from .headlines_core import attendance_by_day_key, audit_key, roster_key

MONTH = L("月份", "Month")


def months(ctx) -> list[tuple]:
    """[(first, last)] of each month of the period (a month cut by the period is cut too)."""
    out, first = [], ctx.start.replace(day=1)
    while first <= ctx.end:
        start, end = month_dates(first)
        out.append((max(start, ctx.start), min(end, ctx.end)))
        first = end + datetime.timedelta(days=1)
    return out


def _month_slice(by_store_day: dict, start, end) -> dict:
    return {key: row for key, row in by_store_day.items() if start <= key[1] <= end}


def _with_checks(month: dict, checks: dict, first) -> dict:
    """The month's store-and-day figures with the month's checklist items and ticks (read
    grouped by month) added to a row of each store: the headlines only sum them by store."""
    for (store_id, month_first), figures in checks.items():
        if month_first != first:
            continue
        key = (store_id, first)
        row = month[key] = dict(month.get(key) or daily_figures.empty())  # the year's row: copy
        row["items"] += figures["items"]
        row["ticked"] += figures["ticked"]
    return month


def _split(by_store_month: dict, months_: list[tuple]) -> dict:
    """{(store id, month's first day): v} → {month's first day: {store id: v}}."""
    out: dict = {first.replace(day=1): {} for first, _last in months_}
    for (store_id, month), value in by_store_month.items():
        out[month.replace(day=1)][store_id] = value
    return out


def monthly_values(ctx) -> list[tuple]:
    """[(month's first day, {store_id: {headline key: value}})], once per workbook.

    A closed whole month comes from the store-month figures kept ahead of time
    (`reports.summaries`: a few hundred rows for a year; a missing or stale one is computed
    on the fly). The open month and any later one are composed from kept runs of days
    (`_by_day_values`): the closed days so far and the days still ahead from the figures
    kept ahead of time; today, the open business day, is left out until it closes (the
    header says so: `SheetContext.through`). Any other month (a closed month cut by the
    period) is read live: those months are read once and each month's headline cache is
    given its part (`_live_values`).
    """
    from reports import summaries

    stores = ctx.scope_stores

    def compute():
        periods = months(ctx)
        kept = {start for start, end in periods
                if summaries.full_month(start, end) and summaries.month_closed(start, ctx.today)}
        by_day = ([(start, end) for start, end in periods
                   if start not in kept and end >= ctx.today.replace(day=1)]
                  if ctx.today is not None else [])
        live = [(start, end) for start, end in periods
                if start not in kept and (start, end) not in by_day]
        values = dict(_live_values(ctx, live)) if live else {}
        if by_day:
            values.update(_by_day_values(ctx, by_day))
        if kept:
            values.update(summaries.months_headlines(stores, sorted(kept), ctx.today))
        return [(start, values[start]) for start, _end in periods]

    return ctx.cached("region_year_months", compute)


def _by_day_values(ctx, periods: list[tuple]) -> list[tuple]:
    """[(month's start, {store_id: {headline key: value}})] of `periods` (the open month and
    later ones), composed from parts: per store and month, the closed days so far and the
    days still ahead each kept summed (one kept row per store and run of days), today left
    out (`summaries.open_days`); each month's headline cache is composed from them
    (`summaries.month_cache`) and `headline_values` sums them as it sums a live read
    (tests/reports/test_month_figures.py: equal cell for cell)."""
    from reports import summaries

    stores = ctx.scope_stores
    days = summaries.open_days(stores, periods[0][0], periods[-1][1], ctx.today)
    return [(start, headline_values(stores, start, end, ctx.today,
                                    cache=summaries.month_cache(stores, start, end, ctx.today,
                                                                days)))
            for start, end in periods]


def _live_values(ctx, periods: list[tuple]) -> list[tuple]:
    """[(month's start, {store_id: {headline key: value}})] of `periods`, read live.

    Their whole span is read once and each month's headline cache is given its part, so no
    read is repeated per month: roster, attendance, checklist and audit counts grouped by
    store and month by the database (date_trunc; conditional counts over each month's
    business-day bounds); the other operations figures, kept by store and day (a day's cash
    over or short is not a month's), sliced by month. Each month's figures equal
    that month read alone (tests/reports/test_region_year.py).
    """
    stores = ctx.scope_stores
    first_day, last_day = periods[0][0], periods[-1][1]
    operations = daily_figures.compute(stores, first_day, last_day, checklists_=False)
    checks = checklists.completion_by_store_month(stores, first_day, last_day)
    roster = _split(selectors.roster_counts(stores, first_day, last_day, by="store_month"),
                    periods)
    audit = _split(selectors.audit_counts_by_store_month(stores, periods), periods)
    attendance = (selectors.attendance_counts(stores, first_day, last_day, by="store_month",
                                              today=ctx.today)
                  if ctx.today is not None else None)
    out = []
    for start, end in periods:
        first = start.replace(day=1)
        cache = {daily_figures.cache_key(stores, start, end):
                 _with_checks(_month_slice(operations, start, end), checks, first),
                 roster_key(stores, start, end): roster[first],
                 audit_key(stores, start, end): audit[first]}
        if attendance is not None:
            cache[attendance_by_day_key(stores, start, end, ctx.today)] = {
                key: row for key, row in attendance.items() if key[1] == first}
        out.append((start, headline_values(stores, start, end, ctx.today, cache=cache)))
    return out


def _figure_columns():
    return tuple(Column(h.title, h.type, width=12) for h in headlines())


@register_sheet(kinds=(Kind.REGION_YEARLY,), order=10)
class RegionByMonthSheet(Sheet):
    """The region's month: money and counts summed over its stores (a share, which cannot be
    summed, is left blank here and shown per store)."""

    key = "region_year_by_month"
    title = L("片区按月", "Region by month")

    @property
    def columns(self):
        return (Column(MONTH, T.TEXT, width=9), *_figure_columns())

    def rows(self, ctx):
        figures = headlines()
        for first, by_store in monthly_values(ctx):
            row: list = [f"{first:%Y-%m}"]
            for h in figures:
                if h.type in (T.INT, T.MONEY):
                    zero = ZERO if h.type == T.MONEY else 0
                    row.append(sum((v[h.key] or zero for v in by_store.values()), zero))
                else:
                    row.append(None)
            yield row


@register_sheet(kinds=(Kind.REGION_YEARLY,), order=20)
class StoresByMonthSheet(Sheet):
    """One row per store and month, store by store; the totals row is the region's year."""

    key = "region_year_stores"
    title = L("各厅按月", "Stores by month")

    @property
    def columns(self):
        return (
            Column(L("编码", "Code"), T.TEXT, width=10),
            Column(L("营业厅", "Store"), T.TEXT, width=20),
            Column(MONTH, T.TEXT, width=9),
            *_figure_columns(),
        )

    def rows(self, ctx):
        keys = [h.key for h in headlines()]
        per_month = monthly_values(ctx)
        for store in ctx.stores:
            for first, by_store in per_month:
                values = by_store[store.pk]
                yield (store.code, store.name, f"{first:%Y-%m}", *(values[k] for k in keys))
