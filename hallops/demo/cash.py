"""Demo data of cash on the floor: tills through the day, a 5-yuan shortage in the
discrepancy register, tail cash, and the bank's collection."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hallops.models import (
    Destination,
    DiscrepancyReason,
    ExpectedTakings,
    PaymentMethod,
    TillSession,
)
from hallops.money import ZERO
from hallops.permissions import Role
from hallops.registry import register_demo_step
from hallops.seeding.base import DROP, FLOAT, notes_for
from hallops.services.cash import (
    till_approve,
    till_confirm,
    till_count_record,
    till_differences_explain,
    till_drop_record,
    till_expected_set,
    till_float_issue,
    till_hand_in,
)
from hallops.services.cash_bank import bank_deposit_record, tail_cash_record

from . import at, clerks_on, clock, demo_stores, duty_manager_on, first, not_after, past_days, takings, today_of

SHORTAGE = Decimal("5.00")


def _full_day(store, day, clerk, duty, manager, *, short: bool, serial: int):
    """One clerk's till from float to confirmed hand-in; returns the hand-in."""
    figures = takings(store, clerk, day)
    with clock(at(day, 8, 40)):
        session = till_float_issue(actor=duty, store=store, clerk=clerk, amount=FLOAT, day=day)
    with clock(at(day, 12, 10)):
        till_drop_record(actor=clerk, session=session, amount=DROP, envelope_no=f"E{serial:05d}")
    with clock(at(day, 17, 5)):
        till_expected_set(actor=duty, session=session, source=ExpectedTakings.Source.IMPORTED, amounts={
            PaymentMethod.CASH: figures["cash"], PaymentMethod.CHEQUE: figures["cheque"],
            PaymentMethod.CARD: figures["card"], PaymentMethod.MOBILE: figures["mobile"]})
    drawer = figures["cash"] + FLOAT - DROP - (SHORTAGE if short else 0)
    with clock(at(day, 17, 15)):
        till_count_record(actor=clerk, session=session, notes=notes_for(drawer), non_cash={
            PaymentMethod.CHEQUE: figures["cheque"], PaymentMethod.CARD: figures["card"],
            PaymentMethod.MOBILE: figures["mobile"]})
    if short:
        reason = DiscrepancyReason.objects.filter(code="CHANGE").first() or DiscrepancyReason.objects.first()
        with clock(at(day, 17, 20)):
            till_differences_explain(actor=clerk, session=session, explanations={PaymentMethod.CASH: {
                "reason": reason, "note": "高峰时段找零多找 5 元，营业员当场自赔",
                "destination": Destination.MADE_UP}})
        if session.__class__.objects.get(pk=session.pk).needs_approval and manager is not None:
            with clock(at(day, 17, 30)):
                till_approve(actor=manager, session=session)
    with clock(at(day, 17, 40)):
        handin = till_hand_in(actor=clerk, session=session, bag_no=f"B{serial:05d}",
                              seal_no=f"S{serial:07d}")
    with clock(at(day, 17, 55)):
        till_confirm(actor=duty, session=session, received_cash=handin.cash_amount,
                     received_cheque=handin.cheque_amount)
    handin.refresh_from_db()
    return handin


@register_demo_step(order=30)
def cash_demo(*, stores, days, rng, stdout) -> None:
    for store in demo_stores(stores):
        if TillSession.objects.filter(store=store).exists():
            continue
        today = today_of(store)
        manager = first(store, Role.STORE_MANAGER)
        history = past_days(store, min(days, 3))
        serial = store.pk * 1000
        with transaction.atomic():
            handins_by_day = {}
            for day in history:
                duty = duty_manager_on(store, day)
                handins = []
                for n, clerk in enumerate(clerks_on(store, day)[:4]):
                    serial += 1
                    # Yesterday the store's first clerk was 5 yuan short (找零多找).
                    short = day == history[-1] and n == 0
                    handins.append(_full_day(store, day, clerk, duty, manager, short=short, serial=serial))
                handins_by_day[day] = handins
                total = sum((h.received_cash for h in handins), ZERO)
                with clock(at(day, 18, 5)):
                    tail_cash_record(actor=duty, store=store, day=day,
                                     amount=min(Decimal("2860.00"), total), note="封包入保险柜")
            # The bank collected the day before yesterday's takings yesterday morning.
            if len(history) >= 2:
                carried = handins_by_day[history[-2]]
                with clock(at(history[-1], 10, 30)):
                    bank_deposit_record(
                        actor=manager or duty_manager_on(store, history[-1]), store=store,
                        slip_no=f"{store.code}-{history[-2]:%Y%m%d}-01",
                        collected_at=at(history[-1], 10, 30), collectors=["押运员 马强", "押运员 刘洋"],
                        cash_amount=sum((h.received_cash for h in carried), ZERO),
                        cheque_amount=sum((h.received_cheque for h in carried), ZERO),
                        handin_ids=[h.pk for h in carried])
            # Today: floats issued at opening, the first drops into the safe.
            now = timezone.now()
            duty = duty_manager_on(store, today)
            for clerk in clerks_on(store, today)[:4]:
                serial += 1
                with clock(not_after(at(today, 8, 40), now)):
                    session = till_float_issue(actor=duty, store=store, clerk=clerk, amount=FLOAT, day=today)
                if at(today, 12, 10) < now:
                    with clock(at(today, 12, 10)):
                        till_drop_record(actor=clerk, session=session, amount=DROP, envelope_no=f"E{serial:05d}")
    stdout.write("Demo: tills, a shortage, tail cash and a bank deposit.")
