"""片区年报 (Regional yearly report): every store's headline figures month by month, and the
region's, over a calendar year (sheets in reports/sheets/region_year.py). The open year's
runs to yesterday's close (and the roster planned ahead): the header says to which day."""

from reports.models import Kind

from . import L, Workbook, register_workbook

WORKBOOK = register_workbook(
    Workbook(kind=Kind.REGION_YEARLY, title=L("片区年报", "Regional yearly report"),
             regional=True, closed_days_only=True)
)
