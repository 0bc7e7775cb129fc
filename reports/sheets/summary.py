"""The first sheet of every store workbook: the headline figures of the period."""

from reports.models import STORE_KINDS

from . import Column, L, Sheet, T, Typed, headline_values, headlines, register_sheet


@register_sheet(kinds=STORE_KINDS, order=10)
class SummarySheet(Sheet):
    key = "summary"
    title = L("概况", "Summary")
    columns = (
        Column(L("项目", "Figure"), T.TEXT, width=24),
        Column(L("数值", "Value"), T.AUTO, width=16, total=False),
    )
    totals = False
    signatures = (L("制表", "Prepared by"), L("复核", "Reviewed by"), L("厅经理", "Store manager"))

    def rows(self, ctx):
        values = headline_values(ctx.stores, ctx.start, ctx.end, ctx.today, cache=ctx.cache)[ctx.store.pk]
        yield (str(L("营业厅", "Store")), f"{ctx.store.code} {ctx.store.name}")
        yield (str(L("期间自", "Period from")), ctx.start)
        yield (str(L("期间至", "Period to")), ctx.end)
        for h in headlines():
            yield (str(h.title), Typed(values[h.key], h.type))
