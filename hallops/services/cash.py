"""Write paths of a clerk's till: float, drops, expected takings, blind count, differences,
approval, hand-in, confirmation and adjustments.

Every function runs in one transaction, takes a row lock on the till before it checks its
status (so two people acting at once cannot both succeed), and leaves an audit entry.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import cast

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.businessdate import business_date as compute_business_date
from hallops.events import emit
from hallops.exceptions import DomainError
from hallops.models import (
    DENOMINATIONS,
    CashAdjustment,
    CashDrop,
    CashHandIn,
    Destination,
    DiscrepancyKind,
    EventCode,
    ExpectedTakings,
    PaymentMethod,
    RoleAssignment,
    ShiftType,
    TillCount,
    TillDifference,
    TillSession,
)
from hallops.models.cash import NON_CASH_FIELDS
from hallops.money import ZERO, format_money, require_storable, to_money
from hallops.people import display_name
from hallops.permissions import Role
from hallops.selectors.cash import cash_policy, reasons_for, till_figures
from hallops.services.audit import audit_record, snapshot
from hallops.services.report_receipts import receipts_sync_for_session

Status = TillSession.Status
MAX_NOTES = 1_000_000


def _locked_session(session: TillSession) -> TillSession:
    """The till again, row-locked for the rest of the transaction (PostgreSQL)."""
    return TillSession.objects.select_for_update().get(pk=session.pk)


def _is_clerk_of(user, store) -> bool:
    return RoleAssignment.objects.filter(
        user=user, store=store, role=Role.CLERK, is_active=True).exists()


def _require_own_till(actor, session: TillSession) -> None:
    if session.clerk_id != actor.pk:
        raise DomainError(_("This till belongs to another clerk."))


@transaction.atomic
def till_float_issue(*, actor, store, clerk, amount, shift_type: ShiftType | None = None,
                     day: datetime.date | None = None, now=None) -> TillSession:
    """The duty manager opens a clerk's till with a change float (备用金)."""
    now = now or timezone.now()
    amount = to_money(amount, field="amount")
    if not _is_clerk_of(clerk, store):
        raise DomainError(_("%(name)s is not a clerk of this store.") % {"name": display_name(clerk)},
                          field="clerk")
    if shift_type is not None and shift_type.store_id != store.pk:
        raise DomainError(_("That shift does not belong to this store."), field="shift_type")
    cap = cash_policy(store).float_cap
    if amount > cap:
        raise DomainError(_("The change float cannot exceed %(cap)s yuan.") % {"cap": format_money(cap)},
                          field="amount")
    day = day or compute_business_date(now, store=store)
    try:
        with transaction.atomic():
            session = TillSession.objects.create(
                store=store, clerk=clerk, business_date=day, shift_type=shift_type,
                opening_float=amount, float_issued_by=actor, opened_at=now,
            )
    except IntegrityError:
        raise DomainError(_("%(name)s already has a till for this day and shift.")
                          % {"name": display_name(clerk)}, field="clerk")
    audit_record(actor=actor, store=store, action="till.float_issued", obj=session,
                 after=snapshot(session))
    receipts_sync_for_session(session, actor=actor)
    return session


@transaction.atomic
def till_drop_record(*, actor, session: TillSession, amount, envelope_no: str = "",
                     now=None) -> CashDrop:
    """Cash from the desk into the drop safe; only while the till is open."""
    amount = to_money(amount, field="amount")
    if amount <= 0:
        raise DomainError(_("A safe drop must be more than zero."), field="amount")
    cap = cash_policy(session.store).drop_cap
    if amount > cap:
        raise DomainError(_("A safe drop cannot exceed %(cap)s yuan; check the amount.")
                          % {"cap": cap}, field="amount")
    session = _locked_session(session)
    _require_own_till(actor, session)
    if session.status != Status.OPEN:
        raise DomainError(_("The till is already counted; no more drops can be recorded."))
    envelope_no = envelope_no.strip()
    if envelope_no and session.drops.filter(envelope_no=envelope_no).exists():
        raise DomainError(_("Envelope number %(no)s is already recorded for this till.")
                          % {"no": envelope_no}, field="envelope_no")
    drops = sum((d.amount for d in session.drops.all()), ZERO)
    require_storable(drops + amount, what=_("The safe drops of this till"), field="amount")
    drop = CashDrop.objects.create(session=session, amount=amount,
                                   envelope_no=envelope_no, at=now or timezone.now(),
                                   recorded_by=actor)
    audit_record(actor=actor, store=session.store, action="till.drop_recorded", obj=drop,
                 after=snapshot(drop))
    return drop


