"""The roster (排班) of the period: one row per shift, with who is on leave."""

from hallops.models import RosterEntry
from hallops.people import name_from_parts
from reports.models import Kind

from . import Column, L, Sheet, T, register_sheet

WORKING = L("上班", "Working")
ON_LEAVE = L("请假", "On leave")


@register_sheet(kinds=(Kind.STORE_MONTHLY,), order=65)
class RosterSheet(Sheet):
    key = "roster"
    title = L("排班", "Roster")
    columns = (
        Column(L("日期", "Date"), T.DATE),
        Column(L("星期", "Weekday"), T.TEXT, width=8),
        Column(L("班次", "Shift"), T.TEXT, width=8),
        Column(L("开始", "Starts"), T.TEXT, width=8),
        Column(L("结束", "Ends"), T.TEXT, width=8),
        Column(L("岗位", "Post"), T.TEXT, width=14),
        Column(L("工号", "Employee no."), T.TEXT, width=10),
        Column(L("姓名", "Name"), T.TEXT, width=14),
        Column(L("状态", "Status"), T.TEXT, width=10),
    )
    WEEKDAYS = (L("周一", "Mon"), L("周二", "Tue"), L("周三", "Wed"), L("周四", "Thu"),
                L("周五", "Fri"), L("周六", "Sat"), L("周日", "Sun"))

    def rows(self, ctx):
        entries = (
            RosterEntry.objects.filter(store=ctx.store, date__gte=ctx.start, date__lte=ctx.end)
            .values("date", "shift_type__code", "shift_type__starts_at", "shift_type__ends_at",
                    "post__name", "post__name_en", "user__profile__employee_no",
                    "user__first_name", "user__last_name", "user__username", "on_leave")
            .order_by("date", "shift_type__starts_at", "post__sort_order", "user__username")
        )
        for r in entries.iterator(chunk_size=2000):
            yield (r["date"], str(self.WEEKDAYS[r["date"].weekday()]), r["shift_type__code"],
                   r["shift_type__starts_at"].strftime("%H:%M"),
                   r["shift_type__ends_at"].strftime("%H:%M"),
                   str(L(r["post__name"], r["post__name_en"] or r["post__name"])),
                   r["user__profile__employee_no"] or "",
                   name_from_parts(r["user__first_name"], r["user__last_name"],
                                   r["user__username"]),
                   str(ON_LEAVE if r["on_leave"] else WORKING))
