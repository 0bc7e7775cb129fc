"""The floor at peaks (客户分流): per hour and queue, the most waiting, the longest wait, desks
open, the worst level and the actions taken, read through `floor.selectors`."""

from floor.models import Level
from floor.selectors import peaks_per_hour
from reports.models import STORE_KINDS

from . import Column, L, Sheet, T, register_sheet

LEVELS = {Level.GREEN: L("正常", "Normal"), Level.AMBER: L("繁忙", "Busy"),
          Level.RED: L("拥堵", "Overloaded")}


@register_sheet(kinds=STORE_KINDS, order=59)
class QueuePeakSheet(Sheet):
    key = "queue_peaks"
    title = L("客户分流", "Queue peaks")
    columns = (
        Column(L("营业日", "Business date"), T.DATE),
        Column(L("时段", "Hour"), T.TEXT, width=12),
        Column(L("队列", "Queue"), T.TEXT, width=10),
        Column(L("记录次数", "Readings"), T.INT),
        Column(L("最多等候人数", "Most waiting"), T.INT, total=False),
        Column(L("最长等候(分钟)", "Longest wait (min)"), T.INT, total=False),
        Column(L("最多开放台席", "Most desks open"), T.INT, total=False),
        Column(L("状态", "Level"), T.TEXT, width=8),
        Column(L("采取措施", "Actions taken"), T.INT),
    )

    def rows(self, ctx):
        for peak in peaks_per_hour(ctx.stores, ctx.start, ctx.end):
            yield (peak.business_date, f"{peak.hour:02d}:00–{peak.hour + 1:02d}:00",
                   peak.queue_type.label, peak.readings, peak.peak_waiting,
                   peak.peak_wait_minutes, peak.peak_desks, str(LEVELS[peak.worst_level]),
                   peak.actions)