@transaction.atomic
def till_expected_set(*, actor, session: TillSession, amounts: dict,
                      source: str = ExpectedTakings.Source.TYPED,
                      now=None) -> None:
    """Record what the billing system says the clerk took, by method (replacing earlier
    figures) until the takings are handed in."""
    cleaned = {}
    for method in PaymentMethod.values:
        cleaned[method] = to_money(amounts.get(method, 0) or 0, field=method)
    session = _locked_session(session)
    if session.status not in (Status.OPEN, Status.COUNTED):
        raise DomainError(_("The takings are already handed in; the expected figures are "
                            "final."))
    before = {e.method: e.amount for e in session.expected.all()}
    session.expected.all().delete()
    now = now or timezone.now()
    ExpectedTakings.objects.bulk_create([
        ExpectedTakings(session=session, method=m, amount=a, source=source, entered_by=actor,
                        entered_at=now)
        for m, a in cleaned.items()
    ])
    audit_record(actor=actor, store=session.store, action="till.expected_set", obj=session,
                 before=before or None, after={**cleaned, "source": source})
    receipts_sync_for_session(session, actor=actor)


@transaction.atomic
def till_count_record(*, actor, session: TillSession, notes: dict, non_cash: dict,
                      now=None) -> TillCount:
    """The clerk's blind count, once: they have not seen the expected figures before it."""
    counts = {}
    for name, _value in DENOMINATIONS:
        raw = notes.get(name)
        if raw is None or raw == "":
            raise DomainError(_("Enter a count for every denomination (0 if none)."),
                              field=name)
        try:
            number = int(raw)
        except (TypeError, ValueError):
            raise DomainError(_("Counts are whole numbers of notes or coins."), field=name)
        if number < 0 or number > MAX_NOTES:
            raise DomainError(_("A count must be between 0 and %(max)d.") % {"max": MAX_NOTES},
                              field=name)
        counts[name] = number
    totals = {NON_CASH_FIELDS[m]: to_money(non_cash.get(m, 0) or 0, field=m)
              for m in NON_CASH_FIELDS}
    cash = sum((Decimal(counts[name]) * value for name, value in DENOMINATIONS), ZERO)
    cash = to_money(cash, field="notes_100")
    session = _locked_session(session)
    _require_own_till(actor, session)
    if session.status != Status.OPEN:
        raise DomainError(_("This till has already been counted."))
    drops = sum((d.amount for d in session.drops.all()), ZERO)
    require_storable(cash + drops - session.opening_float,
                     what=_("The cash takings of this till"), field="notes_100")
    count = TillCount.objects.create(session=session, cash_in_drawer=cash, counted_by=actor,
                                     counted_at=now or timezone.now(), **counts, **totals)
    session.status = Status.COUNTED
    session.save(update_fields=["status"])
    # The entry is the count's: its fields only (the till's status change is what
    # "till.count_recorded" means; a till field here would read as a field of the count).
    audit_record(actor=actor, store=session.store, action="till.count_recorded", obj=count,
                 after=snapshot(count))
    receipts_sync_for_session(session, actor=actor)
    return count


DESTINATIONS_FOR: dict[str, set[str]] = {
    DiscrepancyKind.OVERAGE: {Destination.PAID_IN, Destination.PENDING},
    DiscrepancyKind.SHORTAGE: {Destination.MADE_UP, Destination.PENDING},
}


