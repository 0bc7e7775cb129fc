"""Workbook benchmark: the regional monthly workbook for 50 stores × 31 days.

Seeds a fresh database (SQLite in a temporary folder unless DATABASE_URL is set) with bulk
inserts: 50 stores in one region, 8 staff each, a roster entry, a clock-in and audit entries
for every person and day of a 31-day month. Then builds the regional monthly workbook with the
report engine (queries + writing, as a worker does) and writes the very same cells with bare
openpyxl write-only as the reference. Prints wall time, peak memory and the ratio.

    .venv/bin/python bench/workbook_bench.py            # target: ratio <= 1.3, peak < 200 MB
"""

import datetime
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="hallops-bench-"))
os.environ.setdefault("HALLOPS_VAR_DIR", str(TMP))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallops.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.cell import WriteOnlyCell  # noqa: E402
from openpyxl.styles import Alignment, Font, PatternFill  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

STORES, STAFF, DAYS = 50, 8, 31
MONTH = datetime.date(2025, 3, 1)


def seed():
    from hallops.models import (
        AttendanceRecord,
        AuditEntry,
        Post,
        Region,
        RoleAssignment,
        RosterEntry,
        ShiftType,
        StaffProfile,
        Store,
    )

    User = get_user_model()
    region = Region.objects.create(code="BENCH", name="基准片区", name_en="Bench region")
    Store.objects.bulk_create(Store(region=region, code=f"S{i:03d}", name=f"第{i}营业厅",
                                    city="石家庄") for i in range(STORES))
    stores = list(Store.objects.filter(region=region).order_by("code"))
    ShiftType.objects.bulk_create(
        ShiftType(store=s, code="A", starts_at=datetime.time(8, 30), ends_at=datetime.time(17))
        for s in stores)
    shifts = {st.store_id: st for st in ShiftType.objects.filter(store__in=stores)}
    password = make_password("x")
    User.objects.bulk_create(User(username=f"u{s.code}-{n}", first_name=f"员工{n}",
                                  password=password) for s in stores for n in range(STAFF))
    users = {u.username: u for u in User.objects.filter(username__startswith="uS")}
    StaffProfile.objects.bulk_create(StaffProfile(user=u, employee_no=f"E{u.pk:06d}")
                                     for u in users.values())
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=users[f"u{s.code}-{n}"], role="clerk", store=s)
        for s in stores for n in range(STAFF))
    post = Post.objects.get(code="counter")
    days = [MONTH + datetime.timedelta(days=d) for d in range(DAYS)]
    RosterEntry.objects.bulk_create(
        (RosterEntry(store=s, user=users[f"u{s.code}-{n}"], date=d, shift_type=shifts[s.pk],
                     post=post) for s in stores for n in range(STAFF) for d in days),
        batch_size=5000)
    tz = timezone.get_current_timezone()
    entries = RosterEntry.objects.filter(store__in=stores).values_list(
        "pk", "store_id", "user_id", "date")
    records = []
    for pk, store_id, user_id, day in entries.iterator():
        if (user_id + day.day) % 17 == 0:
            continue  # absent
        late = (user_id * 7 + day.day) % 11 if (user_id + day.day) % 5 == 0 else 0
        start = datetime.datetime.combine(day, datetime.time(8, 30), tzinfo=tz)
        records.append(AttendanceRecord(
            store_id=store_id, user_id=user_id, business_date=day, roster_entry_id=pk,
            clock_in=start + datetime.timedelta(minutes=late),
            clock_out=start + datetime.timedelta(hours=8, minutes=30), late_minutes=late,
            late_reason="=交通拥堵" if late else ""))
    AttendanceRecord.objects.bulk_create(records, batch_size=5000)
    audits = [AuditEntry(store=s, action=f"bench.action{k % 6}", object_type="bench")
              for s in stores for _d in days for k in range(10)]
    AuditEntry.objects.bulk_create(audits, batch_size=5000)
    # spread the audit entries over the month (auto_now_add set them to now)
    ids = list(AuditEntry.objects.filter(object_type="bench").values_list("pk", flat=True))
    for n, day in enumerate(days):
        at = datetime.datetime.combine(day, datetime.time(12), tzinfo=tz)
        AuditEntry.objects.filter(pk__in=ids[n::DAYS]).update(at=at)
    return region, len(records)


def build_with_engine(report):
    from reports.engine import write_workbook
    from reports.workbooks import workbook_for

    workbook = workbook_for(report.kind)
    path = TMP / "engine.xlsx"
    ctx = workbook.context(report, timezone.localdate())
    results = write_workbook(path, workbook.plan(ctx))
    return path, results


