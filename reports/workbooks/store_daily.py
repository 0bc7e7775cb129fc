"""营业厅日报 (Store daily report): the store's figures for the period."""

from reports.models import Kind

from . import L, Workbook, register_workbook

WORKBOOK = register_workbook(
    Workbook(kind=Kind.STORE_DAILY, title=L("营业厅日报", "Store daily report"))
)
