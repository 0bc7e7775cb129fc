"""Reads for the workbooks and the report pages, always scoped to the stores given."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, DateField, Exists, OuterRef, Q, Value, When
from django.db.models.functions import TruncMonth

from hallops.businessdate import day_bounds
from hallops.models import AttendanceRecord, AuditEntry, RosterEntry
from hallops.people import name_from_parts
from hallops.selectors.attendance_figures import attendance_figures

from .models import ReportFile


def _ids(stores: Sequence) -> list[int]:
    return [s.pk for s in stores]


def _grouping(by: str, date_field: str) -> tuple[str, ...]:
    """by="store" → store_id; "date" → the date; "store_date" → (store_id, date) keys."""
    return {"store": ("store_id",), "date": (date_field,),
            "store_date": ("store_id", date_field)}[by]


def _key(row: dict, fields: tuple[str, ...]):
    return row[fields[0]] if len(fields) == 1 else tuple(row[f] for f in fields)


def roster_counts(stores, start, end, *, by: str = "store") -> dict:
    """{key: {"shifts", "staff"}} for roster entries in [start, end] (see _grouping)."""
    if by == "store_month":  # (store id, month's first day), grouped by the database
        fields: tuple[str, ...] = ("store_id", "month")
    else:
        fields = _grouping(by, "date")
    rows = (
        RosterEntry.objects.filter(store_id__in=_ids(stores), date__gte=start, date__lte=end)
        .annotate(**({"month": TruncMonth("date")} if by == "store_month" else {}))
        .values(*fields)
        .annotate(shifts=Count("id"), staff=Count("user_id", distinct=True))
        .order_by()
    )
    return {_key(r, fields): r for r in rows}


def roster_staff_by_day(stores, start, end) -> dict[tuple[int, datetime.date], list[int]]:
    """{(store id, date): [user id, …]} of the people rostered (the parts of roster_counts'
    distinct "staff", so that days can be joined into a period exactly)."""
    out: dict = {}
    for store_id, day, user_id in (
            RosterEntry.objects.filter(store_id__in=_ids(stores), date__gte=start, date__lte=end)
            .values_list("store_id", "date", "user_id").distinct().order_by()):
        out.setdefault((store_id, day), []).append(user_id)
    return out


def attendance_counts(stores, start, end, *, by: str = "store", today=None) -> dict:
    """{key: {"attended", "late", "late_minutes", "early", "unrostered", …}} (see _grouping).

    The shared count (`hallops.selectors.attendance_figures`): attended = rostered shifts
    with a clock-in, keyed by the roster date.
    """
    return attendance_figures(stores, start, end, today=today or end, by=by)


def absence_counts(stores, start, end, today: datetime.date, *, by: str = "store") -> dict:
    """{key: count} of rostered shifts on past days with no clock-in (see _grouping)."""
    figures = attendance_figures(stores, start, end, today=today, by=by)
    return {key: row["absent"] for key, row in figures.items() if row["absent"]}


def _audit_scope(stores, start, end) -> Q:
    """Audit entries of each store's business days in [start, end] (own day start each)."""
    q = Q(pk__in=[])
    for store in stores:
        lo, _hi = day_bounds(start, store=store)
        _lo, hi = day_bounds(end, store=store)
        q |= Q(store_id=store.pk, at__gte=lo, at__lt=hi)
    return q


def audit_counts_by_store(stores, start, end) -> dict[int, int]:
    rows = (AuditEntry.objects.filter(_audit_scope(stores, start, end))
            .values("store_id").annotate(n=Count("id")).order_by())
    return {r["store_id"]: r["n"] for r in rows}


def audit_counts_by_store_month(stores, months: Sequence[tuple[datetime.date, datetime.date]]
                                ) -> dict[tuple[int, datetime.date], int]:
    """{(store id, first day of the month): count} for each (first, last) of `months`
    (consecutive, as `region_year.months` gives them), in one query per day-start time.

    Each month is the [start of `first`, end of `last`) range `day_bounds` gives the store,
    exactly as `audit_counts_by_store` reads one month alone; the database counts each month
    with a conditional aggregate (no per-month query, no entry in Python).
    """
    groups: dict = {}
    for store in stores:
        groups.setdefault(store.day_starts_at, []).append(store)
    counts: dict[tuple[int, datetime.date], int] = {}
    for group in groups.values():
        bounds = [(first, day_bounds(first, store=group[0])[0],
                   day_bounds(last, store=group[0])[1]) for first, last in months]
        # one conditional count per month, grouped by store only: a few dozen groups hashed
        # (grouping by a CASE label sorted ~1.4 million rows on disk); Count("at") (never
        # null) so that the (store, at) index alone can answer
        per_month = {f"m{i}": Count("at", filter=Q(at__gte=lo, at__lt=hi))
                     for i, (_first, lo, hi) in enumerate(bounds)}
        rows = (AuditEntry.objects.filter(store_id__in=_ids(group),
                                          at__gte=min(b[1] for b in bounds),
                                          at__lt=max(b[2] for b in bounds))
                .values("store_id").annotate(**per_month).order_by())
        for row in rows:
            for i, (first, _lo, _hi) in enumerate(bounds):
                if row[f"m{i}"]:
                    counts[(row["store_id"], first)] = row[f"m{i}"]
    return counts