@transaction.atomic
def till_differences_explain(*, actor, session: TillSession, explanations: dict,
                             now=None) -> list[TillDifference]:
    """Record a reason code, note and destination for every overage and shortage.

    `explanations` maps a payment method to {"reason": DiscrepancyReason, "note": str,
    "destination": str}. Differences beyond the store's tolerance then wait for the store
    manager's approval; explaining again withdraws an earlier approval."""
    session = _locked_session(session)
    _require_own_till(actor, session)
    if session.status != Status.COUNTED:
        raise DomainError(_("Differences are explained after the count and before the "
                          "hand-in."))
    figures = till_figures(session)
    if not figures.has_expected:
        raise DomainError(_("The expected takings from the billing system are not in yet."))
    tolerance = cash_policy(session.store).tolerance
    allowed_reasons = {r.pk: r for r in reasons_for(session.store)}
    now = now or timezone.now()
    rows = []
    for line in figures.differences:
        given = explanations.get(line.method) or {}
        reason = given.get("reason")
        note = (given.get("note") or "").strip()
        destination = given.get("destination") or ""
        if reason is None or note == "":
            raise DomainError(
                _("%(method)s: every overage or shortage needs a reason code and a note.")
                % {"method": line.label}, field=line.method)
        if getattr(reason, "pk", None) not in allowed_reasons or (
                reason.applies_to and reason.applies_to != line.kind):
            raise DomainError(_("%(method)s: choose a reason from the list.")
                              % {"method": line.label}, field=line.method)
        if destination not in DESTINATIONS_FOR[line.kind]:
            raise DomainError(
                _("%(method)s: an overage is paid in or pending investigation; a shortage is "
                  "made up by the clerk or pending investigation.") % {"method": line.label},
                field=line.method)
        assert line.difference is not None  # figures.differences are the lines that have one
        amount = require_storable(abs(line.difference), what=str(line.label), field=line.method)
        rows.append(TillDifference(
            session=session, method=line.method, kind=line.kind, amount=amount, reason=reason,
            note=note, destination=destination, beyond_tolerance=amount > tolerance,
            recorded_by=actor, recorded_at=now,
        ))
    before = [snapshot(d) for d in session.differences.all()]
    session.differences.all().delete()
    TillDifference.objects.bulk_create(rows)
    session.needs_approval = any(r.beyond_tolerance for r in rows)
    session.approved_by = None
    session.approved_at = None
    session.save(update_fields=["needs_approval", "approved_by", "approved_at"])
    audit_record(actor=actor, store=session.store, action="till.differences_explained",
                 obj=session, before={"differences": before},
                 after={"differences": [snapshot(r) for r in rows],
                        "needs_approval": session.needs_approval})
    beyond = [r for r in rows if r.beyond_tolerance]
    if beyond:
        # Once per set of differences: explaining the same figures again tells nobody twice.
        figures_key = ",".join(f"{r.method}{r.kind}{r.amount}" for r in
                               sorted(beyond, key=lambda r: r.method))
        emit(EventCode.CASH_DIFFERENCE, store=session.store, key=f"{session.pk}:{figures_key}",
             params={"store": session.store.name, "clerk": display_name(session.clerk),
                     "date": session.business_date.isoformat(),
                     "amount": format_money(sum(r.amount for r in beyond))})
    return rows


def _explained(session: TillSession) -> bool:
    """Whether the recorded differences match the figures as they stand now."""
    figures = till_figures(session)
    if not figures.has_expected:
        return False
    wanted = {(line.method, line.kind, abs(cast(Decimal, line.difference)))
              for line in figures.differences}
    have = {(d.method, d.kind, d.amount) for d in session.differences.all()}
    return wanted == have


@transaction.atomic
def till_approve(*, actor, session: TillSession, now=None) -> TillSession:
    """The store manager approves differences beyond tolerance before the hand-in."""
    session = _locked_session(session)
    if session.status != Status.COUNTED or not session.needs_approval:
        raise DomainError(_("This till has nothing waiting for approval."))
    if session.approved_by_id:
        raise DomainError(_("This till is already approved."))
    if not _explained(session):
        raise DomainError(_("The differences have changed since they were explained; the "
                            "clerk must explain them again."))
    before = snapshot(session, ["approved_by", "approved_at"])
    session.approved_by = actor
    session.approved_at = now or timezone.now()
    session.save(update_fields=["approved_by", "approved_at"])
    audit_record(actor=actor, store=session.store, action="till.approved",
                 obj=session, before=before,
                 after=snapshot(session, ["approved_by", "approved_at"]))
    return session


