"""营业月报 (Store monthly report): the store's figures for the period."""

from reports.models import Kind

from . import L, Workbook, register_workbook

WORKBOOK = register_workbook(
    Workbook(kind=Kind.STORE_MONTHLY, title=L("营业月报", "Store monthly report"))
)
