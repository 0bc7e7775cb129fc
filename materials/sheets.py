"""The monthly 进销存 sheet of the store and regional monthly workbooks (through the reports
registry; materials/apps.py imports this module)."""

from reports.models import Kind
from reports.sheets import Column, L, Sheet, T, register_sheet
from reports.sheets.region import kept_figures

from . import selectors


@register_sheet(kinds=(Kind.STORE_MONTHLY,), order=70)
class StockReportSheet(Sheet):
    key = "materials_stock"
    title = L("进销存", "Stock in and out")
    columns = (
        Column(L("物品", "Item"), T.TEXT),
        Column(L("单位", "Unit"), T.TEXT),
        Column(L("期初", "Opening"), T.INT),
        Column(L("入库", "Received"), T.INT),
        Column(L("调入", "Transferred in"), T.INT),
        Column(L("销售/使用", "Sold or used"), T.INT),
        Column(L("调出", "Transferred out"), T.INT),
        Column(L("报损/作废/过期", "Damaged, voided, expired"), T.INT),
        Column(L("盘点差异", "Stock-take difference"), T.INT),
        Column(L("期末", "Closing"), T.INT),
        Column(L("期末金额", "Closing value"), T.MONEY),
    )
    # The monthly stock report is filed signed (DOMAIN: materials, reports).
    signatures = (L("制表", "Prepared by"), L("复核", "Reviewed by"), L("厅经理", "Store manager"))

    def rows(self, ctx):
        # Every store of the workbook in one read (a regional workbook repeats this sheet).
        reports = ctx.cached("materials_stock", lambda: selectors.stock_reports(
            ctx.scope_stores, ctx.start, ctx.end))
        return self.lines(reports.get(ctx.store.pk, []))

    @staticmethod
    def lines(report):
        for r in report:
            m = r.moves
            yield (r.item.label, r.item.unit, r.opening, m["received"], m["transfer_in"],
                   m["sold"], m["transfer_out"], r.written_off, r.stocktake_difference,
                   r.closing, r.closing_value)


@register_sheet(kinds=(Kind.REGION_MONTHLY,), order=170)
class RegionStockReportSheet(StockReportSheet):
    """The store's 进销存, repeated for every store of the region."""

    key = "region_materials_stock"
    per_store = True

    def rows(self, ctx):
        # A closed month: the store-month figures kept ahead of time (the opening balance
        # sums every earlier month's movements: a year of the region's ledger read live)
        kept = kept_figures(ctx)
        if kept is None:
            return super().rows(ctx)
        return self.lines(kept[ctx.store.pk][3])

    def sheet_title(self, ctx):
        return f"{ctx.store.code} {self.title}"
