"""Reads of the materials ledger, always for one store."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Prefetch

from hallops.models import RoleAssignment
from hallops.permissions import Role

from . import serials
from .ledger import STORE, ItemState, item_states
from .models import ItemType, Movement, MovementKind, PublicityItem, StockTake, StockTakeLine, Transfer


@dataclass
class StockRow:
    item: ItemType
    state: ItemState
    storeroom: int
    with_clerks: int
    storeroom_ranges: str
    gaps: str

    @property
    def total(self) -> int:
        return self.storeroom + self.with_clerks

    @property
    def low(self) -> bool:
        return self.item.min_stock > 0 and self.storeroom < self.item.min_stock


def active_items():
    return ItemType.objects.filter(is_active=True)


def ledger_version(store) -> tuple[int, int | None]:
    """(entries, latest entry id) of the store's ledger: entries are never changed or deleted,
    so any new one changes it. The entries' count is also the length of the whole ledger."""
    version = Movement.objects.filter(store=store).aggregate(n=Count("id"), last=Max("id"))
    return version["n"], version["last"]


def store_item_states(store, items, *, version: tuple[int, int | None] | None = None
                      ) -> dict[int, ItemState]:
    """`item_states` for the pages: the replay of the store's whole ledger (a year is
    thousands of entries) is kept in the cache under the `ledger_version` (`version`, when the
    page has read it), for at most `PANEL_CACHE_SECONDS`. The services check against a fresh
    replay."""
    from django.conf import settings
    from django.core.cache import cache

    seconds = getattr(settings, "PANEL_CACHE_SECONDS", 0)
    if not seconds:
        return item_states(store, items)
    n, last = version or ledger_version(store)
    key = f"materials:states:{store.pk}:{n}:{last}"
    places = cache.get(key)
    if places is None:
        states = item_states(store, ItemType.objects.all())
        places = {pk: (s.ranges, s.counts) for pk, s in states.items() if s.ranges or s.counts}
        cache.set(key, places, seconds)
    empty: tuple[dict, dict] = ({}, {})
    return {item.pk: ItemState(item, *places.get(item.pk, empty)) for item in items}


def overdue_of(store, today: datetime.date, rows: list[StockRow]) -> list[Overdue]:
    """`stocktakes_overdue` of the items of a `stock_overview` (no second read of the ledger)."""
    return stocktakes_overdue(store, today, [r.item for r in rows],
                              held={r.item.pk for r in rows if r.state.ranges or r.state.counts})


def stock_overview(store, *, version: tuple[int, int | None] | None = None) -> list[StockRow]:
    """Every active item's storeroom and clerks' stock, from one read of the store's ledger
    (`version`: its `ledger_version`, when the page has read it)."""
    rows = []
    items = list(active_items())
    states = store_item_states(store, items, version=version)
    for item in items:
        state = states[item.pk]
        storeroom = state.quantity(STORE)
        ranges = state.ranges.get(STORE, []) if item.is_serial else []
        rows.append(StockRow(item=item, state=state, storeroom=storeroom,
                             with_clerks=state.held() - storeroom,
                             storeroom_ranges=state.fmt(ranges) if ranges else "",
                             gaps=state.fmt(serials.gaps(ranges)) if ranges else ""))
    return rows


# What each kind does to the storeroom: +1 in, -1 out; sold/written off count only when
# they come from the storeroom (no clerk named).
_ROOM_SIGN = {"received": 1, "transfer_in": 1, "count_surplus": 1, "returned": 1,
              "issued": -1, "transfer_out": -1, "count_shortage": -1}
_ROOM_SIGN_NO_CLERK = {"sold": -1, "damaged": -1, "voided": -1, "expired": -1}


def _room_sign(kind: str, has_clerk: bool) -> int:
    if kind in _ROOM_SIGN:
        return _ROOM_SIGN[kind]
    return 0 if has_clerk else _ROOM_SIGN_NO_CLERK.get(kind, 0)


