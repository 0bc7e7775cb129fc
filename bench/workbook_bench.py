"""Workbook benchmark: the regional monthly workbook for 50 stores × 31 days.

Seeds a fresh database (SQLite in a temporary folder unless DATABASE_URL is set) with bulk
inserts: 50 stores in one region, 8 staff each, a roster entry, a clock-in, a confirmed clerk
daily report (4 counted lines and receipts) and a till (expected takings, a difference now and
then, a confirmed hand-in) for every person and day of a 31-day month; and for every store and
day: audit entries, 3 complaint work orders, the three daily checklist runs with ticks and a
duty log. Then builds the regional monthly workbook with the
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
    seed_operations(stores, users, days)
    from django.db import connection

    if connection.vendor == "postgresql":  # statistics for the planner, as autovacuum would
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return region, len(records)


def seed_operations(stores, users, days):
    """Clerk reports, tills, complaints, checklists and duty logs for every store and day."""
    from decimal import Decimal

    from complaints.models import Category, WorkOrder
    from hallops.models import (
        BusinessType,
        CashHandIn,
        ChecklistRun,
        ChecklistTemplate,
        ChecklistTick,
        ClerkDailyReport,
        ClerkReportLine,
        ClerkReportReceipts,
        DiscrepancyReason,
        DutyLog,
        ExpectedTakings,
        ProductLine,
        ShiftType,
        TillDifference,
        TillSession,
    )
    from hallops.models.checklists import DAILY_KINDS

    tz = timezone.get_current_timezone()
    staff = {s.pk: [users[f"u{s.code}-{n}"] for n in range(STAFF)] for s in stores}
    ClerkDailyReport.objects.bulk_create(
        (ClerkDailyReport(store=s, clerk=u, business_date=d, status="confirmed",
                          invoice_first=1000 * d.day, invoice_last=1000 * d.day + 20,
                          handsets_sold=1)
         for s in stores for u in staff[s.pk] for d in days), batch_size=5000)
    reports = list(ClerkDailyReport.objects.filter(store__in=stores).values_list("pk", flat=True))
    types = list(BusinessType.objects.all()[:3])
    line = ProductLine.objects.first()
    ClerkReportLine.objects.bulk_create(
        (ClerkReportLine(report_id=r, **item) for r in reports
         for item in [*({"business_type": t, "count": 5 + r % 7} for t in types),
                      {"product_line": line, "count": r % 3}]), batch_size=5000)
    ClerkReportReceipts.objects.bulk_create(
        (ClerkReportReceipts(report_id=r, cash=Decimal(1000 + r % 500), pos_card=Decimal("88.50"),
                             refunds=Decimal("1.20")) for r in reports), batch_size=5000)
    shifts = {st.store_id: st for st in ShiftType.objects.filter(store__in=stores)}
    dm = {s.pk: staff[s.pk][0] for s in stores}
    opened = datetime.datetime.combine(days[0], datetime.time(8, 40), tzinfo=tz)
    TillSession.objects.bulk_create(
        (TillSession(store=s, clerk=u, business_date=d, shift_type=shifts[s.pk],
                     status="confirmed", opening_float=Decimal("200.00"), float_issued_by=dm[s.pk],
                     opened_at=opened)
         for s in stores for u in staff[s.pk] for d in days), batch_size=5000)
    sessions = list(TillSession.objects.filter(store__in=stores).values_list("pk", "clerk_id"))
    ExpectedTakings.objects.bulk_create(
        (ExpectedTakings(session_id=pk, method=m, amount=Decimal(900 + pk % 400), source="typed",
                         entered_by_id=clerk, entered_at=opened)
         for pk, clerk in sessions for m in ("cash", "card")), batch_size=5000)
    reason = DiscrepancyReason.objects.first()
    TillDifference.objects.bulk_create(
        (TillDifference(session_id=pk, method="cash", kind="shortage" if pk % 2 else "overage",
                        amount=Decimal("5.00"), reason=reason, note="点钞", destination="made_up",
                        recorded_by_id=clerk, recorded_at=opened)
         for pk, clerk in sessions if pk % 9 == 0), batch_size=5000)
    CashHandIn.objects.bulk_create(
        (CashHandIn(session_id=pk, bag_no=f"B{pk}", seal_no="S", cash_amount=Decimal(900 + pk % 400),
                    cheque_amount=0, handed_in_by_id=clerk, handed_in_at=opened,
                    received_cash=Decimal(900 + pk % 400), received_cheque=0,
                    confirmed_by_id=clerk, confirmed_at=opened)
         for pk, clerk in sessions), batch_size=5000)
    category = Category.objects.filter(parent__isnull=True).first()
    orders = []
    for s in stores:
        for d in days:
            for k in range(3):
                at = datetime.datetime.combine(d, datetime.time(10 + k), tzinfo=tz)
                closed = k != 2
                orders.append(WorkOrder(
                    store=s, number=f"{s.code}{d:%m%d}{k}", source="onsite", received_at=at,
                    customer_number="13812345678", category=category, description="网络慢",
                    status="closed" if closed else "new", replied_at=at if closed else None,
                    replied_on_time=True if closed else None, closed_at=at if closed else None,
                    accept_due=at, contact_due=at, reply_due=at, final_due=at, was_overdue=k == 2))
    WorkOrder.objects.bulk_create(orders, batch_size=5000)
    templates = {t.kind: t for t in ChecklistTemplate.objects.filter(store__isnull=True,
                                                                      is_active=True)}
    ChecklistRun.objects.bulk_create(
        (ChecklistRun(store=s, template=templates[k], kind=k, business_date=d, created_by=dm[s.pk])
         for s in stores for d in days for k in DAILY_KINDS), batch_size=5000)
    items = {t.pk: list(t.items.values_list("pk", flat=True)) for t in templates.values()}
    ChecklistTick.objects.bulk_create(
        (ChecklistTick(run_id=run, item_id=item, status="done", at=opened, by_id=by)
         for run, template, by in ChecklistRun.objects.filter(store__in=stores)
         .values_list("pk", "template_id", "created_by_id")
         for item in items[template][: 2 + run % 8]), batch_size=5000)
    DutyLog.objects.bulk_create(
        (DutyLog(store=s, business_date=d, shift_type=shifts[s.pk], duty_manager=dm[s.pk],
                 status="submitted", submitted_at=opened, tickets_issued=300,
                 longest_wait_minutes=20, handover="=交接")
         for s in stores for d in days), batch_size=5000)


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
