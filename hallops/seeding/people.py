"""Regions, stores, staff, shift types, and the roster with attendance.

Generated stores are named V0001…; four in five belong to the first region (the demo
supervisor's), so the supervisor's pages face a full region."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from hallops.models import (
    AttendanceRecord,
    Post,
    Region,
    RoleAssignment,
    RosterEntry,
    ShiftType,
    StaffProfile,
    Store,
)
from hallops.permissions import Role

from .writer import Writer

BATCH = 5000
REGIONS = [("HB-SJZ", "石家庄片区", "Shijiazhuang region"), ("HB-BD", "保定片区", "Baoding region")]
SHIFTS = [
    ("A", "早班", datetime.time(8, 30), datetime.time(17, 0)),
    ("B1", "中班一", datetime.time(9, 0), datetime.time(17, 30)),
    ("B2", "中班二", datetime.time(10, 0), datetime.time(18, 30)),
    ("C", "晚班", datetime.time(12, 0), datetime.time(20, 30)),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
# Staff of a generated store, by role: 1 manager, 2 duty managers, 7 clerks, 1 handler.
STAFF_PLAN = [(Role.STORE_MANAGER, 1), (Role.DUTY_MANAGER, 2), (Role.CLERK, 7), (Role.COMPLAINT_HANDLER, 1)]
# One generated store in this many goes to the second region; the rest to the first.
OTHER_REGION_EVERY = 5


def regions() -> dict[str, Region]:
    out = {}
    for code, name, name_en in REGIONS:
        out[code], _ = Region.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
    return out


def volume_stores(region_by_code: dict, count: int) -> list[Store]:
    existing = set(Store.objects.filter(code__startswith="V").values_list("code", flat=True))
    main, other = (region_by_code[c] for c, _n, _e in REGIONS)
    new = [
        Store(code=f"V{i:04d}", name=f"第{i}营业厅", city="石家庄", district=f"{i % 9 + 1}区",
              address=f"建设大街 {i} 号", region=other if i % OTHER_REGION_EVERY == 0 else main)
        for i in range(1, count + 1)
        if f"V{i:04d}" not in existing
    ]
    Store.objects.bulk_create(new, batch_size=BATCH)
    return list(Store.objects.filter(code__startswith="V").order_by("code")[:count])


def shift_types(stores) -> None:
    have = set(ShiftType.objects.filter(store__in=stores).values_list("store_id", "code"))
    ShiftType.objects.bulk_create(
        [ShiftType(store=s, code=c, name=n, starts_at=a, ends_at=b)
         for s in stores for c, n, a, b in SHIFTS if (s.pk, c) not in have],
        batch_size=BATCH,
    )


def make_users(rows, password: str) -> list:
    """rows: (username, full name, employee no). One password hash for all (fast)."""
    User = get_user_model()
    hashed = make_password(password)
    existing = set(User.objects.filter(username__in=[r[0] for r in rows]).values_list("username", flat=True))
    new_rows = [r for r in rows if r[0] not in existing]
    User.objects.bulk_create(
        [User(username=u, first_name=name, password=hashed) for u, name, _ in new_rows], batch_size=BATCH)
    users = {u.username: u for u in User.objects.filter(username__in=[r[0] for r in rows])}
    StaffProfile.objects.bulk_create(
        [StaffProfile(user=users[u], employee_no=emp) for u, _, emp in new_rows],
        batch_size=BATCH, ignore_conflicts=True)
    return [users[r[0]] for r in rows]


def volume_staff(stores, rng, password: str) -> None:
    """Fill every store up to the staff plan with generated people."""
    rows, grants = [], []
    for store in stores:
        for role, count in STAFF_PLAN:
            for n in range(1, count + 1):
                username = f"{store.code.lower()}-{role.split('_')[0]}{n}"
                name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                rows.append((username, name, f"{store.code}-{role[:2].upper()}{n}"))
                grants.append((username, role, store))
    users = {u.username: u for u in make_users(rows, password)}
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=users[u], role=role, store=store) for u, role, store in grants],
        batch_size=BATCH, ignore_conflicts=True)


def seed_today(stores) -> datetime.date:
    """The business day the seed calls today: the demo's own steps count days by the business
    date, which stays on yesterday until the day starts (05:00): between midnight and then the
    calendar date would make the history and the demo seed the same day twice."""
    from hallops.businessdate import business_date

    return business_date(store=stores[0]) if stores else timezone.localdate()


def roster_and_attendance(stores, days: int, rng, writer: Writer) -> tuple[int, int]:
    """Past `days` and the next 14 days of roster; attendance for the past days (3 % absent,
    one in five late)."""
    posts = {p.kind: p for p in Post.objects.all()}
    today = seed_today(stores)
    tz = timezone.get_current_timezone()
    first = today - datetime.timedelta(days=days)
    last = today + datetime.timedelta(days=14)
    store_ids = [s.pk for s in stores]
    shifts_by_store: dict[int, list[ShiftType]] = {}
    for shift in ShiftType.objects.filter(store_id__in=store_ids, is_active=True).order_by("starts_at"):
        shifts_by_store.setdefault(shift.store_id, []).append(shift)
    staff: dict[tuple[int, str], list[int]] = {}
    for a in RoleAssignment.objects.filter(store_id__in=store_ids, is_active=True).order_by("user_id"):
        staff.setdefault((a.store_id, a.role), []).append(a.user_id)
    taken = set(RosterEntry.objects.filter(store_id__in=store_ids, date__gte=first, date__lte=last)
                .values_list("store_id", "date"))
    roster_total = attendance_total = 0
    for store in stores:
        shifts = shifts_by_store[store.pk]
        shift_by_id = {s.pk: s for s in shifts}
        day = first
        while day <= last:
            if (store.pk, day) not in taken:
                for entry in _day_roster(store, day, shifts, staff, posts):
                    entry["id"] = writer.add(RosterEntry, entry)
                    roster_total += 1
                    if day >= today or rng.random() < 0.03:  # future, or absent
                        continue
                    shift = shift_by_id[entry["shift_type_id"]]
                    start = datetime.datetime.combine(day, shift.starts_at, tzinfo=tz)
                    end = datetime.datetime.combine(day, shift.ends_at, tzinfo=tz)
                    late = rng.choice([0] * 12 + [8, 15, 25])
                    # On time means a few minutes early; late means after the start.
                    arrival = late if late else -rng.randint(3, 15)
                    writer.add(AttendanceRecord, {
                        "store_id": store.pk, "user_id": entry["user_id"], "business_date": day,
                        "roster_entry_id": entry["id"],
                        "clock_in": start + datetime.timedelta(minutes=arrival),
                        "clock_out": end + datetime.timedelta(minutes=rng.randint(0, 20)),
                        "late_minutes": late, "late_reason": "交通拥堵" if late else "",
                    })
                    attendance_total += 1
            day += datetime.timedelta(days=1)
    writer.flush()
    return roster_total, attendance_total


def _day_roster(store, day, shifts, staff, posts) -> list[dict]:
    """One duty manager, clerks split between the counter and the consultation post."""
    out = []
    n = day.toordinal()
    duty = staff.get((store.pk, Role.DUTY_MANAGER), [])
    if duty:
        out.append({"store_id": store.pk, "user_id": duty[n % len(duty)], "date": day,
                    "shift_type_id": shifts[0].pk, "post_id": posts["duty_manager"].pk})
    clerks = staff.get((store.pk, Role.CLERK), [])
    working = [c for i, c in enumerate(clerks) if (i + n) % 7 not in (0, 1)] or clerks
    for i, user_id in enumerate(working):
        post = posts["consultation"] if i == len(working) - 1 and len(working) > 2 else posts["counter"]
        out.append({"store_id": store.pk, "user_id": user_id, "date": day,
                    "shift_type_id": shifts[i % len(shifts)].pk, "post_id": post.pk})
    for user_id in staff.get((store.pk, Role.COMPLAINT_HANDLER), []):
        if day.weekday() < 6:
            out.append({"store_id": store.pk, "user_id": user_id, "date": day,
                        "shift_type_id": shifts[0].pk, "post_id": posts["counter"].pk})
    return out