def storeroom_quantities(store) -> dict[int, int]:
    """{item id: quantity in the storeroom} in one grouped query (no ledger replay), for
    every item this store has ever held."""
    from django.db.models import Q, Sum

    out: dict[int, int] = {}
    rows = (Movement.objects.filter(store=store)
            .values_list("item_id", "kind", "corrects__kind")
            .annotate(by_clerk=Sum("quantity", filter=Q(clerk__isnull=False)),
                      from_room=Sum("quantity", filter=Q(clerk__isnull=True)))
            .order_by())
    for item_id, kind, corrected, with_clerk, without_clerk in rows:
        n = 0
        for qty, has_clerk in ((with_clerk or 0, True), (without_clerk or 0, False)):
            if kind == "reversal":
                n -= _room_sign(corrected, has_clerk) * qty
            else:
                n += _room_sign(kind, has_clerk) * qty
        out[item_id] = out.get(item_id, 0) + n
    return out


_CLERK_SIGN = {"issued": 1, "returned": -1, "sold": -1, "damaged": -1, "voided": -1,
               "expired": -1}


def clerk_quantities(store, clerk) -> dict[int, int]:
    """{item id: quantity the clerk holds now} in one grouped query."""
    from django.db.models import Sum

    out: dict[int, int] = {}
    rows = (Movement.objects.filter(store=store, clerk=clerk)
            .values_list("item_id", "kind", "corrects__kind").annotate(n=Sum("quantity"))
            .order_by())
    for item_id, kind, corrected, n in rows:
        sign = -_CLERK_SIGN.get(corrected, 0) if kind == "reversal" else _CLERK_SIGN.get(kind, 0)
        out[item_id] = out.get(item_id, 0) + sign * n
    return {k: v for k, v in out.items() if v}


@dataclass
class LowStock:
    item: ItemType
    storeroom: int


def low_stock(store, items=None) -> list[LowStock]:
    """Items held here whose storeroom is below their minimum."""
    room = storeroom_quantities(store)
    items = items if items is not None else list(active_items())
    return [LowStock(item, room[item.pk]) for item in items
            if item.pk in room and item.min_stock and room[item.pk] < item.min_stock]


def clerks_of(store):
    ids = RoleAssignment.objects.filter(store=store, role=Role.CLERK, is_active=True
                                        ).values_list("user_id", flat=True)
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("first_name")


def clerk_holdings(store, clerk) -> list[tuple[ItemType, int, str]]:
    """What one clerk holds now: (item, quantity, ranges)."""
    held_items = (Movement.objects.filter(store=store, clerk=clerk)
                  .values_list("item_id", flat=True).distinct())
    out = []
    items = list(ItemType.objects.filter(pk__in=list(held_items)))
    states = store_item_states(store, items)
    for item in items:
        state = states[item.pk]
        place = ("clerk", clerk.pk)
        n = state.quantity(place)
        if n:
            out.append((item, n, state.fmt(state.ranges.get(place, [])) if item.is_serial else ""))
    return out


def all_clerk_holdings(store, rows: list[StockRow] | None = None, clerks=None) -> list[tuple]:
    """(clerk, [(item, quantity, ranges)]) for every clerk holding something; `rows`: the
    store's `stock_overview` when the page already has it (the ledger is read once);
    `clerks`: its `clerks_of` when the page has read them."""
    people = {u.pk: u for u in (clerks_of(store) if clerks is None else clerks)}
    by_clerk: dict[int, list] = {}
    for row in (stock_overview(store) if rows is None else rows):
        for clerk_id, n in row.state.clerk_quantities().items():
            ranges = row.state.ranges.get(("clerk", clerk_id), []) if row.item.is_serial else []
            by_clerk.setdefault(clerk_id, []).append((row.item, n, row.state.fmt(ranges)))
    user_model = get_user_model()
    missing = [pk for pk in by_clerk if pk not in people]
    people.update({u.pk: u for u in user_model.objects.filter(pk__in=missing)})
    return [(people[pk], by_clerk[pk]) for pk in sorted(by_clerk, key=lambda k: people[k].first_name)]


