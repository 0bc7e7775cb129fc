"""Workbook benchmark: the regional monthly workbook for 50 stores × 31 days.

Seeds a fresh database (SQLite in a temporary folder unless DATABASE_URL is set) with the
shared builders of hallops.seeding (the volume seed's): 50 stores in one region with the last
complete month of roster, attendance, checklists, duty logs, tills, targets, meetings, tallies,
daily reports and complaint work orders at the default rates. Then builds the regional
monthly workbook with the
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

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.cell import WriteOnlyCell  # noqa: E402
from openpyxl.styles import Alignment, Font, PatternFill  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

STORES = 50


def _month():
    """The last complete month (the shared builders tell a past that leads up to today)."""
    first_of_this = timezone.localdate().replace(day=1)
    last = first_of_this - datetime.timedelta(days=1)
    return last.replace(day=1), last


def seed():
    """50 stores of one region with a month of every feature, by the shared builders of
    hallops.seeding (the ones `seed_demo --stores N --days D` uses)."""
    import random

    from hallops.models import AttendanceRecord, Store
    from hallops.seeding import Plan, Progress, Writer, people, seed_history

    first, last = _month()
    regions = people.regions()
    stores = people.volume_stores(regions, STORES)
    region = regions["HB-SJZ"]
    Store.objects.filter(pk__in=[s.pk for s in stores]).update(region=region)  # one region, all 50
    stores = list(Store.objects.filter(pk__in=[s.pk for s in stores]).order_by("code"))
    people.shift_types(stores)
    people.volume_staff(stores, random.Random(1), "bench-Pass-1")
    writer = Writer(skip_fk_triggers=True)
    people.roster_and_attendance(stores, (timezone.localdate() - first).days, random.Random(1), writer)
    plan = Plan(stores=stores, first=first, last=last, seed=1, writer=writer, progress=Progress(None))
    seed_history(plan, only=["seed_checklists_and_faults", "seed_duty_logs", "seed_cash", "seed_targets",
                             "seed_clerk_days", "seed_work_orders"])
    from django.db import connection

    if connection.vendor == "postgresql":  # statistics for the planner, as autovacuum would
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return region, AttendanceRecord.objects.filter(store__in=stores).count()


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
    from hallops.scoping import all_stores, region_scope

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    with all_stores("workbook_bench_seed"):  # fifty stores' month, built like seed_demo's
        region, records = seed()
    with region_scope(region):  # the regional workbook reads its region, as the worker does
        _measure(region, records, t0)


def _measure(region, records, t0):
    first, last = _month()
    print(f"seeded {STORES} stores × {(last - first).days + 1} days: {records} clock-ins "
          f"in {time.perf_counter() - t0:.1f} s ({os.environ.get('DATABASE_URL') or 'SQLite'})")
    from reports.models import Kind, ReportFile

    report = ReportFile.objects.create(kind=Kind.REGION_MONTHLY, region=region,
                                       period_start=first, period_end=last)
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
