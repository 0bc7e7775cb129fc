"""The month-end KPI table per clerk (考核指标)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Q, Sum

from hallops.models import ClerkDailyReport, ClerkReportLine, MonthlyTarget, RoleAssignment
from hallops.periods import month_dates
from hallops.permissions import Role
from hallops.registry import provided
from hallops.selectors.attendance import attendance_month

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def complaints_against_clerks(store, first, last) -> dict[int, int] | None:
    """{clerk id: complaints against that clerk}, from the complaints app (None without it)."""
    return provided("complaints_against_clerks", store=store, first=first, last=last)


@dataclass
class KpiRow:
    clerk: "User"
    volume: int = 0
    reports: int = 0
    marketing: int = 0
    marketing_target: int = 0
    rostered: int = 0
    attended: int = 0
    late: int = 0
    absent: int = 0
    complaints: int | None = None

    @property
    def achievement(self) -> int | None:
        if not self.marketing_target:
            return None
        return round(100 * self.marketing / self.marketing_target)


def kpi_month(store, year: int, month: int, *, today=None) -> list[KpiRow]:
    first, last = month_dates(datetime.date(year, month, 1))
    # Two subqueries, not an OR across two joins: that form made PostgreSQL join every daily
    # report of every store to the users and sort them (130 ms at 50 stores × a year).
    clerks = get_user_model().objects.filter(
        Q(pk__in=RoleAssignment.objects.filter(store=store, role=Role.CLERK).values("user_id"))
        | Q(pk__in=ClerkDailyReport.objects.filter(
            store=store, business_date__gte=first, business_date__lte=last).values("clerk_id"))
    ).order_by("username")
    rows = {u.pk: KpiRow(clerk=u) for u in clerks}
    lines = ClerkReportLine.objects.filter(
        report__store=store, report__status=ClerkDailyReport.Status.CONFIRMED,
        report__business_date__gte=first, report__business_date__lte=last,
    )
    for row in lines.values("report__clerk_id").annotate(
        volume=Sum("count", filter=Q(business_type__isnull=False)),
        marketing=Sum("count", filter=Q(product_line__isnull=False)),
    ):
        kpi = rows.get(row["report__clerk_id"])
        if kpi is not None:
            kpi.volume = row["volume"] or 0
            kpi.marketing = row["marketing"] or 0
    report_counts: defaultdict[int, int] = defaultdict(int)
    for clerk_id in ClerkDailyReport.objects.filter(
        store=store, status=ClerkDailyReport.Status.CONFIRMED,
        business_date__gte=first, business_date__lte=last,
    ).values_list("clerk_id", flat=True):
        report_counts[clerk_id] += 1
    for row in MonthlyTarget.objects.filter(store=store, month=first, clerk__isnull=False).values(
        "clerk_id").annotate(t=Sum("quantity")):
        if row["clerk_id"] in rows:
            rows[row["clerk_id"]].marketing_target = row["t"] or 0
    for att in attendance_month(store, year, month, today=today):
        kpi = rows.get(att.user.pk)
        if kpi is not None:
            kpi.rostered, kpi.attended = att.rostered, att.attended
            kpi.late, kpi.absent = att.late, att.absent
    complaints = complaints_against_clerks(store, first, last)
    for kpi in rows.values():
        kpi.reports = report_counts.get(kpi.clerk.pk, 0)
        if complaints is not None:
            kpi.complaints = complaints.get(kpi.clerk.pk, 0)
    return list(rows.values())
