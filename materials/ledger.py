"""Where each item of a store is, replayed from its confirmed movements.

Every movement moves stock from one place to another: nowhere (new to the store), the
storeroom, a clerk's hands, gone (sold, used, written off) or away (sent to another store).
Replaying the ledger gives, for a serial-tracked item, the ranges at each place, and for a
counted item the quantity at each place. The services check a new movement against this
state (under a row lock) before writing it, so the ledger never holds a serial twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hallops.exceptions import DomainError
from hallops.people import display_name

from . import serials
from .models import ItemType, Movement, MovementKind

STORE = "store"
GONE = "gone"
AWAY = "away"
# A clerk's hands: ("clerk", user id).

_NEW_KINDS = (MovementKind.RECEIVED, MovementKind.TRANSFER_IN, MovementKind.COUNT_SURPLUS)
_USED_KINDS = (MovementKind.SOLD, MovementKind.DAMAGED, MovementKind.VOIDED,
               MovementKind.EXPIRED)


def clerk_place(user_id: int) -> tuple[str, int]:
    return ("clerk", user_id)


def places(kind: str, clerk_id: int | None, corrects: Movement | None = None):
    """(from, to) of a movement of this kind; None is 'nowhere'."""
    if kind == MovementKind.REVERSAL:
        assert corrects is not None
        source, dest = places(corrects.kind, corrects.clerk_id)
        return dest, source
    if kind in _NEW_KINDS:
        return None, STORE
    if kind == MovementKind.ISSUED:
        return STORE, clerk_place(clerk_id)  # type: ignore[arg-type]
    if kind == MovementKind.RETURNED:
        return clerk_place(clerk_id), STORE  # type: ignore[arg-type]
    if kind in _USED_KINDS:
        return (clerk_place(clerk_id) if clerk_id else STORE), GONE
    if kind == MovementKind.TRANSFER_OUT:
        return STORE, AWAY
    if kind == MovementKind.COUNT_SHORTAGE:
        return STORE, GONE
    raise ValueError(kind)


@dataclass
class ItemState:
    item: ItemType
    ranges: dict = field(default_factory=dict)  # place -> list[Range]
    counts: dict = field(default_factory=dict)  # place -> int

    # ---- reading
    def in_stock_places(self):
        return [p for p in set(self.ranges) | set(self.counts) if p not in (GONE, AWAY, None)]

    def quantity(self, place) -> int:
        if self.item.is_serial:
            return serials.count(self.ranges.get(place, []))
        return self.counts.get(place, 0)

    def held(self) -> int:
        """In the store: the storeroom and every clerk's hands."""
        return sum(self.quantity(p) for p in self.in_stock_places())

    def clerk_quantities(self) -> dict[int, int]:
        return {p[1]: self.quantity(p) for p in self.in_stock_places()
                if isinstance(p, tuple) and self.quantity(p)}

    def fmt(self, ranges) -> str:
        return serials.format_ranges(ranges, length=self.item.serial_length or 0,
                                     prefix=self.item.serial_prefix)

    # ---- changing (unchecked: replay of confirmed movements)
    def apply(self, source, dest, *, quantity: int, rng: serials.Range | None) -> None:
        if self.item.is_serial and rng is not None:
            # The lists stay normalized, so one range is added or removed by bisection.
            if source is not None:
                self.ranges[source] = serials.remove(self.ranges.get(source, []), rng)
            if dest is not None:
                if dest == STORE and source is None:  # back from another store
                    self.ranges[AWAY] = serials.remove(self.ranges.get(AWAY, []), rng)
                self.ranges[dest] = serials.add(self.ranges.get(dest, []), rng)
        else:
            if source is not None:
                self.counts[source] = self.counts.get(source, 0) - quantity
            if dest is not None:
                self.counts[dest] = self.counts.get(dest, 0) + quantity

    # ---- checking a new movement
    def check(self, source, dest, *, quantity: int, rng: serials.Range | None,
              people: dict | None = None) -> None:
        if self.item.is_serial:
            assert rng is not None
            self._check_serial(source, rng, people or {})
        elif source is not None and self.counts.get(source, 0) < quantity:
            raise DomainError(
                _("Only %(have)s %(unit)s %(where)s; %(want)s cannot be taken.") % {
                    "have": self.counts.get(source, 0), "unit": self.item.unit,
                    "where": self._where(source, people or {}), "want": quantity},
                field="quantity")

    def _check_serial(self, source, rng, people) -> None:
        wanted = [rng]
        if source is None:
            for place in self.in_stock_places():
                clash = serials.intersect(wanted, self.ranges.get(place, []))
                if clash:
                    raise DomainError(_("Already in stock (%(where)s): %(ranges)s.") % {
                        "where": self._where(place, people), "ranges": self.fmt(clash)},
                        field="first_serial")
            used = serials.intersect(wanted, self.ranges.get(GONE, []))
            if used:
                raise DomainError(_("Already sold, used or written off: %(ranges)s.")
                                  % {"ranges": self.fmt(used)}, field="first_serial")
            return
        missing = serials.subtract(wanted, self.ranges.get(source, []))
        if not missing:
            return
        used = serials.intersect(missing, self.ranges.get(GONE, []))
        if used:
            raise DomainError(_("Already sold, used or written off: %(ranges)s.")
                              % {"ranges": self.fmt(used)}, field="first_serial")
        for place in self.in_stock_places():
            elsewhere = serials.intersect(missing, self.ranges.get(place, []))
            if elsewhere:
                raise DomainError(_("Not %(where)s but %(other)s: %(ranges)s.") % {
                    "where": self._where(source, people), "other": self._where(place, people),
                    "ranges": self.fmt(elsewhere)}, field="first_serial")
        raise DomainError(_("Not in stock: %(ranges)s.") % {"ranges": self.fmt(missing)},
                          field="first_serial")

    def _where(self, place, people) -> str:
        if place == STORE:
            return _("in the storeroom")
        if isinstance(place, tuple):
            user = people.get(place[1])
            return _("held by %(name)s") % {"name": display_name(user) if user else "?"}
        return _("in stock")


