"""Data builders shared by the demo, the volume seed, the benchmarks and the tests.

Each feature has a builder `seed_<feature>(plan, store, rng)` that fills one store's days
(`plan.days(store)`) at the rates in `plan.rates` with a random source seeded per
(seed, feature, store), so a seed always gives the same rows whatever else ran. Builders
write through `plan.writer` (COPY on PostgreSQL, executemany elsewhere) and never through
the services: a year of fifty stores is millions of rows, and the services' one-row-at-a-time
checks would take hours. The rows are what the services would have written: statuses agree
with their timestamps, money is in cents, confirmed money rows are inserted locked in their
final state, every action has its audit entry dated when it happened.

Default rates (per store and business day, see `Rates`):

- checklists: 3 runs (opening, workflow, closing), every item ticked but 3 % missed,
  6 % late, 1 % problems; 0.08 equipment faults; an incident every 100 days;
- 0.6 customer opinions (10 % replied after the 24-hour deadline);
- 1 duty log (4 % returned once, 5 % submitted after the next-morning deadline);
- 4 tills (float 200, 1.2 safe drops, expected takings of 4 methods, a blind count,
  12 % with an overage or shortage, approved when beyond tolerance, a confirmed hand-in),
  tail cash, and the bank's collection of the day's hand-ins the next morning;
- 1.5 complaint work orders (sources 10086 40 %, on-site 25 %, city 15 %, head office 10 %,
  appeals 10 %), settled when old, on their way when young, with contacts, callbacks,
  extensions (3 %), escalations (30 % of appeals) and SLA states;
- a morning meeting with every rostered person, targets for each clerk; a tally, a daily
  report (3 % returned once) per rostered clerk; the store day confirmed the next morning;
- queue readings of every queue at 4 peak hours, an action for each red one, 0.4 complaints
  settled at the desk (hallops/seeding/floor.py);
- 2 service records, 1 handover; monthly targets; daily workbooks for the last 7 days,
  weekly and monthly ones for the whole range, regional monthly ones;
- tasks (hallops/seeding/tasks.py): 0.4 a day from the store manager, a weekly meeting
  every Monday and a monthly one on the 1st with two action items each (tasks too);
- audit entries for every action and the notifications the services would have sent;
- materials (hallops/seeding/materials.py): one clerk a day whose invoices, SIM cards and
  value cards are issued, sold as the daily report says and returned (about 12 movements),
  gifts handed out, deliveries when stock runs low, a signed stock-take at each month's end.

On a year of 50 stores that is roughly 6 million rows.
"""

from __future__ import annotations

import time

from django.db import transaction

from hallops.scoping import all_stores, store_scope

from .base import Plan, Rates
from .cash import seed_cash
from .clerk import seed_clerk_days, seed_handovers, seed_service_records, seed_targets
from .complaints import seed_work_orders
from .duty import seed_checklists_and_faults, seed_duty_logs, seed_incidents, seed_opinions
from .floor import seed_floor
from .materials import seed_materials
from .tasks import seed_tasks_and_meetings
from .workbooks import seed_workbooks
from .writer import Progress, Writer

__all__ = ["FEATURES", "Plan", "Progress", "Rates", "Writer", "seed_history"]

# (label, builder) in the order they run; later ones read nothing the earlier ones wrote
# except the roster and attendance, which come first (`people.roster_and_attendance`).
FEATURES = [
    ("checklists and equipment faults", seed_checklists_and_faults),
    ("incidents", seed_incidents),
    ("customer opinions", seed_opinions),
    ("duty logs", seed_duty_logs),
    ("tills, tail cash and bank deposits", seed_cash),
    ("monthly targets", seed_targets),
    ("meetings, tallies, daily reports, store days", seed_clerk_days),
    ("service records", seed_service_records),
    ("handovers", seed_handovers),
    ("complaint work orders", seed_work_orders),
    ("queue readings, floor actions, desk complaints", seed_floor),
    ("materials (stock ledger, stock-takes)", seed_materials),
    ("tasks, weekly and monthly meetings", seed_tasks_and_meetings),
]


STORES_PER_TRANSACTION = 10


def seed_history(plan: Plan, *, only: list[str] | None = None) -> dict[str, int]:
    """Run every feature's builder over every store of the plan; one transaction per feature
    and ten stores (each transaction's end waits for its COPYs), so memory stays flat (the
    writer flushes every 20,000 rows of a table) and an interruption loses a few stores'
    feature."""
    writer, progress = plan.writer, plan.progress
    writer.forget_ids()  # the services may have written since the writer last did
    for label, builder in FEATURES:
        if only and builder.__name__ not in only:
            continue
        started, before = time.perf_counter(), dict(writer.written)
        for first in range(0, len(plan.stores), STORES_PER_TRANSACTION):
            chunk = plan.stores[first:first + STORES_PER_TRANSACTION]
            with transaction.atomic(using=writer.using), writer.batch():
                writer.fast()
                for store in chunk:
                    with store_scope(store):  # a builder fills one store and reads only it
                        builder(plan, store, plan.rng(builder.__name__, store))
                writer.flush()
            n = first + len(chunk)
            if n % 10 == 0 and n < len(plan.stores):
                done = sum(writer.written.values()) - sum(before.values())
                progress.write(f"  {label}: {n}/{len(plan.stores)} stores, {done:,} rows, "
                               f"{time.perf_counter() - started:.1f} s")
        progress.feature(label, writer, started, before)
    if not only or "seed_workbooks" in only:
        started, before = time.perf_counter(), dict(writer.written)
        # The plan's stores and their regions' workbooks; each build enters its own scope.
        with (transaction.atomic(using=writer.using), writer.batch(),
              all_stores("seed_workbooks")):
            seed_workbooks(plan)
            writer.flush()
        progress.feature("workbooks", writer, started, before)
    return {m._meta.label: n for m, n in writer.written.items()}
