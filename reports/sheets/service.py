"""Service checks, mystery shoppers and the violations register (服务违规登记) in the store
monthly workbook, read through the service feature's selectors."""

from hallops.scoping import stores_scope
from reports.models import Kind
from service.models import Violation
from service.selectors import month_figures, people_named

from . import Column, L, Sheet, T, register_sheet
from ._helpers import employee_no, person

STORE_UNKNOWN = L("本厅（未知员工）", "Store (staff not known)")


def _ratio(percent):
    return None if percent is None else float(percent) / 100


@register_sheet(kinds=(Kind.STORE_MONTHLY,), order=75)
class ServiceFiguresSheet(Sheet):
    """One row per person: checks and their score, mystery-shopper visits and their score,
    violations by source, those not closed, and the points lost in the month."""

    key = "service_figures"
    title = L("服务检查与违规", "Service checks and violations")
    columns = (
        Column(L("工号", "Employee no."), T.TEXT, width=10),
        Column(L("员工", "Staff member"), T.TEXT, width=16),
        Column(L("服务检查次数", "Service checks"), T.INT),
        Column(L("检查得分率", "Check score"), T.PERCENT),
        Column(L("神秘顾客访问", "Mystery visits"), T.INT),
        Column(L("神秘顾客得分率", "Mystery score"), T.PERCENT),
        Column(L("违规数", "Violations"), T.INT),
        Column(L("检查发现", "From checks"), T.INT),
        Column(L("神秘顾客发现", "From mystery shoppers"), T.INT),
        Column(L("手工登记", "Entered by hand"), T.INT),
        Column(L("未关闭", "Not closed"), T.INT),
        Column(L("扣分", "Points lost"), T.INT),
    )

    def rows(self, ctx):
        with stores_scope(ctx.stores):
            people, _totals = month_figures(ctx.stores, ctx.start)
            figures = people.get(ctx.store.pk, {})
            users = {u.pk: u for u in people_named(p for p in figures if p is not None)
                     .select_related("profile")}
        ordered = sorted(figures.items(), key=lambda kv: (kv[0] is None,
                                                          person(users.get(kv[0])) if kv[0] else ""))
        for person_id, f in ordered:
            user = users.get(person_id) if person_id else None
            yield (employee_no(user), person(user) if user else str(STORE_UNKNOWN), f.checks,
                   _ratio(f.check_score), f.visits, _ratio(f.visit_score), f.violations,
                   f.from_checks, f.from_mystery, f.manual, f.open, f.points_lost)


@register_sheet(kinds=(Kind.STORE_MONTHLY,), order=76)
class ViolationRegisterSheet(Sheet):
    """The violations register of the period with each one's follow-up and state."""

    key = "service_violations"
    title = L("服务违规登记", "Service violations")
    columns = (
        Column(L("日期", "Date"), T.DATE),
        Column(L("工号", "Employee no."), T.TEXT, width=10),
        Column(L("员工", "Staff member"), T.TEXT, width=16),
        Column(L("来源", "Source"), T.TEXT, width=12),
        Column(L("违规情况", "What happened"), T.TEXT, width=40),
        Column(L("扣分", "Points lost"), T.INT),
        Column(L("跟进", "Follow-up"), T.TEXT, width=40),
        Column(L("状态", "State"), T.TEXT, width=10),
    )

    def rows(self, ctx):
        with stores_scope(ctx.stores):
            violations = list(
                Violation.objects.filter(store__in=ctx.stores, occurred_on__gte=ctx.start,
                                         occurred_on__lte=ctx.end)
                .select_related("staff__profile").prefetch_related("follow_ups")
                .order_by("occurred_on", "id"))
        for v in violations:
            follow = "；".join(f"{f.done_on:%Y-%m-%d} {f.get_kind_display()} {f.note}"
                              for f in v.follow_ups.all())
            yield (v.occurred_on, employee_no(v.staff), person(v.staff) if v.staff else
                   str(STORE_UNKNOWN), v.get_source_display(), v.description, v.points,
                   follow, v.get_state_display())