def ledger(store, *, item=None, day_from=None, day_to=None):
    qs = (Movement.objects.filter(store=store)
          .select_related("item", "clerk", "recorded_by", "corrects", "transfer")
          .order_by("-at", "-pk"))
    if item is not None:
        qs = qs.filter(item=item)
    if day_from is not None:
        qs = qs.filter(business_date__gte=day_from)
    if day_to is not None:
        qs = qs.filter(business_date__lte=day_to)
    return qs


def _name_fields(relation: str) -> tuple[str, ...]:
    """The fields `hallops.people.display_name` reads of a related person."""
    return (f"{relation}__first_name", f"{relation}__last_name", f"{relation}__username")


def ledger_listing(store, *, item=None):
    """The ledger as the store manager's page lists it, newest first: each entry with its item
    and people, and the entry a correction reverses (its kind and time). The corrected entry
    and the transfer as two more joins made PostgreSQL spend 4–6 ms planning the query on
    every request (50 stores × 365 days), far more than running it; the corrected entries
    come by their ids instead, in a second query only when the page lists a correction."""
    qs = (Movement.objects.filter(store=store).select_related("item", "clerk", "recorded_by")
          .only("store_id", "kind", "quantity", "first_serial", "last_serial", "reference",
                "reason", "at", "corrects_id", "item__name", "item__name_en",
                *_name_fields("clerk"), *_name_fields("recorded_by"))
          .prefetch_related(Prefetch("corrects", queryset=Movement.objects.only("kind", "at")))
          .order_by("-at", "-pk"))
    return qs if item is None else qs.filter(item=item)


def clerk_day_movements(store, clerk, day: datetime.date):
    return ledger(store).filter(clerk=clerk, business_date=day)


def incoming_transfers(store):
    return (Transfer.objects.filter(store=store, status=Transfer.Status.SENT)
            .select_related("from_store", "item")
            .only("store_id", "quantity", "first_serial", "last_serial", "sent_at",
                  "from_store__name", "item__name", "item__name_en"))


def outgoing_transfers(store, *, limit: int = 20):
    return (Movement.objects.filter(store=store, kind=MovementKind.TRANSFER_OUT)
            .select_related("transfer", "transfer__store", "item")
            .only("store_id", "business_date", "quantity", "transfer__status",
                  "transfer__store__name", "item__name", "item__name_en")
            .order_by("-at")[:limit])


def stocktakes(store, *, limit: int = 20):
    # The lists show each stock-take's day, scope and status; its people are on its own page.
    return StockTake.objects.filter(store=store).order_by("-started_at")[:limit]


def open_stocktake(store):
    return StockTake.objects.filter(store=store).exclude(status=StockTake.Status.LOCKED).first()


def stocktake_lines(take: StockTake):
    return StockTakeLine.objects.filter(stocktake=take).select_related("item")


@dataclass
class Overdue:
    item: ItemType
    last: datetime.date | None
    due: datetime.date | None


def stocktakes_overdue(store, today: datetime.date, items=None,
                       held: set[int] | None = None) -> list[Overdue]:
    """Items whose last signed stock-take is older than the item's interval (7 days for
    money-equivalents, 30 for the rest, as configured); items never held here are left out."""
    if held is None:
        held = set(Movement.objects.filter(store=store).values_list("item_id", flat=True)
                   .distinct().order_by())
    last = dict(StockTakeLine.objects.filter(stocktake__store=store,
                                             stocktake__status=StockTake.Status.LOCKED)
                .values("item").annotate(last=Max("stocktake__store_signed_at"))
                .values_list("item", "last"))
    out = []
    for item in (items if items is not None else active_items()):
        if item.pk not in held:
            continue  # nothing of it ever held here: nothing to count
        signed = last.get(item.pk)
        last_day = signed.date() if signed else None
        due = last_day + datetime.timedelta(days=item.stocktake_days) if last_day else None
        if due is None or due < today:
            out.append(Overdue(item=item, last=last_day, due=due))
    return out


