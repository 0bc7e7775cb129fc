"""营业周报 (Store weekly report): the store's figures for the period."""

from reports.models import Kind

from . import L, Workbook, register_workbook

WORKBOOK = register_workbook(
    Workbook(kind=Kind.STORE_WEEKLY, title=L("营业周报", "Store weekly report"))
)
