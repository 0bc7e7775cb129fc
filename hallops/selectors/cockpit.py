"""The regional supervisor's cockpit: today's state and monthly trends of many stores.

Every figure is one grouped query (GROUP BY store, or store and month) over the stores
passed in, never one query per store: the cockpit of a 50-store region costs the same
number of queries as that of one store (tests/roles/test_cockpit.py). The complaint
figures are read in `complaints.selectors`; `roles/supervisor/cockpit.py` assembles both.

The monthly trends read raw rows grouped by month today; `month_trends` is the one entry
point, so precomputed store-month figures can replace its queries without touching a page.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hallops.models import (
    AttendanceRecord,
    CashHandIn,
    ChecklistItem,
    ChecklistRun,
    ChecklistTick,
    ClerkDailyReport,
    ClerkReportLine,
    DutyLog,
    DutyLogStatus,
    DutySettings,
    EquipmentFault,
    FaultStatus,
    Incident,
    MonthlyTarget,
    RosterEntry,
    TickStatus,
    TillDifference,
    TillSession,
)
from hallops.money import ZERO

from .attendance_figures import attendance_figures

SIGNED_OFF = (DutyLogStatus.SUBMITTED, DutyLogStatus.COUNTERSIGNED)
DEFAULT_LOG_DUE = DutySettings._meta.get_field("log_due_next_morning").default


def _ids(stores) -> list[int]:
    return [s.pk for s in stores]


# --- today -----------------------------------------------------------------------------


def duty_log_states(stores, day: datetime.date, now: datetime.datetime) -> dict[int, dict]:
    """{store id: {"statuses": set of today's log statuses, "late": yesterday's logs not
    signed off after their next-morning deadline}} in two queries."""
    ids = _ids(stores)
    yesterday = day - datetime.timedelta(days=1)
    due = dict(DutySettings.objects.filter(store_id__in=ids)
               .values_list("store_id", "log_due_next_morning"))
    out: dict[int, dict] = {sid: {"statuses": set(), "late": 0} for sid in ids}
    rows = (DutyLog.objects.filter(store_id__in=ids, business_date__in=(yesterday, day))
            .values("store_id", "business_date", "status").annotate(n=Count("id")).order_by())
    local_now = timezone.localtime(now)
    for r in rows:
        entry = out[r["store_id"]]
        if r["business_date"] == day:
            entry["statuses"].add(r["status"])
        elif r["status"] not in SIGNED_OFF and (
                local_now.date() > day or local_now.time() > due.get(r["store_id"],
                                                                     DEFAULT_LOG_DUE)):
            entry["late"] += r["n"]
    return out


def checklist_state(stores, day: datetime.date) -> dict[int, dict]:
    """{store id: {"items", "ticked", "late", "problems" (today's daily runs), "missed"
    (items left unticked in yesterday's runs, a closed day)}} in three queries."""
    ids = _ids(stores)
    yesterday = day - datetime.timedelta(days=1)
    runs = (ChecklistRun.objects.filter(store_id__in=ids, incident__isnull=True,
                                        business_date__in=(yesterday, day)))
    per_template = list(runs.values("store_id", "business_date", "template_id")
                        .annotate(runs=Count("id")).order_by())
    ticks = (ChecklistTick.objects.filter(run__in=runs.values("id"))
             .values("run__store_id", "run__business_date")
             .annotate(n=Count("id"), late=Count("id", filter=Q(is_late=True)),
                       problems=Count("id", filter=Q(status=TickStatus.PROBLEM)))
             .order_by())
    items = dict(ChecklistItem.objects.filter(template_id__in={r["template_id"] for r in per_template})
                 .values("template_id").annotate(n=Count("id"))
                 .values_list("template_id", "n").order_by())
    out = {sid: {"items": 0, "ticked": 0, "late": 0, "problems": 0, "missed": 0, "runs": 0,
                 "y_items": 0, "y_ticked": 0} for sid in ids}
    for r in per_template:
        row = out[r["store_id"]]
        n = r["runs"] * items.get(r["template_id"], 0)
        if r["business_date"] == day:
            row["items"] += n
            row["runs"] += r["runs"]
        else:
            row["y_items"] += n
    for t in ticks:
        row = out[t["run__store_id"]]
        if t["run__business_date"] == day:
            row.update(ticked=t["n"], late=t["late"], problems=t["problems"])
        else:
            row["y_ticked"] = t["n"]
    for row in out.values():
        row["missed"] = max(0, row.pop("y_items") - row.pop("y_ticked"))
    return out


def _count_by_store(queryset, field: str = "store_id", **extra) -> dict[int, dict]:
    return {r.pop(field): r for r in queryset.values(field).annotate(n=Count("id"), **extra)
            .order_by()}


def faults_and_incidents(stores) -> dict[int, dict]:
    """{store id: {"faults", "incidents"}}: faults not fixed, incidents not ended (2 queries)."""
    ids = _ids(stores)
    faults = _count_by_store(EquipmentFault.objects.filter(store_id__in=ids)
                             .exclude(status=FaultStatus.FIXED))
    incidents = _count_by_store(Incident.objects.filter(store_id__in=ids, ended_at__isnull=True))
    return {sid: {"faults": faults.get(sid, {}).get("n", 0),
                  "incidents": incidents.get(sid, {}).get("n", 0)} for sid in ids}


def cash_state(stores, day: datetime.date) -> dict[int, dict]:
    """{store id: {"lines", "overage", "shortage" (today's discrepancy lines), "unconfirmed",
    "unconfirmed_old" (hand-ins not confirmed; of an earlier day)}} in two queries."""
    ids = _ids(stores)
    out = {sid: {"lines": 0, "overage": ZERO, "shortage": ZERO, "unconfirmed": 0,
                 "unconfirmed_old": 0} for sid in ids}
    for r in (TillDifference.objects.filter(session__store_id__in=ids, session__business_date=day)
              .values("session__store_id", "kind").annotate(n=Count("id"), t=Sum("amount"))
              .order_by()):
        row = out[r["session__store_id"]]
        row["lines"] += r["n"]
        row[r["kind"]] = r["t"] or ZERO
    for r in (CashHandIn.objects.filter(session__store_id__in=ids, confirmed_at__isnull=True)
              .values("session__store_id")
              .annotate(n=Count("id"), old=Count("id", filter=Q(session__business_date__lt=day)))
              .order_by()):
        out[r["session__store_id"]].update(unconfirmed=r["n"], unconfirmed_old=r["old"])
    return out


def attendance_today(stores, day: datetime.date, now: datetime.datetime) -> dict[int, dict]:
    """{store id: {"rostered", "in", "late", "absent", "on_leave"}} of `day`: absent = a
    rostered shift started more than the store's grace minutes ago with no clock-in and no
    leave (two queries)."""
    ids = _ids(stores)
    out = {sid: {"rostered": 0, "in": 0, "late": 0, "absent": 0, "on_leave": 0} for sid in ids}
    clocked = AttendanceRecord.objects.filter(roster_entry=OuterRef("pk"))
    # Started past the store's grace minutes (as the floor page counts absent): one OR'ed
    # condition per distinct grace setting, not per store.
    by_grace: dict[int, list[int]] = defaultdict(list)
    for store in stores:
        by_grace[store.attendance_grace_minutes].append(store.pk)
    started = Q(date__lt=timezone.localdate(now))
    for grace, sids in by_grace.items():
        moment = timezone.localtime(now) - datetime.timedelta(minutes=grace)
        if moment.date() >= day:
            started |= Q(store_id__in=sids, shift_type__starts_at__lte=moment.time())
    for r in (RosterEntry.objects.filter(store_id__in=ids, date=day)
              .annotate(clocked=Exists(clocked))
              .values("store_id")
              .annotate(n=Count("id"),
                        leave=Count("id", filter=Q(on_leave=True)),
                        absent=Count("id", filter=Q(clocked=False, on_leave=False) & started))
              .order_by()):
        out[r["store_id"]].update(rostered=r["n"], on_leave=r["leave"], absent=r["absent"])
    for r in (AttendanceRecord.objects.filter(store_id__in=ids, business_date=day)
              .values("store_id")
              .annotate(n=Count("id"), late=Count("id", filter=Q(late_minutes__gt=0)))
              .order_by()):
        out[r["store_id"]].update({"in": r["n"], "late": r["late"]})
    return out


# --- months ----------------------------------------------------------------------------


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    out, month = [], first.replace(day=1)
    while month <= last:
        out.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return out


def _month_key(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def month_trends(stores, first: datetime.date, last: datetime.date, *, today: datetime.date
                 ) -> dict[tuple[int, datetime.date], dict[str, int]]:
    """{(store id, month's first day): raw monthly counts} for the business dates
    [first, last]: numerators and denominators of the cockpit's rates, each figure one
    query grouped by store and month (date_trunc), ~10 queries whatever the stores.

    Keys: sessions, with_difference (till sessions; those with a discrepancy line),
    items, on_time (checklist items of the daily runs; ticked and not late), logs,
    logs_on_time (duty logs; submitted by the next-morning deadline), expected, attended
    (rostered shifts not on leave on past days; attended), target, actual (store targets
    of the month and what the confirmed daily reports sold of those product lines).
    """
    ids = _ids(stores)
    out: dict = defaultdict(lambda: defaultdict(int))
    window = {"business_date__gte": first, "business_date__lte": last}

    sessions = TillSession.objects.filter(store_id__in=ids, **window).annotate(
        month=TruncMonth("business_date"))
    for r in sessions.values("store_id", "month").annotate(n=Count("id")).order_by():
        out[(r["store_id"], _month_key(r["month"]))]["sessions"] += r["n"]
    with_diff = sessions.filter(Exists(TillDifference.objects.filter(session=OuterRef("pk"))))
    for r in with_diff.values("store_id", "month").annotate(n=Count("id")).order_by():
        out[(r["store_id"], _month_key(r["month"]))]["with_difference"] += r["n"]

    runs = (ChecklistRun.objects.filter(store_id__in=ids, incident__isnull=True, **window)
            .annotate(month=TruncMonth("business_date")))
    per_template = list(runs.values("store_id", "month", "template_id").annotate(n=Count("id"))
                        .order_by())
    items = dict(ChecklistItem.objects.filter(template_id__in={r["template_id"] for r in per_template})
                 .values("template_id").annotate(n=Count("id"))
                 .values_list("template_id", "n").order_by())
    for r in per_template:
        out[(r["store_id"], _month_key(r["month"]))]["items"] += r["n"] * items.get(
            r["template_id"], 0)
    for r in (ChecklistTick.objects.filter(run__in=runs.values("id"), is_late=False)
              .annotate(month=TruncMonth("run__business_date"))
              .values("run__store_id", "month").annotate(n=Count("id")).order_by()):
        out[(r["run__store_id"], _month_key(r["month"]))]["on_time"] += r["n"]

    # On time: submitted by the next morning's deadline of its store (DutySettings), compared
    # in Python: the deadline is a local time per store, which neither SQLite nor PostgreSQL
    # date arithmetic spells the same way. One narrow row per signed-off log, streamed.
    due = dict(DutySettings.objects.filter(store_id__in=ids)
               .values_list("store_id", "log_due_next_morning"))
    logs = DutyLog.objects.filter(store_id__in=ids, **window).annotate(
        month=TruncMonth("business_date"))
    for r in logs.values("store_id", "month").annotate(n=Count("id")).order_by():
        out[(r["store_id"], _month_key(r["month"]))]["logs"] += r["n"]
    for r in (logs.filter(status__in=SIGNED_OFF)
              .values("store_id", "business_date", "submitted_at", "month").order_by()
              .iterator(chunk_size=2000)):
        deadline = datetime.datetime.combine(
            r["business_date"] + datetime.timedelta(days=1),
            due.get(r["store_id"], DEFAULT_LOG_DUE), tzinfo=timezone.get_current_timezone())
        if r["submitted_at"] is not None and r["submitted_at"] <= deadline:
            out[(r["store_id"], _month_key(r["month"]))]["logs_on_time"] += 1

    attendance = attendance_figures(stores, first, last, today=today, by="store_month")
    for (sid, month), fig in attendance.items():
        row = out[(sid, _month_key(month))]
        row["expected"] += fig["attended"] + fig["absent"]
        row["attended"] += fig["attended"]

    targets: dict = defaultdict(dict)
    for t in (MonthlyTarget.objects.filter(store_id__in=ids, clerk__isnull=True,
                                           month__gte=first.replace(day=1), month__lte=last)
              .values("store_id", "month", "product_line_id", "quantity")):
        targets[(t["store_id"], t["month"])][t["product_line_id"]] = t["quantity"]
    if targets:
        for r in (ClerkReportLine.objects.filter(
                report__store_id__in=ids, report__status=ClerkDailyReport.Status.CONFIRMED,
                report__business_date__gte=first, report__business_date__lte=last,
                product_line__isnull=False)
                .annotate(month=TruncMonth("report__business_date"))
                .values("report__store_id", "month", "product_line_id")
                .annotate(t=Sum("count")).order_by()):
            key = (r["report__store_id"], _month_key(r["month"]))
            target = targets.get(key, {}).get(r["product_line_id"])
            if target:
                out[key]["actual"] += min(r["t"] or 0, target)
        for key, lines in targets.items():
            out[key]["target"] += sum(lines.values())
    return {key: dict(value) for key, value in out.items()}


def month_list(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the months from `first` to `last`."""
    return _months(first, last)
