"""The month's roster as a workbook, written by the reports engine (its formats and labels)."""

import datetime

from django.utils import timezone

from hallops.periods import month_dates
from reports.engine import write_workbook
from reports.models import Kind
from reports.sheets import SheetContext
from reports.sheets.roster import RosterSheet


def roster_workbook(target, *, store, month: datetime.date) -> None:
    """Write the roster of `month` of `store` to `target` (a path or a binary file)."""
    first, last = month_dates(month)
    ctx = SheetContext(kind=Kind.STORE_MONTHLY, start=first, end=last, stores=[store],
                       today=timezone.localdate())
    write_workbook(target, [(RosterSheet(), ctx)])
