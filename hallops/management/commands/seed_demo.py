"""Demo stores and accounts for `make run`, and realistic volumes for benchmarks.

    manage.py seed_demo                      # two regions, three stores, one login per role
    manage.py seed_demo --if-empty           # the same, only on an empty database
    manage.py seed_demo --stores 50 --days 365   # volume: bulk inserts, minutes not hours

Every demo login uses the password in DEMO_PASSWORD (listed in README.md).
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
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
from hallops.registry import demo_steps

DEMO_PASSWORD = "Demo-2026"
BATCH = 5000

# The logins listed in README.md: (username, name, role, store code or region code).
DEMO_LOGINS = [
    ("manager", "王经理", Role.STORE_MANAGER, "SJZ001"),
    ("duty", "李值班", Role.DUTY_MANAGER, "SJZ001"),
    ("clerk", "张受理", Role.CLERK, "SJZ001"),
    ("handler", "赵投诉", Role.COMPLAINT_HANDLER, "SJZ001"),
    ("supervisor", "陈督导", Role.SUPERVISOR, "HB-SJZ"),
    ("manager2", "刘经理", Role.STORE_MANAGER, "SJZ002"),
    ("duty2", "孙值班", Role.DUTY_MANAGER, "SJZ002"),
    ("clerk2", "周受理", Role.CLERK, "SJZ002"),
    ("handler2", "吴投诉", Role.COMPLAINT_HANDLER, "SJZ002"),
]
REGIONS = [("HB-SJZ", "石家庄片区", "Shijiazhuang region"), ("HB-BD", "保定片区", "Baoding region")]
DEMO_STORES = [
    ("SJZ001", "和平路营业厅", "石家庄", "新华区", "和平西路 168 号", "HB-SJZ"),
    ("SJZ002", "中山路营业厅", "石家庄", "桥西区", "中山西路 55 号", "HB-SJZ"),
    ("BD001", "朝阳大街营业厅", "保定", "竞秀区", "朝阳北大街 9 号", "HB-BD"),
]
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


class Command(BaseCommand):
    help = "Create demo stores, one login per role, and weeks of roster and attendance."

    def add_arguments(self, parser):
        parser.add_argument("--stores", type=int, default=0,
                            help="extra generated stores (volume), beyond the three demo stores")
        parser.add_argument("--days", type=int, default=28, help="days of past roster and attendance")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if stores exist")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (repeatable data)")

    def handle(self, *args, stores: int, days: int, if_empty: bool, seed: int, **options):
        if stores < 0 or days < 1 or days > 3660:
            raise CommandError("--stores must be ≥ 0 and --days between 1 and 3660")
        if if_empty and Store.objects.exists():
            self.stdout.write("Stores exist already; demo data left as it is.")
            return
        rng = random.Random(seed)
        started = timezone.now()
        with transaction.atomic():
            regions = self._regions()
            all_stores = self._demo_stores(regions) + self._volume_stores(regions, stores)
            self._shift_types(all_stores)
            self._demo_logins()
            self._volume_staff(all_stores, rng)
        counts = self._roster_and_attendance(all_stores, days, rng)
        for step in demo_steps():
            step(stores=all_stores, days=days, rng=rng, stdout=self.stdout)
        elapsed = (timezone.now() - started).total_seconds()
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {len(all_stores)} stores, {counts[0]} roster entries, {counts[1]} attendance "
            f"records in {elapsed:.1f} s. Demo password: {DEMO_PASSWORD}"
        ))

    # -- building blocks -------------------------------------------------------------------

    def _regions(self) -> dict[str, Region]:
        out = {}
        for code, name, name_en in REGIONS:
            out[code], _ = Region.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
        return out

    def _demo_stores(self, regions) -> list[Store]:
        out = []
        for code, name, city, district, address, region in DEMO_STORES:
            store, _ = Store.objects.get_or_create(
                code=code,
                defaults={"name": name, "city": city, "district": district, "address": address,
                          "region": regions[region]},
            )
            out.append(store)
        return out

    def _volume_stores(self, regions, count: int) -> list[Store]:
        existing = set(Store.objects.filter(code__startswith="V").values_list("code", flat=True))
        region_list = list(regions.values())
        new = [
            Store(code=f"V{i:04d}", name=f"第{i}营业厅", city="石家庄", district=f"{i % 9 + 1}区",
                  address=f"建设大街 {i} 号", region=region_list[i % len(region_list)])
            for i in range(1, count + 1)
            if f"V{i:04d}" not in existing
        ]
        Store.objects.bulk_create(new, batch_size=BATCH)
        return list(Store.objects.filter(code__startswith="V").order_by("code")[:count])

    def _shift_types(self, stores) -> None:
        have = set(ShiftType.objects.filter(store__in=stores).values_list("store_id", "code"))
        ShiftType.objects.bulk_create(
            [ShiftType(store=s, code=c, name=n, starts_at=a, ends_at=b)
             for s in stores for c, n, a, b in SHIFTS if (s.pk, c) not in have],
            batch_size=BATCH,
        )

    def _make_users(self, rows) -> list:
        """rows: (username, full name, employee no). One password hash for all (fast)."""
        User = get_user_model()
        password = make_password(DEMO_PASSWORD)
        existing = set(User.objects.filter(username__in=[r[0] for r in rows]).values_list("username", flat=True))
        new_rows = [r for r in rows if r[0] not in existing]
        User.objects.bulk_create(
            [User(username=u, first_name=name, password=password) for u, name, _ in new_rows],
            batch_size=BATCH,
        )
        users = {u.username: u for u in User.objects.filter(username__in=[r[0] for r in rows])}
        StaffProfile.objects.bulk_create(
            [StaffProfile(user=users[u], employee_no=emp) for u, _, emp in new_rows],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        return [users[r[0]] for r in rows]

    def _demo_logins(self) -> None:
        rows = [(u, name, f"D{i:04d}") for i, (u, name, _r, _s) in enumerate(DEMO_LOGINS, 1)]
        users = self._make_users(rows)
        for user, (_u, _n, role, scope) in zip(users, DEMO_LOGINS, strict=True):
            if role == Role.SUPERVISOR:
                RoleAssignment.objects.get_or_create(user=user, role=role, region=Region.objects.get(code=scope))
            else:
                RoleAssignment.objects.get_or_create(user=user, role=role, store=Store.objects.get(code=scope))
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.com", DEMO_PASSWORD)

    def _volume_staff(self, stores, rng) -> None:
        """Fill every store up to the staff plan with generated people."""
        rows, grants = [], []
        for store in stores:
            for role, count in STAFF_PLAN:
                for n in range(1, count + 1):
                    username = f"{store.code.lower()}-{role.split('_')[0]}{n}"
                    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                    rows.append((username, name, f"{store.code}-{role[:2].upper()}{n}"))
                    grants.append((username, role, store))
        users = {u.username: u for u in self._make_users(rows)}
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=users[u], role=role, store=store) for u, role, store in grants],
            batch_size=BATCH,
            ignore_conflicts=True,
        )

    def _roster_and_attendance(self, stores, days: int, rng) -> tuple[int, int]:
        """Past `days` and the next 14 days of roster; attendance for the past days."""
        posts = {p.kind: p for p in Post.objects.all()}
        today = timezone.localdate()
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
            entries = []
            day = first
            while day <= last:
                if (store.pk, day) not in taken:
                    entries.extend(self._day_roster(store, day, shifts, staff, posts))
                day += datetime.timedelta(days=1)
            RosterEntry.objects.bulk_create(entries, batch_size=BATCH)
            roster_total += len(entries)
            shift_by_id = {s.pk: s for s in shifts}
            records = []
            for entry in entries:
                if entry.date >= today or rng.random() < 0.03:  # future, or absent
                    continue
                shift = shift_by_id[entry.shift_type_id]
                start = datetime.datetime.combine(entry.date, shift.starts_at, tzinfo=tz)
                end = datetime.datetime.combine(entry.date, shift.ends_at, tzinfo=tz)
                late = rng.choice([0] * 12 + [8, 15, 25])
                # On time means a few minutes early; late means after the start.
                arrival = late if late else -rng.randint(3, 15)
                records.append(AttendanceRecord(
                    store=store, user_id=entry.user_id, business_date=entry.date, roster_entry=entry,
                    clock_in=start + datetime.timedelta(minutes=arrival),
                    clock_out=end + datetime.timedelta(minutes=rng.randint(0, 20)),
                    late_minutes=late, late_reason="交通拥堵" if late else "",
                ))
            AttendanceRecord.objects.bulk_create(records, batch_size=BATCH)
            attendance_total += len(records)
        return roster_total, attendance_total

    @staticmethod
    def _day_roster(store, day, shifts, staff, posts) -> list[RosterEntry]:
        """One duty manager, clerks split between the counter and the consultation post."""
        out = []
        n = day.toordinal()
        duty = staff.get((store.pk, Role.DUTY_MANAGER), [])
        if duty:
            out.append(RosterEntry(store=store, user_id=duty[n % len(duty)], date=day,
                                   shift_type=shifts[0], post=posts["duty_manager"]))
        clerks = staff.get((store.pk, Role.CLERK), [])
        working = [c for i, c in enumerate(clerks) if (i + n) % 7 not in (0, 1)] or clerks
        for i, user_id in enumerate(working):
            post = posts["consultation"] if i == len(working) - 1 and len(working) > 2 else posts["counter"]
            out.append(RosterEntry(store=store, user_id=user_id, date=day,
                                   shift_type=shifts[i % len(shifts)], post=post))
        handlers = staff.get((store.pk, Role.COMPLAINT_HANDLER), [])
        for user_id in handlers:
            if day.weekday() < 6:
                out.append(RosterEntry(store=store, user_id=user_id, date=day,
                                       shift_type=shifts[0], post=posts["counter"]))
        return out
