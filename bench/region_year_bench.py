"""Regional workbooks on the volume seed: the yearly (片区年报) and the monthly (片区月报).

Reads an already seeded database (`seed_demo --stores 50 --days 365`, the issue-10 volume;
`--seed` runs it first) and, for the region with the most stores, measures each workbook
two ways, each against bare openpyxl write-only writing the very same cells from ready
lists (`workbook_bench.write_reference`: same header style, widths, frozen header, number
formats, totals row):

- *end to end*: the engine as a worker runs it (the sheets' queries + writing); closed
  months come from the kept store-month figures (reports/summaries.py: build them first
  with `manage.py rebuild_month_figures`, or the seed does), the open month's closed days
  and the days ahead from the kept store-day figures summed by month (one store-span row per
  store and month); today, the open business day, is left out (the yearly of the open year
  runs to yesterday's close: its header says so);
- *writing*: the engine writing the same rows already materialised (its own cost only:
  conversions, styles, print setup, signature lines).

Runs are interleaved and the best of `--repeat` is kept (the machine is shared); peak memory
by tracemalloc per build and the process's peak RSS at the end.

    createdb -h 127.0.0.1 -U postgres hallops_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallops_bench
    .venv/bin/python bench/region_year_bench.py --seed     # migrate + seed_demo, then measure
    .venv/bin/python bench/region_year_bench.py            # targets: yearly <= 1.2x, RSS <= 250 MB;
                                                           #   (this year's, and last year's)
                                                           #          monthly <= 1.1x
"""

import argparse
import datetime
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallops.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.workbook_bench import TMP, measure, write_reference  # noqa: E402


class Materialised:
    """A sheet whose rows are already in memory: the engine's writing cost alone."""

    def __init__(self, sheet, rows):
        self._sheet, self._rows = sheet, rows
        self.key, self.columns, self.totals = sheet.key, list(sheet.columns), sheet.totals
        self.signatures, self.per_store = sheet.signatures, sheet.per_store

    def sheet_title(self, ctx):
        return self._sheet.sheet_title(ctx)

    def rows(self, ctx):
        return iter(self._rows)


def region_with_most_stores():
    from hallops.models import Region

    return (Region.objects.annotate(n=Count("stores", filter=Q(stores__is_active=True)))
            .order_by("-n", "code").first())


def bench(kind, region, day, repeat):
    from reports.engine import write_workbook
    from reports.models import ReportFile
    from reports.periods import period_for
    from reports.workbooks import workbook_for

    start, end = period_for(kind, day)
    report = ReportFile(kind=kind, region=region, period_start=start, period_end=end)
    workbook = workbook_for(kind)
    today = timezone.localdate()
    info = workbook.print_info(timezone.now())

    def engine():
        ctx = workbook.context(report, today)
        return write_workbook(TMP / f"{kind}-engine.xlsx", workbook.plan(ctx), info=info)

    ctx = workbook.context(report, today)
    plan = workbook.plan(ctx)
    materialised = [(Materialised(sheet, [tuple(r) for r in sheet.rows(sctx)]), sctx)
                    for sheet, sctx in plan]
    sheets = [(s.sheet_title(c)[:31], s.columns, s._rows) for s, c in materialised]

    def engine_writing():
        return write_workbook(TMP / f"{kind}-writing.xlsx", materialised, info=info)

    _results, best, peaks = measure({"engine": engine, "writing": engine_writing,
                                     "reference": lambda: write_reference(sheets)},
                                    repeat=repeat)
    cells = sum(len(rows) * len(columns) for _t, columns, rows in sheets)
    ref = best["reference"][0]
    print(f"\n{kind} {start}–{end}, region {region.code} ({len(ctx.stores)} stores): "
          f"{len(sheets)} sheets, {sum(len(r) for _t, _c, r in sheets)} rows, {cells} cells")
    for name in ("engine", "writing", "reference"):
        wall, cpu = best[name]
        print(f"  {name:<9} wall {wall:7.3f} s  cpu {cpu:7.3f} s  peak {peaks[name]:6.1f} MB"
              f"  ratio {wall / ref:5.2f}")
    return {name: best[name][0] / ref for name in ("engine", "writing")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", action="store_true", help="migrate and seed_demo first")
    parser.add_argument("--stores", type=int, default=50)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.seed:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stores=args.stores, days=args.days)
    from hallops.scoping import region_scope
    from reports.models import Kind

    region = region_with_most_stores()
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    t0 = time.perf_counter()
    with region_scope(region):
        yearly = bench(Kind.REGION_YEARLY, region, today, args.repeat)
        # last year's, as the schedule builds it in January: every month closed, all kept
        closed_year = bench(Kind.REGION_YEARLY, region, today.replace(month=1, day=1)
                            - datetime.timedelta(days=1), args.repeat)
        monthly = bench(Kind.REGION_MONTHLY, region, last_month, args.repeat)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nyearly:  end-to-end {yearly['engine']:.2f}x, writing {yearly['writing']:.2f}x "
          f"(target <= 1.2; this year: to yesterday's close, the days ahead planned)")
    print(f"yearly, last year: end-to-end {closed_year['engine']:.2f}x, "
          f"writing {closed_year['writing']:.2f}x (target <= 1.2; every month kept)")
    print(f"monthly: end-to-end {monthly['engine']:.2f}x, writing {monthly['writing']:.2f}x "
          f"(target <= 1.1)")
    print(f"process peak RSS {rss:.0f} MB (target <= 250); {time.perf_counter() - t0:.0f} s; "
          f"{os.environ.get('DATABASE_URL') or 'SQLite'}")


if __name__ == "__main__":
    main()
