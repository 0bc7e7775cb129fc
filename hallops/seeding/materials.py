"""Materials history of one store (bulk rows, what the materials services would have written).

Per store and business day (`Rates.materials_clerks_per_day` clerks, default 1): the clerk's
invoice roll, SIM cards and 50-yuan value cards are issued in the morning, the invoices
printed and voided and the SIM cards sold exactly as the clerk's daily report says (so the
day reconciles), 0–12 value cards sold and tapped on the clerk's tally under the card's
tally code, the rest returned in the evening; 0–2 gifts handed
out from the storeroom. Deliveries on the first day and whenever the storeroom runs low; a
stock-take of every item at each month's end, signed by a clerk, the duty manager and the
store manager, with no differences. Every movement is locked and has its audit entry.
About 12 movements (and 12 audit entries) per store and day.
"""

from __future__ import annotations

import datetime

from hallops.models import BusinessType, ClerkDailyReport, TallyCount
from hallops.scoping import store_scope
from materials import serials
from materials.models import ItemType, Movement, StockTake, StockTakeLine

from .base import Plan

Range = serials.Range


class _Serial:
    """The storeroom's ranges of one serial item, kept in memory as the movements are written."""

    def __init__(self, item: ItemType, store):
        self.item, self.store = item, store
        self.room: list[Range] = []
        self.next = 1
        self.fmt = {"length": item.serial_length or 0, "prefix": item.serial_prefix}
        self.digits = (item.serial_length or 0) - len(item.serial_prefix) - 4

    def number(self, n: int) -> int:
        """The numeric part (after the prefix) of this store's n-th serial."""
        return int(f"{store_key(self.store)}{n:0{self.digits}d}")

    def receive(self, n: int) -> Range:
        r = (self.number(self.next), self.number(self.next + n - 1))
        self.next += n
        self.room = serials.normalize(self.room + [r])
        return r

    def take(self, n: int) -> list[Range]:
        out, left = [], n
        for a, b in list(self.room):
            if left <= 0:
                break
            end = min(b, a + left - 1)
            out.append((a, end))
            left -= end - a + 1
        self.room = serials.subtract(self.room, out)
        return out

    def put(self, ranges: list[Range]) -> None:
        self.room = serials.normalize(self.room + ranges)

    @property
    def count(self) -> int:
        return serials.count(self.room)


def store_key(store) -> str:
    return f"{store.pk % 10000:04d}"


def seed_materials(plan: Plan, store, rng) -> None:
    with store_scope(store):
        _seed(plan, store, rng)


