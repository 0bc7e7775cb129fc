"""Every write of the materials ledger: receive, issue, return, sell/use, write off, transfer,
correct; stock-takes and their three signatures; publicity items.

Each function runs in one transaction and first row-locks the item (`select_for_update`), so
two people moving the same serials at once are serialised: the second one replays the ledger
after the first has committed and is refused. Movements are written confirmed (locked).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.businessdate import business_date as compute_business_date
from hallops.exceptions import DomainError
from hallops.models import RoleAssignment, Store
from hallops.people import display_name
from hallops.permissions import Role
from hallops.services.audit import audit_record, snapshot

from . import serials
from .ledger import STORE, ItemState, item_state, places
from .models import (
    NOT_REVERSIBLE_KINDS,
    WRITE_OFF_KINDS,
    ItemType,
    Movement,
    MovementKind,
    PublicityItem,
    StockTake,
    StockTakeLine,
    Transfer,
)

MAX_QUANTITY = 1_000_000
MAX_REASON = 300


# ---------------------------------------------------------------- helpers

def parse_quantity(value, *, field: str = "quantity", allow_zero: bool = False) -> int:
    """A whole number of pieces: negative, fractional or absurd counts are refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DomainError(_("Enter a quantity."), field=field)
    if isinstance(value, bool):
        raise DomainError(_("Enter a whole number."), field=field)
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter a whole number."), field=field) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise DomainError(_("Enter a whole number: stock is counted in whole pieces."), field=field)
    if number < 0:
        raise DomainError(_("A quantity cannot be negative."), field=field)
    if number == 0 and not allow_zero:
        raise DomainError(_("A quantity must be more than zero."), field=field)
    if number > MAX_QUANTITY:
        raise DomainError(_("At most %(n)s at once.") % {"n": MAX_QUANTITY}, field=field)
    return int(number)


def _locked_item(item: ItemType) -> ItemType:
    """The item row-locked for the rest of the transaction (PostgreSQL), so every movement of
    this item is checked against a ledger no one else is changing."""
    return ItemType.objects.select_for_update().get(pk=item.pk)


def _is_clerk_of(user, store) -> bool:
    return RoleAssignment.objects.filter(user=user, store=store, role=Role.CLERK,
                                         is_active=True).exists()


def _require_clerk(clerk, store) -> None:
    if clerk is None or not _is_clerk_of(clerk, store):
        raise DomainError(_("%(name)s is not a clerk of this store.")
                          % {"name": display_name(clerk) if clerk else "—"}, field="clerk")


def _amount(item: ItemType, quantity, first_serial: str, last_serial: str):
    """(quantity, range or None, first, last) of a movement, checked against the item's rules."""
    if item.is_serial:
        first_serial = (first_serial or "").strip()
        last_serial = (last_serial or "").strip() or first_serial
        rng = serials.parse_range(first_serial, last_serial, length=item.serial_length or 0,
                                  prefix=item.serial_prefix)
        n = serials.count([rng])
        if n > MAX_QUANTITY:
            raise DomainError(_("At most %(n)s at once.") % {"n": MAX_QUANTITY},
                              field="last_serial")
        if quantity not in (None, "") and parse_quantity(quantity) != n:
            raise DomainError(_("The range holds %(n)s, not %(q)s.") % {"n": n, "q": quantity},
                              field="quantity")
        return n, rng, first_serial, last_serial
    if first_serial or last_serial:
        raise DomainError(_("This item is counted, not tracked by serial number."),
                          field="first_serial")
    return parse_quantity(quantity), None, "", ""


def _people(store) -> dict:
    from django.contrib.auth import get_user_model

    ids = RoleAssignment.objects.filter(store=store).values_list("user_id", flat=True)
    return {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)}


def _write(*, actor, store, item: ItemType, kind: str, quantity=None, first_serial="",
           last_serial="", clerk=None, reference="", reason="", now=None, corrects=None,
           transfer=None, stocktake=None, state: ItemState | None = None,
           day: datetime.date | None = None) -> Movement:
    """Check one movement against the replayed ledger and write it confirmed."""
    now = now or timezone.now()
    n, rng, first_serial, last_serial = _amount(item, quantity, first_serial, last_serial)
    source, dest = places(kind, clerk.pk if clerk else None, corrects)
    if stocktake is None and STORE in (source, dest):
        _refuse_if_counting(store, item)
    state = state or item_state(store, item)
    state.check(source, dest, quantity=n, rng=rng, people=_people(store))
    movement = Movement.objects.create(
        store=store, item=item, kind=kind, quantity=n, first_serial=first_serial,
        last_serial=last_serial, clerk=clerk, reference=reference.strip(), reason=reason.strip(),
        business_date=day or compute_business_date(now, store=store), at=now, recorded_by=actor,
        corrects=corrects, transfer=transfer, stocktake=stocktake, locked=True,
    )
    state.apply(source, dest, quantity=n, rng=rng)
    return movement


