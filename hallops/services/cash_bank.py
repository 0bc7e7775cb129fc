"""The safe and the bank: tail cash kept overnight and the bank's collection."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.exceptions import DomainError
from hallops.models import BankDeposit, BankDepositHandIn, CashHandIn, PaymentMethod, TailCashRecord
from hallops.money import ZERO, format_money, require_storable, to_money
from hallops.selectors.cash import adjustment_totals, day_takings, tail_cash_limit
from hallops.services.audit import audit_record, snapshot


@transaction.atomic
def tail_cash_record(*, actor, store, day: datetime.date, amount, note: str = "",
                     now=None) -> TailCashRecord:
    """Record what stays in the safe overnight (尾款), checked against the day's limit.

    Recording the same day again replaces the figure (it is a count of the safe, not a
    confirmed hand-in); the audit trail keeps both."""
    amount = to_money(amount, field="amount")
    takings = require_storable(day_takings(store, day), what=_("The day's takings"))
    limit = tail_cash_limit(store, takings)
    existing = TailCashRecord.objects.select_for_update().filter(store=store,
                                                                  business_date=day).first()
    before = snapshot(existing) if existing else None
    record, _created = TailCashRecord.objects.update_or_create(
        store=store, business_date=day,
        defaults={"amount": amount, "daily_takings": takings, "limit": limit,
                  "note": note.strip()[:200], "recorded_by": actor,
                  "recorded_at": now or timezone.now()},
    )
    audit_record(actor=actor, store=store, action="tail_cash.recorded", obj=record,
                 before=before, after=snapshot(record))
    return record


@transaction.atomic
def bank_deposit_record(*, actor, store, slip_no: str, collected_at, collectors: list[str],
                        cash_amount, cheque_amount, handin_ids: list[int],
                        mismatch_reason: str = "") -> BankDeposit:
    """Record the bank's collection (与银行交接). It must reconcile with the confirmed hand-ins
    it carries; a mismatch is kept, flagged, and needs a reason."""
    cash_amount = to_money(cash_amount, field="cash_amount")
    cheque_amount = to_money(cheque_amount, field="cheque_amount")
    slip_no = (slip_no or "").strip()
    if not slip_no:
        raise DomainError(_("Enter the deposit slip number."), field="slip_no")
    names = []
    for name in collectors:
        name = (name or "").strip()
        if name and name not in names:
            names.append(name)
    if len(names) < 2:
        raise DomainError(_("A collection needs at least two collectors, each named."),
                          field="collectors")
    if collected_at is None:
        raise DomainError(_("Enter the time of the collection."), field="collected_at")
    ids = sorted(set(handin_ids))
    if not ids:
        raise DomainError(_("Choose the hand-ins this deposit carries."), field="handins")
    # Confirmed hand-ins: their received amounts are set (typed Any for the sums below).
    handins: list[Any] = list(
        CashHandIn.objects.select_for_update()
        .filter(pk__in=ids, session__store=store, confirmed_at__isnull=False)
        .order_by("pk")
    )
    if len(handins) != len(ids):
        raise DomainError(_("Some of the chosen hand-ins are not confirmed hand-ins of this "
                            "store."), field="handins")
    if BankDepositHandIn.objects.filter(handin_id__in=ids).exists():
        raise DomainError(_("Some of the chosen hand-ins have already gone to the bank."),
                          field="handins")
    adj = adjustment_totals([h.session_id for h in handins])
    expected_cash = sum((h.received_cash + adj.get((h.session_id, PaymentMethod.CASH), ZERO)
                         for h in handins), ZERO)
    expected_cheque = sum((h.received_cheque
                           + adj.get((h.session_id, PaymentMethod.CHEQUE), ZERO)
                           for h in handins), ZERO)
    require_storable(expected_cash, what=_("The cash of the chosen hand-ins"), field="handins")
    require_storable(expected_cheque, what=_("The cheques of the chosen hand-ins"),
                     field="handins")
    mismatch = cash_amount != expected_cash or cheque_amount != expected_cheque
    mismatch_reason = (mismatch_reason or "").strip()
    if mismatch and not mismatch_reason:
        raise DomainError(
            _("The deposit (%(cash)s cash, %(cheque)s cheques) does not match the hand-ins "
              "(%(ecash)s cash, %(echeque)s cheques). Give the reason for the difference.")
            % {"cash": format_money(cash_amount), "cheque": format_money(cheque_amount),
               "ecash": format_money(expected_cash), "echeque": format_money(expected_cheque)},
            field="mismatch_reason")
    try:
        with transaction.atomic():
            deposit = BankDeposit.objects.create(
                store=store, slip_no=slip_no, collected_at=collected_at, collectors=names,
                cash_amount=cash_amount, cheque_amount=cheque_amount,
                expected_cash=max(expected_cash, ZERO), expected_cheque=max(expected_cheque, ZERO),
                is_mismatch=mismatch, mismatch_reason=mismatch_reason if mismatch else "",
                recorded_by=actor, recorded_at=timezone.now(), locked=True,
            )
            BankDepositHandIn.objects.bulk_create(
                [BankDepositHandIn(deposit=deposit, handin=h, locked=True) for h in handins])
    except IntegrityError:
        raise DomainError(_("That deposit slip number is already recorded, or a hand-in has "
                            "already gone to the bank."), field="slip_no")
    audit_record(actor=actor, store=store, action="bank_deposit.recorded", obj=deposit,
                 after={**snapshot(deposit), "handins": ids},
                 reason=mismatch_reason if mismatch else "")
    return deposit
