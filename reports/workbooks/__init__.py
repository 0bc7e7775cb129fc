"""Workbook definitions: one module per workbook, each a `Workbook` registered by kind.

A workbook says what its scope is (one store or a region), which period it covers and which
sheets it holds (from the sheet registry in reports.sheets); the engine writes it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from reports.sheets import L, Sheet, SheetContext, sheets_for


@dataclass(frozen=True)
class Workbook:
    kind: str
    title: L
    regional: bool = False
    # Its figures run to the last closed business day: the open day, partial until it
    # closes, is left out (the regional yearly; `reports.summaries.open_days`).
    closed_days_only: bool = False

    def context(self, report, today: datetime.date) -> SheetContext:
        from hallops.models import Store

        if self.regional:
            stores = list(Store.objects.filter(region=report.region, is_active=True)
                          .order_by("code"))
        else:
            stores = [report.store]
        through = (today - datetime.timedelta(days=1)
                   if self.closed_days_only and report.period_start <= today <= report.period_end
                   else None)
        return SheetContext(kind=self.kind, start=report.period_start, end=report.period_end,
                            stores=stores, region=report.region, today=today, through=through,
                            scope_stores=stores)

    def print_info(self, now: datetime.datetime):
        """The title and local generation time printed on every page of the workbook."""
        from django.utils import timezone

        from reports.engine import PrintInfo

        return PrintInfo(title=str(self.title),
                         generated=timezone.localtime(now).replace(tzinfo=None))

    def plan(self, ctx: SheetContext) -> list[tuple[Sheet, SheetContext]]:
        """The shared sheets in order, then each store's own sheets together, store by store."""
        sheets = sheets_for(self.kind)
        plan = [(sheet, ctx) for sheet in sheets if not sheet.per_store]
        per_store = [sheet for sheet in sheets if sheet.per_store]
        if per_store:
            for store in ctx.stores:
                store_ctx = ctx.for_store(store)
                plan.extend((sheet, store_ctx) for sheet in per_store)
        return plan


_workbooks: dict[str, Workbook] = {}


def register_workbook(workbook: Workbook) -> Workbook:
    _workbooks[str(workbook.kind)] = workbook
    return workbook


def workbook_for(kind: str) -> Workbook:
    from . import (  # noqa: F401
        region_monthly,
        region_yearly,
        store_daily,
        store_monthly,
        store_weekly,
    )

    return _workbooks[str(kind)]
