"""What every builder gets: the stores, their days, a seeded random source, the writer, and
lookups loaded once (staff by role, roster by day, reference data)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from hallops.models import DENOMINATIONS, RoleAssignment, RosterEntry, ShiftType
from hallops.money import CENT
from hallops.permissions import Role
from hallops.scoping import all_stores

from .writer import Progress, Writer

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Rates:
    """How much of everything a store has per day (the defaults describe a busy city hall).

    Counts per store-day are averages (the real number varies day to day); shares are of the
    rows of that kind.
    """

    # Checklists: the three daily procedures every day; of their items on past days:
    checklist_missed: float = 0.03  # never ticked
    checklist_late: float = 0.06  # ticked after the due time + grace
    checklist_problem: float = 0.01  # ticked as a problem (a fault opened for equipment)
    faults_per_store_day: float = 0.08  # besides the problem ticks
    incidents_per_store_day: float = 0.01  # power outage / system failure, with its playbook
    opinions_per_store_day: float = 0.6
    opinion_replied_late: float = 0.1  # replied after the deadline (24 h)
    duty_log_returned: float = 0.04  # returned once, corrected, then countersigned
    duty_log_late: float = 0.05  # submitted after the next-morning deadline
    desks_with_till: int = 4  # desks with a till (the first rostered clerks)
    till_difference: float = 0.12  # a till with an overage or shortage
    drops_per_till: float = 1.2  # safe drops during the day
    orders_per_store_day: float = 1.5  # complaint work orders
    service_records_per_store_day: float = 2.0
    handovers_per_store_day: float = 1.0
    clerk_report_returned: float = 0.03  # returned once, then confirmed
    # The floor (hallops/seeding/floor.py): every queue read at these hours; desk complaints.
    floor_reading_hours: tuple[int, ...] = (10, 11, 15, 16)
    desk_complaints_per_store_day: float = 0.4
    tasks_per_store_day: float = 0.4  # tasks (领导交办) besides meetings' action items
    materials_clerks_per_day: int = 1  # clerks whose invoices, SIM and value cards are ledgered
    # Workbooks: daily ones for this many recent days; weekly and monthly for the whole range.
    daily_workbook_days: int = 7

    def scaled(self, factor: float) -> Rates:
        """Every per-day count times `factor` (shares and fixed counts stay)."""
        names = [n for n in self.__dataclass_fields__ if n.endswith("_per_store_day")]
        return Rates(**{**self.__dict__, **{n: getattr(self, n) * factor for n in names}})


@dataclass
class Plan:
    """The stores and days to fill. `first` and `last` are business dates (inclusive);
    `last_for` may end a store's history earlier (the demo stores keep their last days for
    the services-made demo)."""

    stores: list
    first: datetime.date
    last: datetime.date
    seed: int
    writer: Writer
    progress: Progress
    rates: Rates = field(default_factory=Rates)
    last_for: dict = field(default_factory=dict)
    now: datetime.datetime = field(default_factory=timezone.now)

    def __post_init__(self):
        self.tz = timezone.get_current_timezone()
        self._staff: dict | None = None
        self._shifts: dict | None = None
        # Lookups the builders share across stores (SLA policies, checklist items…).
        self.cache: dict = {}

    # -- days and randomness ----------------------------------------------------------------

    def days(self, store) -> list[datetime.date]:
        last = min(self.last, self.last_for.get(store.pk, self.last))
        out, day = [], self.first
        while day <= last:
            out.append(day)
            day += ONE_DAY
        return out

    def rng(self, feature: str, store) -> random.Random:
        """A random source per (seed, feature, store): the same data whatever ran before."""
        return random.Random(f"{self.seed}:{feature}:{store.code}")

    def at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.tz)

    # -- people -----------------------------------------------------------------------------

    def staff(self, store, role: str) -> list[int]:
        """User ids of the store's people of `role` (demo logins, created first, first)."""
        if self._staff is None:
            self._staff = {}
            for store_id, role_, user_id in (
                RoleAssignment.objects.filter(store__in=self.stores, is_active=True)
                .order_by("user_id").values_list("store_id", "role", "user_id")
            ):
                self._staff.setdefault((store_id, role_), []).append(user_id)
        return self._staff.get((store.pk, role), [])

    def shifts(self, store) -> list:
        if self._shifts is None:
            self._shifts = {}
            # Read once for every store of the plan, whichever store's builder asks first.
            with all_stores("volume_seed"):
                shifts = list(ShiftType.objects.filter(store__in=self.stores, is_active=True)
                              .order_by("starts_at"))
            for shift in shifts:
                self._shifts.setdefault(shift.store_id, []).append(shift)
        return self._shifts.get(store.pk, [])

    def roster(self, store) -> dict[datetime.date, dict[str, list[int]]]:
        """Who worked which day, by role (people rostered under another role are left out)."""
        roles = {}
        for role in (Role.DUTY_MANAGER, Role.CLERK, Role.COMPLAINT_HANDLER, Role.STORE_MANAGER):
            for user_id in self.staff(store, role):
                roles.setdefault(user_id, role)
        out: dict = {}
        for day, user_id in (RosterEntry.objects.filter(store=store, date__gte=self.first, date__lte=self.last)
                             .order_by("date", "shift_type__starts_at", "user_id").values_list("date", "user_id")):
            role = roles.get(user_id)
            if role is not None:
                people = out.setdefault(day, {}).setdefault(role, [])
                if user_id not in people:
                    people.append(user_id)
        return out

    def duty_manager(self, store, day, roster) -> int | None:
        people = roster.get(day, {}).get(Role.DUTY_MANAGER) or self.staff(store, Role.DUTY_MANAGER)
        return people[0] if people else None

    def manager(self, store) -> int | None:
        people = self.staff(store, Role.STORE_MANAGER)
        return people[0] if people else None

    # -- rows every feature writes ----------------------------------------------------------

    def audit(self, *, store_id, actor_id, action: str, model, object_id, at, after=None,
              before=None, repr_: str = "", reason: str = "") -> None:
        from hallops.models import AuditEntry

        self.writer.add(AuditEntry, {
            "at": at, "actor_id": actor_id, "store_id": store_id, "action": action,
            "object_type": model._meta.label, "object_id": str(object_id), "object_repr": repr_[:200],
            "before": before, "after": after, "reason": reason,
        })

    def notify(self, *, recipient_id, store_id, at, message_id: str, params=None, url: str = "",
               level: str = "info", read_after: datetime.timedelta | None = None) -> None:
        from hallops.models import Notification

        read_at = at + read_after if read_after is not None else None
        self.writer.add(Notification, {
            "recipient_id": recipient_id, "store_id": store_id, "created_at": at, "level": level,
            "message_id": message_id, "params": params or {}, "url": url,
            "read_at": read_at if read_at is not None and read_at < self.now else None,
        })