def _seed(plan: Plan, store, rng) -> None:
    items = {i.code: i for i in ItemType.objects.filter(is_active=True)}
    if not {"sim_usim", "card_50", "invoice", "gift_umbrella"} <= set(items):
        return
    manager = plan.manager(store)
    days = plan.days(store)
    if manager is None or not days:
        return
    writer = plan.writer
    reports: dict = {}
    for row in (ClerkDailyReport.objects.filter(store=store, business_date__gte=days[0],
                                                business_date__lte=days[-1])
                .order_by("business_date", "clerk_id")
                .values("business_date", "clerk_id", "invoice_first", "invoice_last",
                        "invoices_voided", "sim_cards_sold")):
        reports.setdefault(row["business_date"], []).append(row)
    sim, card = _Serial(items["sim_usim"], store), _Serial(items["card_50"], store)
    invoice = _Serial(items["invoice"], store)
    gift = items["gift_umbrella"]
    state = {"gifts": 0}
    card_tally = BusinessType.objects.filter(code=card.item.tally_code).first() \
        if card.item.tally_code else None
    roster = plan.roster(store)
    per_day = plan.rates.materials_clerks_per_day

    def move(day, hour, minute, item, kind, *, rng_=None, quantity=None, clerk=None, actor,
             reference="", reason=""):
        first = last = ""
        if rng_ is not None:
            fmt = {"length": item.serial_length or 0, "prefix": item.serial_prefix}
            first, last = serials.format_serial(rng_[0], **fmt), serials.format_serial(rng_[1], **fmt)
            quantity = rng_[1] - rng_[0] + 1
        at = plan.at(day, hour, minute)
        pk = writer.add(Movement, {
            "store_id": store.pk, "item_id": item.pk, "kind": kind, "quantity": quantity,
            "first_serial": first, "last_serial": last, "clerk_id": clerk, "reference": reference,
            "reason": reason, "business_date": day, "at": at, "recorded_by_id": actor,
            "locked": True})
        action = {"received": "movement.received", "issued": "movement.issued",
                  "returned": "movement.returned", "sold": "movement.sold",
                  "voided": "movement.written_off"}[kind]
        plan.audit(store_id=store.pk, actor_id=actor, action=action, model=Movement,
                   object_id=pk, at=at, after={"kind": kind, "quantity": quantity})

    def restock(day, serial: _Serial, n: int, note: str):
        move(day, 8, 30, serial.item, "received", rng_=serial.receive(n), actor=manager,
             reference=note)

    for day in days:
        duty = plan.duty_manager(store, day, roster) or manager
        note = f"CK{day:%Y%m%d}"
        if sim.count < 40:
            restock(day, sim, 300, note)
        if card.count < 60:
            restock(day, card, 300, note)
        if state["gifts"] < 10:
            move(day, 8, 40, gift, "received", quantity=50, actor=manager, reference=note)
            state["gifts"] += 50
        for row in reports.get(day, [])[:per_day]:
            clerk = row["clerk_id"]
            if row["invoice_first"] is not None:
                f, last_no, v = row["invoice_first"], row["invoice_last"], row["invoices_voided"]
                roll = (f, f + 99)
                move(day, 8, 45, invoice.item, "received", rng_=roll, actor=manager,
                     reference=note)
                move(day, 9, 0, invoice.item, "issued", rng_=roll, clerk=clerk, actor=duty)
                invoice.room = serials.subtract(invoice.room, [roll])
                if last_no - v >= f:
                    move(day, 17, 0, invoice.item, "sold", rng_=(f, last_no - v), clerk=clerk,
                         actor=clerk)
                if v:
                    move(day, 17, 1, invoice.item, "voided", rng_=(last_no - v + 1, last_no),
                         clerk=clerk, actor=clerk, reason="打印错误")
                if last_no < f + 99:
                    move(day, 18, 10, invoice.item, "returned", rng_=(last_no + 1, f + 99),
                         clerk=clerk, actor=duty)
                    invoice.put([(last_no + 1, f + 99)])
            for serial, sold in ((sim, row["sim_cards_sold"]), (card, rng.randint(0, 12))):
                issued = serial.take(sold + 3)
                for r in issued:
                    move(day, 9, 5, serial.item, "issued", rng_=r, clerk=clerk, actor=duty)
                sold_ranges = _first_n(issued, sold)
                for r in sold_ranges:
                    move(day, 16, 0, serial.item, "sold", rng_=r, clerk=clerk, actor=clerk)
                if serial is card and sold and card_tally is not None:
                    writer.add(TallyCount, {"store_id": store.pk, "clerk_id": clerk,
                                            "business_date": day,
                                            "business_type_id": card_tally.pk, "count": sold,
                                            "updated_at": plan.at(day, 17, 30)})
                back = serials.subtract(issued, sold_ranges)
                for r in back:
                    move(day, 18, 15, serial.item, "returned", rng_=r, clerk=clerk, actor=duty)
                serial.put(back)
        handed = rng.randint(0, 2)
        if handed:
            move(day, 14, 0, gift, "sold", quantity=handed, actor=duty)
            state["gifts"] -= handed
        if (day + datetime.timedelta(days=1)).day == 1:
            _stocktake(plan, store, day, roster, manager, duty,
                       [(sim, None), (card, None), (invoice, None), (gift, state["gifts"])])


def _first_n(ranges: list[Range], n: int) -> list[Range]:
    out, left = [], n
    for a, b in ranges:
        if left <= 0:
            break
        end = min(b, a + left - 1)
        out.append((a, end))
        left -= end - a + 1
    return out


def _stocktake(plan: Plan, store, day, roster, manager, duty, lines) -> None:
    """A month-end stock-take of every item, signed in order by three people, no difference."""
    from hallops.permissions import Role

    clerks = roster.get(day, {}).get(Role.CLERK) or plan.staff(store, Role.CLERK)
    if not clerks or duty == manager or clerks[0] in (duty, manager):
        return
    counter, writer = clerks[0], plan.writer
    started = plan.at(day, 19, 0)
    take = writer.add(StockTake, {
        "store_id": store.pk, "scope": StockTake.Scope.ALL, "status": StockTake.Status.LOCKED,
        "started_by_id": duty, "started_at": started, "counter_id": counter,
        "counter_signed_at": plan.at(day, 19, 40), "duty_manager_id": duty,
        "duty_signed_at": plan.at(day, 19, 50), "store_manager_id": manager,
        "store_signed_at": plan.at(day, 20, 0)})
    for source, quantity in lines:
        if quantity is None:
            ranges = serials.format_ranges(source.room, **source.fmt)
            writer.add(StockTakeLine, {"stocktake_id": take, "item_id": source.item.pk,
                                       "expected_quantity": source.count,
                                       "expected_ranges": ranges, "counted_quantity": source.count,
                                       "counted_ranges": ranges})
        else:
            writer.add(StockTakeLine, {"stocktake_id": take, "item_id": source.pk,
                                       "expected_quantity": quantity,
                                       "counted_quantity": quantity})
    for actor, minute, action in ((duty, 0, "stocktake.started"), (counter, 40, "stocktake.signed"),
                                  (duty, 50, "stocktake.signed"), (manager, 60, "stocktake.signed")):
        plan.audit(store_id=store.pk, actor_id=actor, action=action, model=StockTake,
                   object_id=take, at=started + datetime.timedelta(minutes=minute))

