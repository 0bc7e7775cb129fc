"""The duty manager's logs (值班经理日志) and the completion of the daily checklists, read
through `hallops.selectors.dutylog` and `hallops.selectors.checklists`."""

from hallops.selectors import checklists, dutylog
from reports.models import STORE_KINDS

from . import Column, L, Sheet, T, daily_figures, register_headline, register_sheet
from ._helpers import local, person, ratio

LOGS_SIGNED = L("值班经理日志已提交", "Duty logs signed off")
COMPLETION = L("检查完成率", "Checklist completion")


def kind_label(run: dict) -> str:
    """The kind's name from a `run_completion` row (configured in the admin, bilingual)."""
    return str(L(run["kind__name"], run["kind__name_en"] or run["kind__name"]))


@register_sheet(kinds=STORE_KINDS, order=57)
class DutyLogSheet(Sheet):
    key = "duty_logs"
    title = L("值班经理日志", "Duty logs")
    columns = (
        Column(L("营业日", "Business date"), T.DATE),
        Column(L("班次", "Shift"), T.TEXT, width=8),
        Column(L("值班经理", "Duty manager"), T.TEXT, width=12),
        Column(L("状态", "Status"), T.TEXT, width=10),
        Column(L("提交时间", "Submitted at"), T.DATETIME),
        Column(L("取号数", "Queue tickets"), T.INT),
        Column(L("最长等候(分钟)", "Longest wait (min)"), T.INT, total=False),
        Column(L("高峰时段", "Peak time"), T.TEXT, width=12),
        Column(L("天气", "Weather"), T.TEXT, width=8),
        Column(L("交接事项", "Handover"), T.TEXT, width=30),
        Column(L("审核人", "Reviewed by"), T.TEXT, width=12),
        Column(L("审核时间", "Reviewed at"), T.DATETIME),
    )

    def rows(self, ctx):
        for log in dutylog.logs_between(ctx.store, ctx.start, ctx.end):
            yield (log.business_date, log.shift_type.code, person(log.duty_manager),
                   log.get_status_display(), local(log.submitted_at), log.tickets_issued,
                   log.longest_wait_minutes, log.peak_time, log.weather, log.handover,
                   person(log.reviewed_by), local(log.reviewed_at))


@register_sheet(kinds=STORE_KINDS, order=58)
class ChecklistSheet(Sheet):
    """Each daily run (opening, daily workflow, closing): items ticked, late, problems, left."""

    key = "checklists"
    title = L("检查完成", "Checklists")
    columns = (
        Column(L("营业日", "Business date"), T.DATE),
        Column(L("类型", "Kind"), T.TEXT, width=24),
        Column(L("模板", "Template"), T.TEXT, width=20),
        Column(L("项目数", "Items"), T.INT),
        Column(L("已完成", "Ticked"), T.INT),
        Column(L("逾时完成", "Ticked late"), T.INT),
        Column(L("有问题", "Problems"), T.INT),
        Column(L("未完成", "Not ticked"), T.INT),
        Column(L("完成率", "Completion"), T.PERCENT),
    )

    def rows(self, ctx):
        for run in checklists.run_completion(ctx.stores, ctx.start, ctx.end):
            total = run["total"]
            yield (run["business_date"], kind_label(run),
                   str(L(run["template__name"], run["template__name_en"] or run["template__name"])),
                   total, run["ticked"], run["late"], run["problems"], total - run["ticked"],
                   ratio(run["ticked"], total))


@register_headline(key="duty_logs", title=LOGS_SIGNED, order=400)
def duty_logs(stores, start, end, today):
    return daily_figures.totals(stores, start, end, "submitted")


@register_headline(key="checklist_completion", title=COMPLETION, type=T.PERCENT, order=410)
def checklist_completion(stores, start, end, today):
    """The share of the items of the period's daily runs ticked, a fraction written as a
    percentage like the checklist sheet's (blank with no runs)."""
    items = daily_figures.totals(stores, start, end, "items")
    ticked = daily_figures.totals(stores, start, end, "ticked")
    return {s.pk: ratio(ticked[s.pk], items[s.pk]) if items.get(s.pk) else None
            for s in stores}