def movement_range(item: ItemType, m) -> serials.Range | None:
    return _range(item, m.first_serial, m.last_serial)


def _range(item: ItemType, first: str, last: str) -> serials.Range | None:
    if not item.is_serial or not first:
        return None
    return serials.parse_range(first, last, length=item.serial_length or 0,
                               prefix=item.serial_prefix)


# What a replay reads of each movement: plain values, no model instances (a year of a store's
# ledger is thousands of rows).
_REPLAY_FIELDS = ("item_id", "kind", "clerk_id", "quantity", "first_serial", "last_serial",
                  "corrects__kind", "corrects__clerk_id")


def _replay(states: dict[int, ItemState], rows) -> None:
    for item_id, kind, clerk_id, quantity, first, last, corrected_kind, corrected_clerk in rows:
        state = states.get(item_id)
        if state is None:
            continue
        if kind == MovementKind.REVERSAL:
            source, dest = places(corrected_kind, corrected_clerk)[::-1]
        else:
            source, dest = places(kind, clerk_id)
        state.apply(source, dest, quantity=quantity, rng=_range(state.item, first, last))


def item_state(store, item: ItemType, *, until=None) -> ItemState:
    """The item's places at this store now (or up to and including business date `until`)."""
    return item_states(store, [item], until=until)[item.pk]


def item_states(store, items, *, until=None) -> dict[int, ItemState]:
    """{item id: its places at this store}, several items replayed from one read of the ledger."""
    states = {item.pk: ItemState(item=item) for item in items}
    if not states:
        return states
    qs = Movement.objects.filter(store=store).order_by("at", "pk")
    qs = qs.filter(item=next(iter(states))) if len(states) == 1 else qs.filter(item__in=list(states))
    if until is not None:
        qs = qs.filter(business_date__lte=until)
    _replay(states, qs.values_list(*_REPLAY_FIELDS))
    return states
