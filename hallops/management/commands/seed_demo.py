"""Demo stores and accounts for `make run`, and realistic volumes for benchmarks.

    manage.py seed_demo                      # two regions, three stores, one login per role
    manage.py seed_demo --if-empty           # the same, only on an empty database
    manage.py seed_demo --stores 50 --days 365   # + 50 stores and a year of every feature

The small demo gives the three demo stores a story told through the services (today's
roster with the demo logins on it, a late tick, an overdue opinion, a shortage, complaints in
every state…; see hallops/demo). With `--stores` or `--days`, every store also gets a history
of every feature for each of those days, bulk-inserted by the shared builders of
`hallops.seeding` (rates in its docstring and `hallops.seeding.base.Rates`): the demo stores
up to a week ago (their last week is the demo's), the generated stores up to yesterday. Four
generated stores in five belong to the demo supervisor's region. A store that already has a
history is left as it is, so seeding twice duplicates nothing.

Every demo login uses the password in DEMO_PASSWORD (listed in README.md).
"""

import datetime
import random
import resource
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from hallops import scoping
from hallops.models import ChecklistRun, Region, RoleAssignment, Store
from hallops.permissions import Role
from hallops.registry import demo_steps
from hallops.seeding import Plan, Progress, Rates, Writer, people, seed_history
from hallops.seeding.writer import dangling_references

DEMO_PASSWORD = "Demo-2026"
DEFAULT_DAYS = 28

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
DEMO_STORES = [
    ("SJZ001", "和平路营业厅", "石家庄", "新华区", "和平西路 168 号", "HB-SJZ"),
    ("SJZ002", "中山路营业厅", "石家庄", "桥西区", "中山西路 55 号", "HB-SJZ"),
    ("BD001", "朝阳大街营业厅", "保定", "竞秀区", "朝阳北大街 9 号", "HB-BD"),
]
# The demo stores' last days are told by the services (hallops/demo); their bulk history
# ends before them.
DEMO_DAYS = 7


