"""The materials part of the volume seed: bulk rows that the services' own checks accept when
the ledger is replayed, clerks' days that reconcile, month-end stock-takes that match."""

import datetime
import io
import random

import pytest
from django.utils import timezone

from hallops.models import AuditEntry
from hallops.seeding import Plan, Progress, Rates, Writer, people, seed_history
from materials.ledger import STORE, ItemState, item_state, movement_range, places
from materials.models import ItemType, Movement, StockTake
from materials.reconcile import store_day_mismatches

pytestmark = pytest.mark.django_db
DAYS = 40


@pytest.fixture
def seeded(db):
    regions = people.regions()
    stores = people.volume_stores(regions, 2)
    people.shift_types(stores)
    people.volume_staff(stores, random.Random(1), "x-Pass-2026")
    people.roster_and_attendance(stores, DAYS, random.Random(1), Writer())
    today = timezone.localdate()
    plan = Plan(stores=stores, first=today - datetime.timedelta(days=DAYS),
                last=today - datetime.timedelta(days=1), seed=7, writer=Writer(),
                progress=Progress(io.StringIO()), rates=Rates(), now=timezone.now())
    seed_history(plan, only=["seed_clerk_days", "seed_materials"])
    return plan


def test_the_seeded_ledger_passes_the_services_checks(seeded):
    assert Movement.objects.count() > 10 * DAYS
    assert not Movement.objects.filter(locked=False).exists()
    assert AuditEntry.objects.filter(action__startswith="movement.").count() == Movement.objects.count()
    for store in seeded.stores:
        for item in ItemType.objects.filter(movements__store=store).distinct():
            state = ItemState(item=item)
            for m in Movement.objects.filter(store=store, item=item).order_by("at", "pk"):
                source, dest = places(m.kind, m.clerk_id)
                rng = movement_range(item, m)
                state.check(source, dest, quantity=m.quantity, rng=rng)  # raises if impossible
                state.apply(source, dest, quantity=m.quantity, rng=rng)
            assert state.held() == state.quantity(STORE)  # clerks returned everything
        for m in Movement.objects.filter(store=store).order_by("pk")[:30]:
            m.full_clean()
        days = sorted(set(Movement.objects.filter(store=store).values_list("business_date", flat=True)))
        for day in days[:: max(1, len(days) // 6)]:
            assert store_day_mismatches(store, day) == []


def test_month_end_stock_takes_match_the_ledger(seeded):
    takes = StockTake.objects.filter(status=StockTake.Status.LOCKED)
    assert takes.exists()
    for take in takes:
        day = timezone.localtime(take.started_at).date()
        assert (day + datetime.timedelta(days=1)).day == 1
        assert take.counter_id not in (take.duty_manager_id, take.store_manager_id)
        for line in take.lines.select_related("item"):
            expected = item_state(take.store, line.item, until=day).quantity(STORE)
            assert line.expected_quantity == line.counted_quantity == expected
