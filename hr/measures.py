"""The measured figures of the monthly assessment, read from the store's own data.

Each measure gives, per person, a `Figure`: the number read (None: no data), how it reads on
the page, and how to turn it into points for an item of a given weight. Sources:

- volume: transactions of the person's confirmed daily reports, against the store's average
  per person reporting that month (there is no per-person volume target);
- marketing: marketing counts of the confirmed daily reports against the person's monthly
  targets (MonthlyTarget);
- errors: daily reports returned or amended (their audit entries) + lines of the discrepancy
  register (长短款) of the person's tills;
- complaints: orders naming the person, from the complaints app (`complaints_against_clerks`);
- attendance: rostered shifts attended and late arrivals (`attendance_figures`, as the month
  page and the workbooks count them);
- service_check: the `service_check_scores` provider (service app: store, first, last → {user id: score out
  of 100}); "no data" for a person without checks that month.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.models import (
    AuditEntry,
    ClerkDailyReport,
    ClerkReportLine,
    MonthlyTarget,
    TillDifference,
)
from hallops.periods import month_dates
from hallops.registry import provided
from hallops.selectors.attendance_figures import attendance_figures
from hr.models import Measure

ONE = Decimal("0.1")


def points(value: Decimal) -> Decimal:
    return value.quantize(ONE, rounding=ROUND_HALF_UP)


@dataclass
class Figure:
    figure: Decimal | None
    text: str
    ratio: Decimal | None = None  # 0..1 share of the weight earned (rate measures)
    count: int | None = None  # events that each take `deduction` points off
    late: int = 0  # attendance: late arrivals taking `deduction` points off

    @property
    def has_data(self) -> bool:
        return self.figure is not None

    def score(self, weight: int, deduction: Decimal, minimum: Decimal) -> Decimal | None:
        if self.figure is None:
            return None
        if self.ratio is not None:
            value = Decimal(weight) * min(self.ratio, Decimal(1)) - deduction * self.late
        else:
            value = Decimal(weight) - deduction * (self.count or 0)
        return points(max(minimum, min(Decimal(weight), value)))


NO_DATA = Figure(None, "")


def _pct(numerator, denominator) -> Decimal:
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))


def month_figures(store, month: datetime.date, user_ids, *, today=None) -> dict[int, dict[str, Figure]]:
    """{user id: {measure: Figure}} for the people `user_ids` in `store` over `month`."""
    today = today or timezone.localdate()
    first, last = month_dates(month)
    user_ids = list(user_ids)
    out: dict[int, dict[str, Figure]] = {uid: {} for uid in user_ids}

    # Business volume and marketing: confirmed daily reports.
    volume: dict[int, int] = defaultdict(int)
    marketing: dict[int, int] = defaultdict(int)
    for row in (ClerkReportLine.objects.filter(
            report__store=store, report__status=ClerkDailyReport.Status.CONFIRMED,
            report__business_date__gte=first, report__business_date__lte=last)
            .values("report__clerk_id")
            .annotate(volume=Sum("count", filter=Q(business_type__isnull=False)),
                      marketing=Sum("count", filter=Q(product_line__isnull=False)))
            .order_by()):
        volume[row["report__clerk_id"]] = row["volume"] or 0
        marketing[row["report__clerk_id"]] = row["marketing"] or 0
    reporting = [v for v in volume.values() if v]
    average = Decimal(sum(reporting)) / len(reporting) if reporting else None
    targets = {row["clerk_id"]: row["t"] or 0 for row in MonthlyTarget.objects.filter(
        store=store, month=first, clerk_id__in=user_ids).values("clerk_id")
        .annotate(t=Sum("quantity")).order_by()}

    # Errors: returned or amended daily reports (audit entries) and till differences.
    reports = dict(ClerkDailyReport.objects.filter(
        store=store, clerk_id__in=user_ids, business_date__gte=first, business_date__lte=last)
        .values_list("pk", "clerk_id"))
    corrected: dict[int, int] = defaultdict(int)
    for object_id in AuditEntry.objects.filter(
            store=store, action__in=("clerk_report.returned", "clerk_report.amended"),
            object_type="hallops.clerkdailyreport",
            object_id__in=[str(pk) for pk in reports]).values_list("object_id", flat=True):
        corrected[reports[int(object_id)]] += 1
    differences: dict[int, int] = defaultdict(int)
    for clerk_id in TillDifference.objects.filter(
            session__store=store, session__clerk_id__in=user_ids,
            session__business_date__gte=first, session__business_date__lte=last,
    ).values_list("session__clerk_id", flat=True):
        differences[clerk_id] += 1

    complaints = provided("complaints_against_clerks", store=store, first=first, last=last)
    service = provided("service_check_scores", store=store, first=first, last=last)
    attendance = attendance_figures([store], first, last, today=today, by="user")

    for uid in user_ids:
        row = out[uid]
        if average and uid in volume:
            row[Measure.VOLUME] = Figure(
                Decimal(volume[uid]), _("%(n)d transactions, store average %(avg)s")
                % {"n": volume[uid], "avg": points(average)}, ratio=Decimal(volume[uid]) / average)
        else:
            row[Measure.VOLUME] = NO_DATA
        if targets.get(uid):
            row[Measure.MARKETING] = Figure(
                _pct(marketing[uid], targets[uid]),
                _("%(n)d of a target of %(t)d (%(pct)s%%)")
                % {"n": marketing[uid], "t": targets[uid], "pct": _pct(marketing[uid], targets[uid])},
                ratio=Decimal(marketing[uid]) / targets[uid])
        else:
            row[Measure.MARKETING] = NO_DATA
        errors = corrected[uid] + differences[uid]
        row[Measure.ERRORS] = Figure(
            Decimal(errors), _("%(reports)d reports returned or amended, %(cash)d cash differences")
            % {"reports": corrected[uid], "cash": differences[uid]}, count=errors)
        if complaints is None:
            row[Measure.COMPLAINTS] = NO_DATA
        else:
            n = complaints.get(uid, 0)
            row[Measure.COMPLAINTS] = Figure(Decimal(n), _("%(n)d complaints") % {"n": n}, count=n)
        figures = attendance.get(uid)
        if figures and figures["rostered"]:
            rate = Decimal(figures["attended"]) / figures["rostered"]
            row[Measure.ATTENDANCE] = Figure(
                _pct(figures["attended"], figures["rostered"]),
                _("%(attended)d of %(rostered)d shifts attended, late %(late)d times")
                % figures, ratio=rate, late=figures["late"])
        else:
            row[Measure.ATTENDANCE] = NO_DATA
        if service is not None and service.get(uid) is not None:
            value = Decimal(str(service[uid]))
            row[Measure.SERVICE_CHECK] = Figure(value, _("score %(score)s of 100") % {"score": value},
                                                ratio=value / 100)
        else:
            row[Measure.SERVICE_CHECK] = NO_DATA
    return out