def money(rng: random.Random, low: int, high: int) -> Decimal:
    """A random amount between low and high yuan, in cents."""
    return (Decimal(rng.randint(low * 100, high * 100)) * CENT).quantize(CENT)


def notes_for(amount: Decimal) -> dict[str, int]:
    """Counts by denomination that add up to `amount` (largest notes first)."""
    left, out = amount, {}
    for name, value in DENOMINATIONS:
        out[name] = int(left // value)
        left -= value * out[name]
    if left:
        raise ValueError(f"{amount} cannot be counted in notes and coins")
    return out


def takings(store_code: str, clerk_id: int, day: datetime.date) -> dict[str, Decimal]:
    """A clerk's takings of a day by method: the till and the daily report agree on them
    (each builder derives them from the same key, so neither needs the other's rows)."""
    local = random.Random(f"{store_code}:{clerk_id}:{day.isoformat()}")
    return {
        "cash": Decimal(local.randrange(1200, 4800)) + Decimal(local.choice(["0", "0.5"])),
        "card": Decimal(local.randrange(800, 5200)),
        "mobile": Decimal(local.randrange(1500, 6800)),
        "cheque": Decimal(local.choice([0, 0, 0, 1280])),
    }


def tills_of(plan: Plan, store, day, roster) -> list[int]:
    """The clerks with a till that day: the first rostered clerks (the cash and clerk builders
    agree on them). Nobody has a till on a day without a duty manager to issue the float."""
    duty = plan.duty_manager(store, day, roster)
    if duty is None:
        return []
    clerks = [c for c in roster.get(day, {}).get(Role.CLERK, []) if c != duty]
    return clerks[: plan.rates.desks_with_till]


def poisson(rng: random.Random, mean: float) -> int:
    """A small count with the given mean (Knuth's method; means here are below 10)."""
    if mean <= 0:
        return 0
    import math

    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


FLOAT = Decimal("200.00")
DROP = Decimal("1000.00")
DIFFERENCES = [Decimal(x) for x in ("-5", "-10", "-1", "-0.5", "2", "5", "-20", "50", "-100", "1.5")]


def till_story(store_code: str, clerk_id: int, day: datetime.date, rates: Rates, *,
               tolerance: Decimal, can_approve: bool) -> dict:
    """A clerk's till of a day, derived from (store, clerk, day) alone so the cash builder
    and the daily-report builder tell the same story: takings, drops, the difference (none
    beyond tolerance when the store has no manager to approve it)."""
    figures = takings(store_code, clerk_id, day)
    local = random.Random(f"till:{store_code}:{clerk_id}:{day.isoformat()}")
    diff = local.choice(DIFFERENCES) if local.random() < rates.till_difference else Decimal("0")
    if abs(diff) > tolerance and not can_approve:
        diff = Decimal("0")
    counted = figures["cash"] + diff
    drops = []
    for _n in range(poisson(local, rates.drops_per_till)):
        if counted + FLOAT - DROP * (len(drops) + 1) >= 0:
            drops.append(DROP)
    return {"takings": figures, "difference": diff.quantize(CENT), "counted_cash": counted.quantize(CENT),
            "beyond_tolerance": abs(diff) > tolerance,
            "drops": drops, "drawer": (counted + FLOAT - sum(drops, Decimal("0"))).quantize(CENT)}