class Command(BaseCommand):
    help = (
        "Create demo stores, one login per role, and weeks of roster and attendance. With "
        "--stores N and/or --days D: N more stores and D days of history of every feature, "
        "per store and day on average: 3 checklist runs (3 % of items missed, 6 % late), 0.6 "
        "customer opinions, 1 duty log, 4 tills with hand-ins, tail cash and a bank deposit, "
        "1.5 complaint work orders, a morning meeting, a tally and daily report per clerk, "
        "2 service records, 1 handover, with audit entries and notifications; materials: "
        "one clerk's invoices, SIM and value cards issued, sold and returned (about 12 stock "
        "movements), 0-2 gifts, deliveries when stock runs low and a signed stock-take each "
        "month's end (see hallops/seeding). --rate-scale multiplies the per-day counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stores", type=int, default=0,
                            help="extra generated stores (volume), beyond the three demo stores")
        parser.add_argument("--days", type=int, default=None,
                            help=f"days of past roster and attendance (default {DEFAULT_DAYS}); given "
                                 "explicitly, also days of history of every feature")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if stores exist")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (repeatable data)")
        parser.add_argument("--no-history", action="store_true",
                            help="roster and attendance only, no history of the other features")
        parser.add_argument("--verify", action="store_true",
                            help="afterwards, look for rows whose foreign keys point nowhere (slow)")
        parser.add_argument("--rate-scale", type=float, default=1.0,
                            help="multiply the per-day counts of the history (e.g. 0.5 or 2)")

    def handle(self, *args, **options):
        # Seeding builds every store's rows: an operator-wide job, in the named all-stores
        # scope (the history builders narrow it to one store each).
        with scoping.all_stores("seed_demo"):
            self._seed(**options)

    def _seed(self, *, stores: int, days: int | None, if_empty: bool, seed: int, no_history: bool = False,
              rate_scale: float = 1.0, verify: bool = False, **options):
        history = not no_history and (stores > 0 or days is not None)
        days = DEFAULT_DAYS if days is None else days
        if stores < 0 or days < 1 or days > 3660 or rate_scale < 0:
            raise CommandError("--stores must be ≥ 0, --days between 1 and 3660, --rate-scale ≥ 0")
        if if_empty and Store.objects.exists():
            self.stdout.write("Stores exist already; demo data left as it is.")
            return
        rng = random.Random(seed)
        progress = Progress(self.stdout)
        started = time.perf_counter()
        with transaction.atomic():
            regions = people.regions()
            all_stores = self._demo_stores(regions) + people.volume_stores(regions, stores)
            people.shift_types(all_stores)
            self._demo_logins()
            people.volume_staff(all_stores, rng, DEMO_PASSWORD)
        # Bulk rows skip the per-row foreign-key triggers on PostgreSQL (see Writer.fast).
        writer = Writer(skip_fk_triggers=True)
        step = time.perf_counter()
        with transaction.atomic(), writer.batch():
            writer.fast()
            counts = people.roster_and_attendance(all_stores, days, rng, writer)
        progress.feature("roster and attendance", writer, step, {})
        for demo_step in demo_steps():
            demo_step(stores=all_stores, days=days, rng=rng, stdout=self.stdout)
        if history:
            self._history(all_stores, days, seed, writer, progress, rate_scale)
            self._month_figures(all_stores, days)
        if verify:
            bad = dangling_references(list(writer.written))
            if bad:
                raise CommandError(f"Rows pointing nowhere: {bad}")
            self.stdout.write(f"References checked: {len(writer.written)} tables, none dangling.")
        self._vacuum(writer)
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        total = sum(writer.written.values())
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {len(all_stores)} stores, {counts[0]:,} roster entries, {counts[1]:,} attendance "
            f"records, {total:,} bulk rows in all, in {elapsed:.1f} s (peak memory {peak:.0f} MB). "
            f"Demo password: {DEMO_PASSWORD}"
        ))

    def _vacuum(self, writer) -> None:
        """After a bulk load on PostgreSQL: planner statistics and the visibility map now, not
        whenever autovacuum comes round (until then the planner guesses row counts from an
        empty table and counts cannot use index-only scans: 26 ms instead of 3 for a page count
        of a year's audit trail). The small tables the services wrote (stores, people, shift
        types) are analyzed too: too few rows for autovacuum to come round soon, and without
        their statistics the planner takes a region's 42 stores for one and walks a year of
        duty logs store by store (10 ms instead of 1.4 for the supervisor's first page)."""
        if (connection.vendor != "postgresql" or connection.in_atomic_block
                or sum(writer.written.values()) < 100_000):
            return  # VACUUM cannot run inside a transaction (a test's, say)
        step = time.perf_counter()
        tables = sorted({model._meta.db_table for model in writer.written})
        others = sorted(set(connection.introspection.django_table_names(only_existing=True))
                        - set(tables))
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'VACUUM (ANALYZE) "{table}"')
            for table in others:
                cursor.execute(f'ANALYZE "{table}"')
        self.stdout.write(f"vacuum and analyze: {len(tables)} tables, analyze: {len(others)} more, "
                          f"in {time.perf_counter() - step:.1f} s")

    def _history(self, stores, days: int, seed: int, writer, progress, rate_scale: float) -> None:
        today = people.seed_today(stores)
        first, last = today - datetime.timedelta(days=days), today - datetime.timedelta(days=1)
        demo_last = today - datetime.timedelta(days=DEMO_DAYS)
        last_for = {s.pk: demo_last for s in stores if s.code in {c for c, *_rest in DEMO_STORES}}
        # A store with a history already keeps it (seeding twice duplicates nothing).
        done = {store_id for store_id, day in ChecklistRun.objects.filter(
            store__in=stores, incident__isnull=True, business_date__gte=first, business_date__lte=last,
        ).values_list("store_id", "business_date").distinct() if day <= last_for.get(store_id, last)}
        todo = [s for s in stores if s.pk not in done and first <= last_for.get(s.pk, last)]
        if not todo:
            self.stdout.write("Every store has its history already.")
            return
        self.stdout.write(f"History of {len(todo)} stores from {first} to {last}:")
        plan = Plan(stores=todo, first=first, last=last, seed=seed, writer=writer, progress=progress,
                    rates=Rates().scaled(rate_scale), last_for=last_for)
        seed_history(plan)

    def _month_figures(self, stores, days: int) -> None:
        """The store-month figures of the regional workbooks, for every closed month seeded,
        and the store-day figures of the open month's closed days (computed as a workbook
        would; reports/summaries.py)."""
        from reports import summaries

        step = time.perf_counter()
        today = people.seed_today(stores)
        active = [s for s in stores if s.is_active]
        done = summaries.rebuild(active, today - datetime.timedelta(days=days), today, today)
        kept_days = summaries.rebuild_days(active, today)  # the open month's closed days
        # summed, and the rest of the year's days ahead (rostered in bulk: no signal)
        summaries.keep_year(active, today, only_unusable=False)
        self.stdout.write(f"  store-month figures: {done:,} store-months, {kept_days:,} "
                          f"store-days, {time.perf_counter() - step:.1f} s")

    # -- building blocks -------------------------------------------------------------------

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

    def _demo_logins(self) -> None:
        rows = [(u, name, f"D{i:04d}") for i, (u, name, _r, _s) in enumerate(DEMO_LOGINS, 1)]
        users = people.make_users(rows, DEMO_PASSWORD)
        for user, (_u, _n, role, scope) in zip(users, DEMO_LOGINS, strict=True):
            if role == Role.SUPERVISOR:
                RoleAssignment.objects.get_or_create(user=user, role=role, region=Region.objects.get(code=scope))
            else:
                RoleAssignment.objects.get_or_create(user=user, role=role, store=Store.objects.get(code=scope))
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.com", DEMO_PASSWORD)
