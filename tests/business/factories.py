"""Builders for the business-day tests."""

import datetime

from hallops.models import (
    BusinessType,
    ClerkDailyReport,
    ClerkReportLine,
    ClerkReportReceipts,
    ProductLine,
)


def bt(code: str) -> BusinessType:
    return BusinessType.objects.get(code=code)


def pl(code: str) -> ProductLine:
    return ProductLine.objects.get(code=code)


def make_report(store, clerk, day: datetime.date | None = None, *, status="draft", counts=None,
                receipts=None, **fields) -> ClerkDailyReport:
    """A report with lines given as {"payment": 3, "broadband": 1} (codes of types or lines)."""
    report = ClerkDailyReport.objects.create(
        store=store, clerk=clerk, business_date=day or datetime.date.today(), status=status,
        **fields)
    for code, count in (counts or {}).items():
        item = BusinessType.objects.filter(code=code).first()
        if item is not None:
            ClerkReportLine.objects.create(report=report, business_type=item, count=count)
        else:
            ClerkReportLine.objects.create(report=report, product_line=pl(code), count=count)
    ClerkReportReceipts.objects.create(report=report, **(receipts or {}))
    return report
