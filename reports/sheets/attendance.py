"""Attendance sheets: each clock-in of a day, per person over a period, and by day."""

from django.utils import timezone

from hallops.people import name_from_parts
from reports import selectors
from reports.models import Kind

from . import Column, L, Sheet, T, register_sheet
from .headlines_core import attendance_by_day_key

STATUS_PRESENT = L("出勤", "Present")
STATUS_ABSENT = L("缺勤", "Absent")
STATUS_UNROSTERED = L("排班外", "Not rostered")
STATUS_ON_LEAVE = L("请假", "On leave")


def _name(row) -> str:
    return name_from_parts(row["user__first_name"], row["user__last_name"], row["user__username"])


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _post(row, prefix: str) -> str:
    zh, en = row.get(f"{prefix}post__name") or "", row.get(f"{prefix}post__name_en") or ""
    return str(L(zh, en or zh))


@register_sheet(kinds=(Kind.STORE_DAILY,), order=60)
class AttendanceDetailSheet(Sheet):
    key = "attendance_detail"
    title = L("考勤", "Attendance")
    columns = (
        Column(L("营业日", "Business date"), T.DATE),
        Column(L("工号", "Employee no."), T.TEXT, width=10),
        Column(L("姓名", "Name"), T.TEXT, width=14),
        Column(L("班次", "Shift"), T.TEXT, width=8),
        Column(L("岗位", "Post"), T.TEXT, width=14),
        Column(L("签到", "Clocked in"), T.DATETIME),
        Column(L("签退", "Clocked out"), T.DATETIME),
        Column(L("迟到分钟", "Minutes late"), T.INT),
        Column(L("迟到原因", "Reason for late arrival"), T.TEXT, width=24),
        Column(L("早退分钟", "Minutes left early"), T.INT),
        Column(L("早退原因", "Reason for leaving early"), T.TEXT, width=24),
        Column(L("状态", "Status"), T.TEXT, width=10),
    )

    def rows(self, ctx):
        store = ctx.store
        for r in selectors.attendance_detail(store, ctx.start, ctx.end):
            rostered = r["roster_entry_id"] is not None
            yield (
                r["business_date"], r["user__profile__employee_no"] or "", _name(r),
                r["roster_entry__shift_type__code"] or "", _post(r, "roster_entry__"),
                _local(r["clock_in"]), _local(r["clock_out"]), r["late_minutes"],
                r["late_reason"], r["early_leave_minutes"], r["early_leave_reason"],
                str(STATUS_PRESENT if rostered else STATUS_UNROSTERED),
            )
        for r in selectors.absent_entries(store, ctx.start, ctx.end, ctx.today):
            yield (r["date"], r["user__profile__employee_no"] or "", _name(r),
                   r["shift_type__code"], _post(r, ""), None, None, 0, "", 0, "",
                   str(STATUS_ON_LEAVE if r["on_leave"] else STATUS_ABSENT))


@register_sheet(kinds=(Kind.STORE_WEEKLY, Kind.STORE_MONTHLY), order=60)
class AttendanceByPersonSheet(Sheet):
    key = "attendance_by_person"
    title = L("人员考勤", "Attendance by person")
    columns = (
        Column(L("工号", "Employee no."), T.TEXT, width=10),
        Column(L("姓名", "Name"), T.TEXT, width=14),
        Column(L("排班班次", "Shifts rostered"), T.INT),
        Column(L("出勤班次", "Shifts attended"), T.INT),
        Column(L("迟到次数", "Late arrivals"), T.INT),
        Column(L("迟到分钟", "Minutes late"), T.INT),
        Column(L("早退次数", "Early leaves"), T.INT),
        Column(L("缺勤班次", "Absences"), T.INT),
        Column(L("排班外签到", "Clock-ins not rostered"), T.INT),
        Column(L("请假班次", "Shifts on leave"), T.INT),
    )

    def rows(self, ctx):
        for p in selectors.attendance_by_person(ctx.store, ctx.start, ctx.end, ctx.today):
            yield (p["employee_no"], p["name"], p["rostered"], p["attended"], p["late"],
                   p["late_minutes"], p["early"], p["absent"], p["unrostered"], p["on_leave"])


@register_sheet(kinds=(Kind.STORE_WEEKLY, Kind.STORE_MONTHLY), order=20)
class ByDaySheet(Sheet):
    """One row per day of the period: the daily figures side by side."""

    key = "by_day"
    title = L("按日", "By day")
    columns = (
        Column(L("营业日", "Business date"), T.DATE),
        Column(L("排班人数", "Staff rostered"), T.INT),
        Column(L("排班班次", "Shifts rostered"), T.INT),
        Column(L("出勤班次", "Shifts attended"), T.INT),
        Column(L("迟到次数", "Late arrivals"), T.INT),
        Column(L("迟到分钟", "Minutes late"), T.INT),
        Column(L("早退次数", "Early leaves"), T.INT),
        Column(L("缺勤班次", "Absences"), T.INT),
        Column(L("排班外签到", "Clock-ins not rostered"), T.INT),
        Column(L("操作记录", "Actions recorded"), T.INT),
    )

    @staticmethod
    def _figures(ctx):
        """By (store, day), for every store of the workbook at once: three queries in all
        (one attendance read gives the absences too)."""
        return by_day_figures(ctx.scope_stores, ctx.start, ctx.end, ctx.today or ctx.end,
                              ctx.cached)

    def rows(self, ctx):
        figures = ctx.cached("by_day", lambda: self._figures(ctx))
        return by_day_rows(figures, ctx.store.pk, ctx.days())


def by_day_figures(stores, start, end, today, cached):
    """The reads of the 'by day' sheet for `stores` over [start, end]; `cached(key, compute)`
    shares the attendance read with the headline figures (a workbook's `ctx.cached`)."""
    attendance = cached(  # the headline figures' read, when they ran first
        attendance_by_day_key(stores, start, end, today),
        lambda: selectors.attendance_counts(stores, start, end, by="store_date", today=today))
    return (
        selectors.roster_counts(stores, start, end, by="store_date"),
        attendance,
        {key: row["absent"] for key, row in attendance.items() if row["absent"]},
        selectors.audit_counts_by_store_day(stores, start, end),
    )


def by_day_rows(figures, store_id, days):
    """The 'by day' rows of one store (ByDaySheet.columns), from `by_day_figures`."""
    roster, attendance, absent, actions = figures
    for day in days:
        key = (store_id, day)
        r = roster.get(key, {})
        a = attendance.get(key, {})
        yield (day, r.get("staff", 0), r.get("shifts", 0), a.get("attended", 0),
               a.get("late", 0), a.get("late_minutes") or 0, a.get("early", 0),
               absent.get(key, 0), a.get("unrostered", 0), actions.get(key, 0))
