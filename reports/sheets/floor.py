"""The floor at peaks (客户分流), read through `floor.selectors`: the daily workbook has each
hour of the day per queue (the most waiting, the longest wait, desks open, the worst level and
the actions taken); the weekly and monthly ones fold the days into the hours of the day, so
the manager sees which hours peak and the sheet stays one printed page."""

from collections import defaultdict

from floor.models import Level
from floor.selectors import LEVEL_RANK, peaks_per_hour
from reports.models import Kind

from . import Column, L, Sheet, T, register_sheet

LEVELS = {Level.GREEN: L("正常", "Normal"), Level.AMBER: L("繁忙", "Busy"),
          Level.RED: L("拥堵", "Overloaded")}


@register_sheet(kinds=(Kind.STORE_DAILY,), order=59)
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


@register_sheet(kinds=(Kind.STORE_WEEKLY, Kind.STORE_MONTHLY), order=59)
class QueuePeakByHourSheet(Sheet):
    key = "queue_peaks_by_hour"
    title = L("客户分流", "Queue peaks")
    columns = (
        Column(L("时段", "Hour"), T.TEXT, width=12),
        Column(L("队列", "Queue"), T.TEXT, width=10),
        Column(L("记录天数", "Days read"), T.INT),
        Column(L("记录次数", "Readings"), T.INT),
        Column(L("最多等候人数", "Most waiting"), T.INT, total=False),
        Column(L("最长等候(分钟)", "Longest wait (min)"), T.INT, total=False),
        Column(L("最多开放台席", "Most desks open"), T.INT, total=False),
        Column(L("拥堵天数", "Days overloaded"), T.INT),
        Column(L("最差状态", "Worst level"), T.TEXT, width=8),
        Column(L("采取措施", "Actions taken"), T.INT),
    )

    def rows(self, ctx):
        hours: dict[tuple, list] = defaultdict(list)
        for peak in peaks_per_hour(ctx.stores, ctx.start, ctx.end):
            hours[(peak.hour, peak.queue_type.sort_order, peak.queue_type.pk)].append(peak)
        for (hour, _order, _queue), peaks in sorted(hours.items()):
            worst = max((p.worst_level for p in peaks), key=lambda lv: LEVEL_RANK.get(lv, 0))
            yield (f"{hour:02d}:00–{hour + 1:02d}:00", peaks[0].queue_type.label, len(peaks),
                   sum(p.readings for p in peaks), max(p.peak_waiting for p in peaks),
                   max(p.peak_wait_minutes for p in peaks), max(p.peak_desks for p in peaks),
                   sum(1 for p in peaks if p.worst_level == Level.RED), str(LEVELS[worst]),
                   sum(p.actions for p in peaks))
