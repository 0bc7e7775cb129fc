"""Data for workbook tests: roster, clock-ins (some late, one absent) and audit entries."""

import datetime
import io

import openpyxl
from django.utils import timezone

from hallops.models import AttendanceRecord, AuditEntry
from tests import factories


def seed_day(store, people, day, *, late=(), absent=(), reason=""):
    """Roster `people` on `day` (shift A); clock in everyone not absent, `late` 7 min late."""
    tz = timezone.get_current_timezone()
    for person in people:
        entry = factories.roster(store, person, day, "A", "counter")
        if person in absent:
            continue
        minutes = 7 if person in late else 0
        clock_in = datetime.datetime.combine(day, datetime.time(8, 30), tzinfo=tz) + \
            datetime.timedelta(minutes=minutes)
        AttendanceRecord.objects.create(
            store=store, user=person, business_date=day, roster_entry=entry, clock_in=clock_in,
            clock_out=clock_in + datetime.timedelta(hours=8), late_minutes=minutes,
            late_reason=reason if minutes else "",
        )
    AuditEntry.objects.create(store=store, action="roster.saved", object_type="x")
    AuditEntry.objects.filter(store=store, at__date=timezone.localdate()).update(
        at=datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=tz))


def open_workbook(report):
    with report.file.open("rb") as fh:
        return openpyxl.load_workbook(io.BytesIO(fh.read()))


def totals_row(ws):
    """The totals row of a sheet (the last data row; signature lines may follow), as values."""
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    for row in reversed(rows):
        if row and row[0] in ("合计", "Total"):
            return row
    return rows[-1]


def bare(header: str) -> str:
    """A column header without its unit: "现金（元）" → "现金", "Cash (yuan)" → "Cash"."""
    for opening in ("（", " ("):
        if header and header.endswith(("）", ")")) and opening in header:
            return header[: header.rindex(opening)]
    return header


def column(ws, title):
    header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
    if title in header:
        return header.index(title)
    return [bare(h) for h in header].index(title)