def publicity_to_take_down(store, day: datetime.date):
    """Publicity still up that expires today or has expired."""
    return PublicityItem.objects.filter(store=store, taken_down_at__isnull=True,
                                        valid_until__lte=day).order_by("valid_until")


def publicity_on_display(store, day: datetime.date):
    return PublicityItem.objects.filter(store=store, taken_down_at__isnull=True).order_by(
        "valid_until")


# ---------------------------------------------------------------- 进销存 (stock in/out/balance)

IN_KINDS = ("received", "transfer_in", "count_surplus")
OUT_KINDS = ("sold", "transfer_out", "damaged", "voided", "expired", "count_shortage")
REPORT_KINDS = IN_KINDS + OUT_KINDS


@dataclass
class StockReportRow:
    item: ItemType
    opening: int
    moves: dict  # kind -> quantity in the period (a correction counts against its kind)
    closing: int

    @property
    def stocktake_difference(self) -> int:
        return self.moves["count_surplus"] - self.moves["count_shortage"]

    @property
    def written_off(self) -> int:
        return self.moves["damaged"] + self.moves["voided"] + self.moves["expired"]

    @property
    def total_in(self) -> int:
        return sum(self.moves[k] for k in IN_KINDS)

    @property
    def total_out(self) -> int:
        return sum(self.moves[k] for k in OUT_KINDS)

    @property
    def closing_value(self):
        return self.item.value * self.closing if self.item.value is not None else None


def _grouped(stores, **filters) -> dict:
    """{(store id, item id, kind): quantity}, a correction counted negative against the
    entry's kind. One query for any number of stores."""
    from django.db.models import Sum

    out: dict = {}
    rows = (Movement.objects.filter(store__in=stores, **filters)
            .values_list("store_id", "item_id", "kind", "corrects__kind")
            .annotate(n=Sum("quantity")).order_by())
    for store_id, item_id, kind, corrected_kind, n in rows:
        if kind == "reversal":
            key, n = (store_id, item_id, corrected_kind), -n
        else:
            key = (store_id, item_id, kind)
        out[key] = out.get(key, 0) + n
    return out


def _net(grouped: dict, store_id: int, item_id: int) -> int:
    return (sum(grouped.get((store_id, item_id, k), 0) for k in IN_KINDS)
            - sum(grouped.get((store_id, item_id, k), 0) for k in OUT_KINDS))


def report_order(item: ItemType) -> tuple:
    """A stock report's rows go by category, then code (the kept reports too)."""
    return item.category, item.code


def stock_reports(stores, start: datetime.date, end: datetime.date) -> dict[int, list]:
    """The monthly 进销存 of several stores at once: {store id: [StockReportRow]} in three
    queries. Per item, what the store held (storeroom and clerks) at the start, what came in
    and went out by kind, and what it held at the end. Issues to and returns from clerks stay
    inside the store and do not count."""
    stores = list(stores)
    before = _grouped(stores, business_date__lt=start)
    during = _grouped(stores, business_date__gte=start, business_date__lte=end)
    keys = {k[:2] for k in before} | {k[:2] for k in during}
    items = {i.pk: i for i in ItemType.objects.filter(pk__in={k[1] for k in keys})}
    out: dict[int, list] = {s.pk: [] for s in stores}
    for store_id, item_id in sorted(keys, key=lambda k: (k[0], *report_order(items[k[1]]))):
        opening = _net(before, store_id, item_id)
        moves = {k: during.get((store_id, item_id, k), 0) for k in REPORT_KINDS}
        out[store_id].append(StockReportRow(
            item=items[item_id], opening=opening, moves=moves,
            closing=opening + _net(during, store_id, item_id)))
    return out


def stock_report(store, start: datetime.date, end: datetime.date) -> list[StockReportRow]:
    """The monthly 进销存 of one store (see `stock_reports`)."""
    return stock_reports([store], start, end)[store.pk]