def audit_counts_by_action(store, start, end) -> list[tuple[str, int]]:
    rows = (AuditEntry.objects.filter(_audit_scope([store], start, end))
            .values("action").annotate(n=Count("id")).order_by("action"))
    return [(r["action"], r["n"]) for r in rows]


def audit_counts_by_store_day(stores, start, end) -> dict[tuple[int, datetime.date], int]:
    """{(store id, business date): count}, counted by the database.

    Each business day is the [start, end) range that `day_bounds` gives; a CASE over those
    bounds labels every entry with its day. Stores are grouped by the time their day starts.
    """
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    groups: dict = {}
    for store in stores:
        groups.setdefault(store.day_starts_at, []).append(store)
    counts: dict[tuple[int, datetime.date], int] = {}
    for group in groups.values():
        starts = [day_bounds(day, store=group[0])[0] for day in days]
        last = day_bounds(end, store=group[0])[1]
        entries = AuditEntry.objects.filter(store_id__in=_ids(group), at__gte=starts[0],
                                            at__lt=last)
        if len(days) == 1:  # one day (a workbook's today): its label is the day itself
            for store_id, n in (entries.values("store_id").annotate(n=Count("id"))
                                .values_list("store_id", "n").order_by()):
                counts[(store_id, start)] = n
            continue
        label = Case(*(When(at__lt=upper, then=Value(day))
                       for day, upper in zip(days, [*starts[1:], last], strict=True)),
                     output_field=DateField())
        rows = (entries.annotate(bday=label).values("store_id", "bday").annotate(n=Count("id"))
                .order_by())
        for row in rows:
            counts[(row["store_id"], row["bday"])] = row["n"]
    return counts


def attendance_detail(store, start, end) -> Iterator[dict]:
    """Each roster entry and each clock-in of the period, rostered first, in time order."""
    records = (
        AttendanceRecord.objects.filter(store=store, business_date__gte=start,
                                        business_date__lte=end)
        .values("business_date", "user__username", "user__first_name", "user__last_name",
                "user__profile__employee_no", "roster_entry_id", "roster_entry__shift_type__code",
                "roster_entry__post__name", "roster_entry__post__name_en", "clock_in", "clock_out",
                "late_minutes", "late_reason", "early_leave_minutes", "early_leave_reason")
        .order_by("business_date", "clock_in", "id")
    )
    yield from records.iterator(chunk_size=2000)


def absent_entries(store, start, end, today) -> Iterator[dict]:
    last = min(end, today - datetime.timedelta(days=1))
    if last < start:
        return iter(())
    return (
        RosterEntry.objects.filter(store=store, date__gte=start, date__lte=last)
        .filter(~Exists(AttendanceRecord.objects.filter(roster_entry=OuterRef("pk"))))
        .values("date", "user__username", "user__first_name", "user__last_name",
                "user__profile__employee_no", "shift_type__code", "post__name", "post__name_en",
                "on_leave")
        .order_by("date", "shift_type__starts_at", "user__username")
        .iterator(chunk_size=2000)
    )


def attendance_by_person(store, start, end, today) -> list[dict]:
    """Per person: shifts rostered, attended, late, minutes late, left early, absent."""
    figures = attendance_figures([store], start, end, today=today, by="user")
    users = (get_user_model().objects.filter(pk__in=figures)
             .values("pk", "username", "first_name", "last_name", "profile__employee_no"))
    people = [
        {"name": name_from_parts(u["first_name"], u["last_name"], u["username"]),
         "username": u["username"], "employee_no": u["profile__employee_no"] or "",
         **figures[u["pk"]]}
        for u in users
    ]
    return sorted(people, key=lambda p: (p["employee_no"], p["username"]))


def report_files_for(acting):
    """The report files a person may see: their store's, or their region's and its stores'."""
    from hallops.permissions import Role

    stores = acting.stores
    q = Q(store__in=stores)
    if acting.role == Role.SUPERVISOR and acting.region is not None:
        q |= Q(region=acting.region)
    return ReportFile.objects.filter(q).select_related("store", "region", "requested_by")