@transaction.atomic
def till_hand_in(*, actor, session: TillSession, bag_no: str, seal_no: str,
                 now=None) -> CashHandIn:
    """The clerk hands the sealed takings to the duty manager (上交营业款)."""
    bag_no, seal_no = (bag_no or "").strip(), (seal_no or "").strip()
    if not bag_no or not seal_no:
        raise DomainError(_("Enter the bag number and the seal number."), field="bag_no")
    session = _locked_session(session)
    _require_own_till(actor, session)
    if session.status in (Status.HANDED_IN, Status.CONFIRMED):
        raise DomainError(_("These takings have already been handed in."))
    if session.status != Status.COUNTED:
        raise DomainError(_("Count the till before handing in."))
    figures = till_figures(session)
    if not figures.has_expected:
        raise DomainError(_("The expected takings from the billing system are not in yet."))
    if not _explained(session):
        raise DomainError(_("Give a reason and a note for every overage and shortage first."))
    if session.needs_approval and not session.approved_by_id:
        raise DomainError(_("A difference is beyond tolerance: the store manager must approve "
                            "it before the hand-in."))
    lines = {line.method: line for line in figures.lines}
    cash = require_storable(max(lines[PaymentMethod.CASH].counted, ZERO),
                            what=_("The cash handed in"))
    require_storable(lines[PaymentMethod.CHEQUE].counted, what=_("The cheques handed in"))
    handin = CashHandIn.objects.create(
        session=session, bag_no=bag_no, seal_no=seal_no, cash_amount=cash,
        cheque_amount=lines[PaymentMethod.CHEQUE].counted, handed_in_by=actor,
        handed_in_at=now or timezone.now(),
    )
    session.status = Status.HANDED_IN
    session.save(update_fields=["status"])
    audit_record(actor=actor, store=session.store, action="till.handed_in", obj=handin,
                 after=snapshot(handin))
    receipts_sync_for_session(session, actor=actor)
    return handin


@transaction.atomic
def till_confirm(*, actor, session: TillSession, received_cash, received_cheque,
                 now=None) -> CashHandIn:
    """The duty manager confirms what was received; from then on the till is read-only."""
    received_cash = to_money(received_cash, field="received_cash")
    received_cheque = to_money(received_cheque, field="received_cheque")
    session = _locked_session(session)
    if session.status == Status.CONFIRMED:
        raise DomainError(_("This hand-in has already been confirmed."))
    if session.status != Status.HANDED_IN:
        raise DomainError(_("The clerk has not handed in these takings yet."))
    if session.clerk_id == actor.pk:
        raise DomainError(_("A hand-in is confirmed by someone other than the clerk."))
    handin = CashHandIn.objects.select_for_update().get(session=session)
    if received_cash != handin.cash_amount or received_cheque != handin.cheque_amount:
        raise DomainError(
            _("Received %(cash)s cash and %(cheque)s in cheques, but the clerk handed in "
              "%(hcash)s and %(hcheque)s. Recount the bag together before confirming.")
            % {"cash": format_money(received_cash), "cheque": format_money(received_cheque),
               "hcash": format_money(handin.cash_amount),
               "hcheque": format_money(handin.cheque_amount)}, field="received_cash")
    before = snapshot(handin)
    now = now or timezone.now()
    handin.received_cash = received_cash
    handin.received_cheque = received_cheque
    handin.confirmed_by = actor
    handin.confirmed_at = now
    handin.locked = True
    handin.save()
    for manager in (session.drops, session.expected, session.differences):
        for row in manager.all():
            row.locked = True
            row.save(update_fields=["locked"])
    count = session.count
    count.locked = True
    count.save(update_fields=["locked"])
    session.status = Status.CONFIRMED
    session.locked = True
    session.save(update_fields=["status", "locked"])
    audit_record(actor=actor, store=session.store, action="till.confirmed", obj=handin,
                 before=before, after=snapshot(handin))
    receipts_sync_for_session(session, actor=actor)
    return handin


@transaction.atomic
def till_adjust(*, actor, session: TillSession, method: str, amount, reason: str,
                now=None) -> CashAdjustment:
    """A correction to a confirmed till, approved by the store manager who records it."""
    amount = to_money(amount, field="amount", allow_negative=True)
    if amount == 0:
        raise DomainError(_("An adjustment cannot be zero."), field="amount")
    if method not in PaymentMethod.values:
        raise DomainError(_("Choose a payment method."), field="method")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the adjustment."), field="reason")
    cap = cash_policy(session.store).adjustment_cap
    if abs(amount) > cap:
        raise DomainError(_("An adjustment cannot exceed %(cap)s yuan either way; check the "
                            "amount.") % {"cap": cap}, field="amount")
    session = _locked_session(session)
    if session.status != Status.CONFIRMED:
        raise DomainError(_("Only a confirmed till is corrected by an adjustment; before "
                            "that, the figures themselves can still change."))
    adjustment = CashAdjustment.objects.create(
        session=session, method=method, amount=amount, reason=reason, created_by=actor,
        approved_by=actor, created_at=now or timezone.now(), locked=True,
    )
    audit_record(actor=actor, store=session.store, action="till.adjusted",
                 obj=adjustment, after=snapshot(adjustment), reason=reason)
    receipts_sync_for_session(session, actor=actor, reason=reason)
    return adjustment
