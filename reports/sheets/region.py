"""Regional monthly workbook: one row per store for every headline figure, then each store.

A closed month reads the store-month figures kept ahead of time (`reports.summaries`, a
row per store; a missing or stale one is computed on the fly); the open month is read live.
"""

from reports import summaries
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
        kept = kept_figures(ctx)
        if kept is not None:
            values = {pk: row[0] for pk, row in kept.items()}
        else:
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

    def rows(self, ctx):
        kept = kept_figures(ctx)
        if kept is None:
            return super().rows(ctx)
        return iter(kept[ctx.store.pk][1])


def kept_figures(ctx) -> dict | None:
    """{store id: (headline values, by-day rows, operations rows, stock report rows)} of a
    closed whole month, once per workbook (kept rows; a missing or stale one computed now);
    None for a month read live."""
    if not (summaries.full_month(ctx.start, ctx.end)
            and summaries.month_closed(ctx.start, ctx.today)):
        return None
    return ctx.cached("region_month_figures",
                      lambda: summaries.month_figures(ctx.scope_stores, ctx.start, ctx.today))