def _refuse_if_counting(store, item: ItemType) -> None:
    """An open stock-take freezes the storeroom stock of the items it counts, from the moment
    it starts until the store manager signs it off: no receipt, issue, return, transfer,
    storeroom sale or write-off of them, and no correction that moves them. What the clerks
    already hold they may still sell. Otherwise the count and the ledger it is compared with
    drift apart, and the differences booked at the last signature no longer fit the ledger."""
    take = (StockTake.objects.filter(store=store, lines__item=item)
            .exclude(status=StockTake.Status.LOCKED).select_related("started_by").first())
    if take is not None:
        raise DomainError(
            _("%(item)s is being counted in the stock-take started %(when)s by %(name)s: its "
              "storeroom stock cannot move until the store manager signs the stock-take off.")
            % {"item": item.label,
               "when": timezone.localtime(take.started_at).strftime("%Y-%m-%d %H:%M"),
               "name": display_name(take.started_by)})


def _reason(reason: str, *, required: bool = True) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise DomainError(_("Give the reason."), field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(_("Keep the reason under %(n)s characters.") % {"n": MAX_REASON},
                          field="reason")
    return reason


def _active_item(item: ItemType) -> ItemType:
    item = _locked_item(item)
    if not item.is_active:
        raise DomainError(_("%(item)s is no longer in use.") % {"item": item.label}, field="item")
    return item


# ---------------------------------------------------------------- movements

@transaction.atomic
def movement_receive(*, actor, store, item: ItemType, reference: str, quantity=None,
                     first_serial: str = "", last_serial: str = "", now=None) -> Movement:
    """Stock delivered by the warehouse or city company, against a delivery note."""
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(_("Enter the delivery note number."), field="reference")
    if len(reference) > 60:
        raise DomainError(_("The delivery note number is too long."), field="reference")
    item = _active_item(item)
    m = _write(actor=actor, store=store, item=item, kind=MovementKind.RECEIVED, quantity=quantity,
               first_serial=first_serial, last_serial=last_serial, reference=reference, now=now)
    audit_record(actor=actor, store=store, action="movement.received", obj=m, after=snapshot(m))
    return m


@transaction.atomic
def movement_issue(*, actor, store, item: ItemType, clerk, quantity=None, first_serial: str = "",
                   last_serial: str = "", now=None) -> Movement:
    """The duty manager hands stock from the storeroom to a clerk for the day (发放)."""
    _require_clerk(clerk, store)
    item = _active_item(item)
    m = _write(actor=actor, store=store, item=item, kind=MovementKind.ISSUED, quantity=quantity,
               first_serial=first_serial, last_serial=last_serial, clerk=clerk, now=now)
    audit_record(actor=actor, store=store, action="movement.issued", obj=m, after=snapshot(m))
    return m


@transaction.atomic
def movement_return(*, actor, store, item: ItemType, clerk, quantity=None,
                    first_serial: str = "", last_serial: str = "", now=None) -> Movement:
    """A clerk hands back what they did not sell (回收)."""
    _require_clerk(clerk, store)
    item = _locked_item(item)
    m = _write(actor=actor, store=store, item=item, kind=MovementKind.RETURNED, quantity=quantity,
               first_serial=first_serial, last_serial=last_serial, clerk=clerk, now=now)
    audit_record(actor=actor, store=store, action="movement.returned", obj=m, after=snapshot(m))
    return m


@transaction.atomic
def movement_sell(*, actor, store, item: ItemType, clerk=None, quantity=None,
                  first_serial: str = "", last_serial: str = "", reference: str = "",
                  now=None) -> Movement:
    """Sold or used: from the clerk's hands (a clerk records their own), or from the storeroom
    when no clerk is named (a gift handed out by the duty manager)."""
    if clerk is not None:
        _require_clerk(clerk, store)
    item = _locked_item(item)
    m = _write(actor=actor, store=store, item=item, kind=MovementKind.SOLD, quantity=quantity,
               first_serial=first_serial, last_serial=last_serial, clerk=clerk,
               reference=(reference or "")[:60], now=now)
    audit_record(actor=actor, store=store, action="movement.sold", obj=m, after=snapshot(m))
    return m


@transaction.atomic
def movement_write_off(*, actor, store, item: ItemType, kind: str, reason: str, clerk=None,
                       quantity=None, first_serial: str = "", last_serial: str = "",
                       now=None) -> Movement:
    """Damaged, voided (invoice paper) or expired stock, with the reason."""
    if kind not in WRITE_OFF_KINDS:
        raise DomainError(_("Choose damaged, voided or expired."), field="kind")
    reason = _reason(reason)
    if clerk is not None:
        _require_clerk(clerk, store)
    item = _locked_item(item)
    m = _write(actor=actor, store=store, item=item, kind=kind, quantity=quantity,
               first_serial=first_serial, last_serial=last_serial, clerk=clerk, reason=reason,
               now=now)
    audit_record(actor=actor, store=store, action="movement.written_off", obj=m,
                 after=snapshot(m))
    return m


@transaction.atomic
def movement_reverse(*, actor, store, movement: Movement, reason: str, now=None) -> Movement:
    """A correction: a new entry that undoes a confirmed one (which stays as it was)."""
    reason = _reason(reason)
    movement = Movement.objects.select_related("item", "clerk").get(pk=movement.pk)
    if movement.store_id != store.pk:
        raise DomainError(_("That entry belongs to another store."))
    if movement.kind in NOT_REVERSIBLE_KINDS:
        raise DomainError(_("Transfers, stock-take adjustments and corrections cannot be "
                            "reversed; record a new movement instead."))
    item = _locked_item(movement.item)
    if Movement.objects.filter(corrects=movement).exists():
        raise DomainError(_("That entry has already been corrected."))
    try:
        with transaction.atomic():
            m = _write(actor=actor, store=store, item=item, kind=MovementKind.REVERSAL,
                       quantity=movement.quantity, first_serial=movement.first_serial,
                       last_serial=movement.last_serial, clerk=movement.clerk, reason=reason,
                       reference=movement.reference, corrects=movement, now=now)
    except IntegrityError:
        raise DomainError(_("That entry has already been corrected.")) from None
    audit_record(actor=actor, store=store, action="movement.reversed", obj=m, after=snapshot(m))
    return m


# ---------------------------------------------------------------- transfers

@transaction.atomic
def transfer_send(*, actor, store, to_store: Store, item: ItemType, quantity=None,
                  first_serial: str = "", last_serial: str = "", now=None) -> Transfer:
    """Stock sent from this storeroom to another store: booked out now, in on receipt."""
    if to_store is None or to_store.pk == store.pk:
        raise DomainError(_("Choose another store to send to."), field="to_store")
    if not to_store.is_active:
        raise DomainError(_("That store is closed."), field="to_store")
    now = now or timezone.now()
    item = _active_item(item)
    n, _rng, first_serial, last_serial = _amount(item, quantity, first_serial, last_serial)
    transfer = Transfer.objects.create(store=to_store, from_store=store, item=item, quantity=n,
                                       first_serial=first_serial, last_serial=last_serial,
                                       sent_by=actor, sent_at=now)
    _write(actor=actor, store=store, item=item, kind=MovementKind.TRANSFER_OUT, quantity=n,
           first_serial=first_serial, last_serial=last_serial, transfer=transfer,
           reference=str(to_store.code), now=now)
    audit_record(actor=actor, store=store, action="transfer.sent", obj=transfer,
                 after=snapshot(transfer))
    return transfer


@transaction.atomic
def transfer_receive(*, actor, store, transfer: Transfer, now=None) -> Movement:
    """The receiving store books a transfer in — once."""
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.store_id != store.pk:
        raise DomainError(_("That transfer is addressed to another store."))
    if transfer.status == Transfer.Status.RECEIVED:
        raise DomainError(_("That transfer has already been received."))
    now = now or timezone.now()
    item = _locked_item(transfer.item)
    try:
        with transaction.atomic():
            m = _write(actor=actor, store=store, item=item, kind=MovementKind.TRANSFER_IN,
                       quantity=transfer.quantity, first_serial=transfer.first_serial,
                       last_serial=transfer.last_serial, transfer=transfer,
                       reference=str(transfer.from_store.code), now=now)
    except IntegrityError:
        raise DomainError(_("That transfer has already been received.")) from None
    before = snapshot(transfer)
    transfer.status = Transfer.Status.RECEIVED
    transfer.received_by = actor
    transfer.received_at = now
    transfer.save(update_fields=["status", "received_by", "received_at"])
    audit_record(actor=actor, store=store, action="transfer.received", obj=transfer,
                 before=before, after=snapshot(transfer))
    return m


# ---------------------------------------------------------------- stock-takes

def _is_staff_of(user, store, role=None) -> bool:
    qs = RoleAssignment.objects.filter(user=user, store=store, is_active=True)
    if role is not None:
        qs = qs.filter(role=role)
    return qs.exists()


@transaction.atomic
def stocktake_start(*, actor, store, counter, scope: str = StockTake.Scope.ALL,
                    now=None) -> StockTake:
    """Open a stock-take: one line per item in scope with what the ledger says is in the
    storeroom now. Clerks return their stock first (what they hold is not counted)."""
    if scope not in StockTake.Scope.values:
        raise DomainError(_("Choose which items to count."), field="scope")
    if counter is None or not _is_staff_of(counter, store):
        raise DomainError(_("The counter must work in this store."), field="counter")
    if StockTake.objects.filter(store=store).exclude(status=StockTake.Status.LOCKED).exists():
        raise DomainError(_("A stock-take of this store is already open; finish it first."))
    items = ItemType.objects.filter(is_active=True)
    if scope == StockTake.Scope.MONEY:
        items = items.filter(money_equivalent=True)
    # Row-lock the items counted, as every movement does: a movement under way finishes
    # before the ledger is read, and one that comes after sees the stock-take and waits.
    items = items.select_for_update().order_by("pk")
    take = StockTake.objects.create(store=store, scope=scope, started_by=actor,
                                    started_at=now or timezone.now(), counter=counter)
    lines = []
    for item in items:
        state = item_state(store, item)
        rng = state.ranges.get(STORE, []) if item.is_serial else []
        lines.append(StockTakeLine(stocktake=take, item=item,
                                   expected_quantity=state.quantity(STORE),
                                   expected_ranges=state.fmt(rng) if item.is_serial else ""))
    StockTakeLine.objects.bulk_create(lines)
    audit_record(actor=actor, store=store, action="stocktake.started", obj=take,
                 after=snapshot(take))
    return take


def _locked_take(take: StockTake) -> StockTake:
    return StockTake.objects.select_for_update().get(pk=take.pk)


@transaction.atomic
def stocktake_count(*, actor, store, stocktake: StockTake, counts: dict) -> StockTake:
    """Record what was counted: {line id: {"quantity", "ranges", "reason"}}. Differences
    against the ledger are computed; every difference needs a reason."""
    take = _locked_take(stocktake)
    if take.store_id != store.pk:
        raise DomainError(_("That stock-take belongs to another store."))
    if take.status != StockTake.Status.COUNTING:
        raise DomainError(_("The count is signed; it can no longer be changed."))
    lines = list(take.lines.select_related("item"))
    for line in lines:
        entry = counts.get(line.pk) or counts.get(str(line.pk)) or {}
        item = line.item
        field = f"line-{line.pk}"
        try:
            line.reason = _reason(entry.get("reason", ""), required=False)
            if item.is_serial:
                counted = serials.parse_ranges(entry.get("ranges", ""), length=item.serial_length or 0,
                                               prefix=item.serial_prefix, field=field)
                expected = serials.parse_ranges(line.expected_ranges, length=item.serial_length or 0,
                                                prefix=item.serial_prefix)
                missing = serials.subtract(expected, counted)
                surplus = serials.subtract(counted, expected)
                fmt: dict[str, Any] = {"length": item.serial_length or 0, "prefix": item.serial_prefix}
                line.counted_ranges = serials.format_ranges(counted, **fmt)
                line.counted_quantity = serials.count(counted)
                line.missing_ranges = serials.format_ranges(missing, **fmt)
                line.surplus_ranges = serials.format_ranges(surplus, **fmt)
                if surplus:  # found here but the ledger has them with a clerk, sold or used
                    state = item_state(store, item)
                    people = _people(store)
                    for rng in surplus:
                        state.check(None, STORE, quantity=serials.count([rng]), rng=rng,
                                    people=people)
            else:
                line.counted_quantity = parse_quantity(entry.get("quantity"), field=field,
                                                       allow_zero=True)
        except DomainError as error:
            raise DomainError(_("%(item)s: %(error)s") % {"item": item.label,
                                                          "error": error.message},
                              field=field) from None
        line.difference = line.counted_quantity - line.expected_quantity
        differs = line.difference or line.missing_ranges or line.surplus_ranges
        if differs and not line.reason:
            raise DomainError(_("%(item)s: give the reason for the difference.")
                              % {"item": item.label}, field=field)
    StockTakeLine.objects.bulk_update(lines, ["counted_quantity", "counted_ranges", "difference",
                                              "missing_ranges", "surplus_ranges", "reason"])
    audit_record(actor=actor, store=store, action="stocktake.counted", obj=take,
                 after={"lines": len(lines)})
    return take


@transaction.atomic
def stocktake_sign(*, actor, store, stocktake: StockTake, now=None) -> StockTake:
    """The next signature, in order: the counter, then a duty manager, then the store manager
    (three different people). The store manager's locks the count and books the differences
    as linked ledger entries."""
    take = _locked_take(stocktake)
    if take.store_id != store.pk:
        raise DomainError(_("That stock-take belongs to another store."))
    now = now or timezone.now()
    before = snapshot(take)
    Status = StockTake.Status
    if take.status == Status.COUNTING:
        if actor.pk != take.counter_id:
            raise DomainError(_("The counter, %(name)s, signs first.")
                              % {"name": display_name(take.counter)})
        if take.lines.filter(counted_quantity__isnull=True).exists():
            raise DomainError(_("Record the count of every item before signing."))
        take.status, take.counter_signed_at = Status.COUNTER_SIGNED, now
    elif take.status == Status.COUNTER_SIGNED:
        if not _is_staff_of(actor, store, Role.DUTY_MANAGER):
            raise DomainError(_("A duty manager signs second."))
        if actor.pk == take.counter_id:
            raise DomainError(_("The duty manager's signature must come from someone other "
                                "than the counter."))
        take.status, take.duty_manager, take.duty_signed_at = Status.DUTY_SIGNED, actor, now
    elif take.status == Status.DUTY_SIGNED:
        if not _is_staff_of(actor, store, Role.STORE_MANAGER):
            raise DomainError(_("The store manager signs last."))
        if actor.pk in (take.counter_id, take.duty_manager_id):
            raise DomainError(_("Three different people sign a stock-take."))
        take.status, take.store_manager, take.store_signed_at = Status.LOCKED, actor, now
        _book_differences(actor=actor, store=store, take=take, now=now)
    else:
        raise DomainError(_("This stock-take is already signed off."))
    take.save()
    audit_record(actor=actor, store=store, action="stocktake.signed", obj=take, before=before,
                 after=snapshot(take))
    return take


def _book_differences(*, actor, store, take: StockTake, now) -> None:
    for line in take.lines.select_related("item"):
        item = _locked_item(line.item)
        state = item_state(store, item)
        reason = line.reason
        if item.is_serial:
            fmt: dict[str, Any] = {"length": item.serial_length or 0, "prefix": item.serial_prefix}
            for text, kind in ((line.missing_ranges, MovementKind.COUNT_SHORTAGE),
                               (line.surplus_ranges, MovementKind.COUNT_SURPLUS)):
                for a, b in serials.parse_ranges(text, **fmt):
                    _write(actor=actor, store=store, item=item, kind=kind,
                           first_serial=serials.format_serial(a, **fmt),
                           last_serial=serials.format_serial(b, **fmt), reason=reason,
                           stocktake=take, state=state, now=now)
        elif line.difference:
            kind = MovementKind.COUNT_SURPLUS if line.difference > 0 else MovementKind.COUNT_SHORTAGE
            _write(actor=actor, store=store, item=item, kind=kind, quantity=abs(line.difference),
                   reason=reason, stocktake=take, state=state, now=now)


# ---------------------------------------------------------------- publicity

@transaction.atomic
def publicity_create(*, actor, store, title: str, location: str, valid_from: datetime.date,
                     valid_until: datetime.date) -> PublicityItem:
    title, location = (title or "").strip(), (location or "").strip()
    if not title:
        raise DomainError(_("Enter a title."), field="title")
    if not location:
        raise DomainError(_("Say where it is displayed."), field="location")
    if valid_until < valid_from:
        raise DomainError(_("It cannot expire before it is valid."), field="valid_until")
    item = PublicityItem.objects.create(store=store, title=title[:120], location=location[:120],
                                        valid_from=valid_from, valid_until=valid_until)
    audit_record(actor=actor, store=store, action="publicity.created", obj=item,
                 after=snapshot(item))
    return item


@transaction.atomic
def publicity_take_down(*, actor, store, item: PublicityItem, now=None) -> PublicityItem:
    item = PublicityItem.objects.select_for_update().get(pk=item.pk)
    if item.store_id != store.pk:
        raise DomainError(_("That item belongs to another store."))
    if item.taken_down_at:
        raise DomainError(_("It has already been taken down."))
    before = snapshot(item)
    item.taken_down_at, item.taken_down_by = now or timezone.now(), actor
    item.save(update_fields=["taken_down_at", "taken_down_by"])
    audit_record(actor=actor, store=store, action="publicity.taken_down", obj=item,
                 before=before, after=snapshot(item))
    return item

