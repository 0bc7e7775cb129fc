"""Regional monthly workbook: one row per store for every headline figure, then each store."""

from reports.models import Kind

from . import Column, L, Sheet, T, headline_values, headlines, register_sheet
from .attendance import ByDaySheet


@register_sheet(kinds=(Kind.REGION_MONTHLY,), order=10)
class StoresSheet(Sheet):
    key = "region_stores"
    title = L("各厅汇总", "Stores")

    @property
    def columns(self):
        return (
            Column(L("编码", "Code"), T.TEXT, width=10),
            Column(L("营业厅", "Store"), T.TEXT, width=22),
            *(Column(h.title, h.type, width=12) for h in headlines()),
        )

    def rows(self, ctx):
        values = headline_values(ctx.stores, ctx.start, ctx.end, ctx.today, cache=ctx.cache)
        keys = [h.key for h in headlines()]
        for store in ctx.stores:
            row = values[store.pk]
            yield (store.code, store.name, *(row[k] for k in keys))


@register_sheet(kinds=(Kind.REGION_MONTHLY,), order=100)
class StoreByDaySheet(ByDaySheet):
    """The store monthly 'by day' sheet, repeated for every store of the region."""

    key = "region_store_by_day"
    per_store = True
