"""月度考核 Monthly assessment: each person's total of the month, rank and status (hr app)."""

from hallops.permissions import Role
from hr.selectors import month_assessments
from reports.models import Kind

from . import Column, L, Sheet, T, register_sheet
from ._helpers import employee_no, person


@register_sheet(kinds=(Kind.STORE_MONTHLY,), order=60)
class AssessmentSheet(Sheet):
    key = "assessment"
    title = L("月度考核", "Assessment")
    columns = (
        Column(L("月份", "Month"), T.TEXT, width=9),
        Column(L("名次", "Rank"), T.INT, total=False),
        Column(L("工号", "Employee no."), T.TEXT, width=10),
        Column(L("姓名", "Name"), T.TEXT, width=12),
        Column(L("角色", "Role"), T.TEXT, width=12),
        Column(L("总分", "Total score"), T.AUTO),
        Column(L("状态", "Status"), T.TEXT, width=16),
    )
    totals = False

    def rows(self, ctx):
        month = ctx.end.replace(day=1)
        rank, previous = 0, None
        for n, a in enumerate(month_assessments([ctx.store], month), start=1):
            if a.total is not None and a.total != previous:
                rank, previous = n, a.total
            yield (f"{month:%Y-%m}", rank if a.total is not None else None, employee_no(a.user),
                   person(a.user), str(Role(a.role).label), float(a.total) if a.total is not None else None,
                   str(a.get_status_display()))
