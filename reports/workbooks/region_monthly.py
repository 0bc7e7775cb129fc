"""片区月报 (Regional monthly report): one row per store, then a sheet for each store."""

from reports.models import Kind

from . import L, Workbook, register_workbook

WORKBOOK = register_workbook(
    Workbook(kind=Kind.REGION_MONTHLY, title=L("片区月报", "Regional monthly report"),
             regional=True)
)
