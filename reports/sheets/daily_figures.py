"""The operations figures of every store and business day of a workbook, read once.

The 'operations by day' sheets show them day by day and the headline figures sum them over
the period, so a workbook reads them once (through the workbook's cache) whatever the number
of stores: a fixed number of grouped queries through the features' selectors.
"""

import datetime

from complaints import selectors as complaints
from hallops.money import ZERO
from hallops.selectors import cash, checklists, dutylog
from hallops.selectors import daily_reports as daily

from . import shared

MONEY = ("net", "takings", "overage", "shortage", "handed_in")
COUNTS = ("volume", "marketing", "received", "closed", "overdue", "logs", "submitted", "items",
          "ticked")


def empty() -> dict:
    return {**dict.fromkeys(MONEY, ZERO), **dict.fromkeys(COUNTS, 0)}


def compute(stores, start: datetime.date, end: datetime.date, *, checklists_: bool = True
            ) -> dict:
    """{(store id, day): {figure: value}}; days without any activity are left out.

    `checklists_=False` leaves the checklist items and ticks at 0 (the yearly workbook reads
    them grouped by month instead: `checklists.completion_by_store_month`)."""
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    out: dict = {}

    def slot(key):
        found = out.get(key)
        if found is None:
            found = out[key] = empty()
        return found

    for key, counts in daily.confirmed_volumes(stores, start, end, by=("store", "date")).items():
        slot(key).update(counts)
    for key, net in daily.confirmed_net_receipts(stores, start, end,
                                                 by=("store", "date")).items():
        slot(key)["net"] = net
    for key, row in cash.days_summary_by_store(stores, days, tail=False).items():
        if row["tills"] or row["handed_in"] or row["overage"] or row["shortage"]:
            slot(key).update({name: row[name] for name in ("takings", "overage", "shortage",
                                                           "handed_in")})
    for key, counts in complaints.period_counts(stores, start, end, by_day=True).items():
        slot(key).update(counts)
    for key, counts in dutylog.log_counts(stores, start, end, by_day=True).items():
        slot(key).update(counts)
    for run in (checklists.run_completion(stores, start, end) if checklists_ else ()):
        s = slot((run["store_id"], run["business_date"]))
        s["items"] += run["total"]
        s["ticked"] += run["ticked"]
    return out


def cache_key(stores, start, end) -> tuple:
    """The cache key of compute(stores, start, end) (the yearly workbook fills it per month)."""
    return ("store_day_figures", tuple(s.pk for s in stores), start, end)


_key = cache_key


def for_sheet(ctx) -> dict:
    """The figures of all the workbook's stores (a sheet repeated per store reads them once)."""
    stores = ctx.scope_stores
    return ctx.cached(_key(stores, ctx.start, ctx.end), lambda: compute(stores, ctx.start, ctx.end))


def totals(stores, start, end, name: str) -> dict:
    """{store id: `name` summed over the period}, for a headline figure."""
    figures = shared(_key(stores, start, end), lambda: compute(stores, start, end))
    out: dict = {}
    for (store_id, _day), row in figures.items():
        out[store_id] = out.get(store_id, 0) + row[name]
    return out