def collect_cells(report):
    """Every sheet the engine writes, materialised up front: title, columns, rows."""
    from reports.workbooks import workbook_for

    workbook = workbook_for(report.kind)
    ctx = workbook.context(report, timezone.localdate())
    return [(sheet.sheet_title(sctx)[:31], list(sheet.columns), [tuple(r) for r in
                                                                   sheet.rows(sctx)])
            for sheet, sctx in workbook.plan(ctx)]


def write_reference(sheets):
    """Bare openpyxl write-only, the plain way: the same file as the engine's (same cells,
    header style, widths, frozen header, number formats and totals row) from ready lists."""
    from reports.sheets import T

    path = TMP / "reference.xlsx"
    wb = Workbook(write_only=True)
    formats = {T.DATE: "yyyy-mm-dd", T.DATETIME: "yyyy-mm-dd hh:mm", T.MONEY: '"¥"#,##0.00'}
    for title, columns, rows in sheets:
        ws = wb.create_sheet(title=title)
        ws.freeze_panes = "A2"
        for i, c in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = c.display_width
        header = []
        for c in columns:
            cell = WriteOnlyCell(ws, value=str(c.title))
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE5F0")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            header.append(cell)
        ws.append(header)
        sums = [0] * len(columns)
        for row in rows:
            out = []
            for i, (c, v) in enumerate(zip(columns, row, strict=True)):
                if c.type in formats and v is not None:
                    cell = WriteOnlyCell(ws, value=v)
                    cell.number_format = formats[c.type]
                    out.append(cell)
                else:
                    out.append(v)
                if c.summed and v is not None:
                    sums[i] += v
            ws.append(out)
        if any(c.summed for c in columns):
            total = []
            for i, c in enumerate(columns):
                label = "合计" if i == 0 else None
                cell = WriteOnlyCell(ws, value=sums[i] if c.summed else label)
                cell.font = Font(bold=True)
                total.append(cell)
            ws.append(total)
    wb.save(path)
    return path


def measure(runs: dict, repeat: int = 7):
    """Best wall and CPU time of each function, runs interleaved so load hits both alike;
    then one traced run each for the peak memory."""
    best = {name: [float("inf"), float("inf")] for name in runs}
    results = {}
    for _ in range(repeat):
        for name, func in runs.items():
            wall, cpu = time.perf_counter(), time.process_time()
            results[name] = func()
            best[name][0] = min(best[name][0], time.perf_counter() - wall)
            best[name][1] = min(best[name][1], time.process_time() - cpu)
    peaks = {}
    for name, func in runs.items():
        tracemalloc.start()
        func()
        peaks[name] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return results, best, peaks


def main():
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    region, records = seed()
    print(f"seeded {STORES} stores × {DAYS} days: {records} clock-ins "
          f"in {time.perf_counter() - t0:.1f} s ({os.environ.get('DATABASE_URL') or 'SQLite'})")
    from reports.models import Kind, ReportFile

    report = ReportFile.objects.create(kind=Kind.REGION_MONTHLY, region=region,
                                       period_start=MONTH, period_end=MONTH.replace(day=31))
    sheets = collect_cells(report)
    results, best, peaks = measure({"engine": lambda: build_with_engine(report),
                                    "reference": lambda: write_reference(sheets)})
    path, sheet_results = results["engine"]
    cells = sum(len(rows) * len(columns) for _t, columns, rows in sheets)
    rows = sum(r.rows for r in sheet_results)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    (e_wall, e_cpu), (r_wall, r_cpu) = best["engine"], best["reference"]
    print(f"regional monthly workbook: {len(sheet_results)} sheets, {rows} rows, {cells} cells, "
          f"{path.stat().st_size / 1024:.0f} KiB")
    print(f"engine (queries + writing): wall {e_wall:.3f} s, cpu {e_cpu:.3f} s, "
          f"peak {peaks['engine']:.1f} MB (tracemalloc)")
    print(f"bare openpyxl write-only:   wall {r_wall:.3f} s, cpu {r_cpu:.3f} s, "
          f"peak {peaks['reference']:.1f} MB (tracemalloc)")
    print(f"ratio engine/reference: wall {e_wall / r_wall:.2f}, cpu {e_cpu / r_cpu:.2f} "
          f"(target <= 1.3); process peak RSS {rss:.0f} MB (target < 200)")


if __name__ == "__main__":
    main()
