"""Monthly targets against what the confirmed daily reports say was sold."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum

from hallops.models import ClerkDailyReport, ClerkReportLine, MonthlyTarget, ProductLine
from hallops.periods import month_dates


@dataclass
class Progress:
    line: ProductLine
    target: int | None
    actual: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.actual / self.target) if self.target else None


def _actuals(store, first, last, clerk=None) -> dict:
    qs = ClerkReportLine.objects.filter(
        report__store=store, report__status=ClerkDailyReport.Status.CONFIRMED,
        report__business_date__gte=first, report__business_date__lte=last,
        product_line__isnull=False,
    )
    if clerk is not None:
        qs = qs.filter(report__clerk=clerk)
    out: dict = defaultdict(int)
    for row in qs.values("report__clerk_id", "product_line_id").annotate(t=Sum("count")):
        out[(row["report__clerk_id"], row["product_line_id"])] += row["t"] or 0
    return out


def month_progress(store, year: int, month: int, *, clerk=None):
    """(store rows, {clerk id: rows}) of Progress per product line for the month.

    With `clerk`, only that clerk's rows are computed (a clerk sees their own progress).
    """
    first, last = month_dates(datetime.date(year, month, 1))
    lines = list(ProductLine.objects.filter(is_active=True))
    actual = _actuals(store, first, last, clerk)
    targets = MonthlyTarget.objects.filter(store=store, month=first)
    if clerk is not None:
        targets = targets.filter(clerk__in=[clerk])
    store_targets: dict[int, int] = {}
    clerk_targets: defaultdict[int, dict[int, int]] = defaultdict(dict)
    for t in targets:
        if t.clerk_id is None:
            store_targets[t.product_line_id] = t.quantity
        else:
            clerk_targets[t.clerk_id][t.product_line_id] = t.quantity
    line_totals: dict = defaultdict(int)
    clerk_ids = set(clerk_targets)
    for (clerk_id, line_id), value in actual.items():
        line_totals[line_id] += value
        clerk_ids.add(clerk_id)
    store_rows = [Progress(pl, store_targets.get(pl.pk), line_totals.get(pl.pk, 0))
                  for pl in lines]
    per_clerk = {
        cid: [Progress(pl, clerk_targets[cid].get(pl.pk), actual.get((cid, pl.pk), 0))
              for pl in lines]
        for cid in clerk_ids
    }
    return store_rows, per_clerk


def targets_for_month(store, first: datetime.date):
    return MonthlyTarget.objects.filter(store=store, month=first).select_related(
        "clerk", "product_line")
