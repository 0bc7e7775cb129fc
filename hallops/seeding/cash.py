"""Cash history: every till from float to confirmed hand-in (drops, expected takings, blind
count, differences with approval when beyond tolerance), tail cash and the bank's collection
the next morning. Confirmed rows are inserted locked, in their final state."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hallops.models import (
    BankDeposit,
    BankDepositHandIn,
    CashDrop,
    CashHandIn,
    DiscrepancyReason,
    ExpectedTakings,
    TailCashRecord,
    TillCount,
    TillDifference,
    TillSession,
)
from hallops.money import ZERO
from hallops.selectors.cash import cash_policy, cash_policy_default

from .base import CENT, FLOAT, ONE_DAY, Plan, notes_for, till_story, tills_of

M = datetime.timedelta(minutes=1)

COLLECTORS = [["押运员 马强", "押运员 刘洋"], ["押运员 王磊", "押运员 赵军"], ["押运员 孙涛", "押运员 李明"]]


def _tail_bands(store) -> list[tuple[Decimal, Decimal]]:
    """The tail-cash table of the store (as `tail_cash_limit` reads it), loaded once."""
    policy = cash_policy(store)
    bands = list(policy.tail_limits.order_by("takings_over")) if policy.pk else []
    if not bands and policy.store_id:
        bands = list(cash_policy_default().tail_limits.order_by("takings_over"))
    return [(b.takings_over, b.limit) for b in bands]


def _limit(bands, takings: Decimal) -> Decimal:
    if not bands:
        return Decimal("1000.00")
    chosen = bands[0][1]
    for over, limit in bands:
        if takings > over:
            chosen = limit
    return chosen


def _reasons() -> dict[str, list[int]]:
    out = {"overage": [], "shortage": []}
    for pk, applies in DiscrepancyReason.objects.filter(store=None, is_active=True).values_list("pk", "applies_to"):
        for kind in out:
            if applies in ("", kind):
                out[kind].append(pk)
    return out


def seed_cash(plan: Plan, store, rng) -> None:
    writer, rates = plan.writer, plan.rates
    roster = plan.roster(store)
    shifts = plan.shifts(store)
    manager = plan.manager(store)
    tolerance = cash_policy(store).tolerance
    bands = _tail_bands(store)
    reasons = _reasons()
    envelope = 0
    yesterday_handins: list[tuple[int, Decimal, Decimal]] = []
    for day in plan.days(store):
        duty = plan.duty_manager(store, day, roster)
        clerks = tills_of(plan, store, day, roster)
        handins: list[tuple[int, Decimal, Decimal]] = []
        day_takings = ZERO
        for n, clerk in enumerate(clerks):
            story = till_story(store.code, clerk, day, rates, tolerance=tolerance, can_approve=manager is not None)
            figures, diff = story["takings"], story["difference"]
            opened = plan.at(day, 8, 35 + n)
            counted_at = plan.at(day, 17, 10 + n)
            beyond = approved = story["beyond_tolerance"]
            session = writer.add(TillSession, {
                "store_id": store.pk, "clerk_id": clerk, "business_date": day,
                "shift_type_id": shifts[0].pk if shifts else None, "status": "confirmed",
                "opening_float": FLOAT, "float_issued_by_id": duty, "opened_at": opened,
                "needs_approval": approved, "approved_by_id": manager if approved else None,
                "approved_at": counted_at + 15 * M if approved else None, "locked": True})
            audit = {"store_id": store.pk, "model": TillSession, "object_id": session}
            plan.audit(actor_id=duty, action="till.float_issued", at=opened, after={"opening_float": FLOAT},
                       **audit)
            for k, amount in enumerate(story["drops"]):
                envelope += 1
                moment = plan.at(day, 11 + 2 * k, rng.randint(0, 59))
                writer.add(CashDrop, {"session_id": session, "amount": amount, "at": moment,
                                      "envelope_no": f"E{store.pk:03d}{envelope:06d}", "recorded_by_id": clerk,
                                      "locked": True})
                plan.audit(actor_id=clerk, action="till.drop_recorded", at=moment, after={"amount": amount},
                           **audit)
            entered = plan.at(day, 17, 5)
            for method, amount in (("cash", figures["cash"]), ("cheque", figures["cheque"]),
                                   ("card", figures["card"]), ("mobile", figures["mobile"])):
                writer.add(ExpectedTakings, {"session_id": session, "method": method,
                                             "amount": amount.quantize(CENT), "source": "imported",
                                             "entered_by_id": duty, "entered_at": entered, "locked": True})
                day_takings += amount
            plan.audit(actor_id=duty, action="till.expected_set", at=entered, **audit)
            counted_cash, drawer = story["counted_cash"], story["drawer"]
            writer.add(TillCount, {
                "session_id": session, **notes_for(drawer), "cash_in_drawer": drawer,
                "cheque_total": figures["cheque"].quantize(CENT), "card_total": figures["card"].quantize(CENT),
                "mobile_total": figures["mobile"].quantize(CENT), "other_total": ZERO,
                "counted_by_id": clerk, "counted_at": counted_at, "locked": True})
            plan.audit(actor_id=clerk, action="till.count_recorded", at=counted_at, after={"cash_in_drawer": drawer},
                       **audit)
            if diff:
                kind = "overage" if diff > 0 else "shortage"
                writer.add(TillDifference, {
                    "session_id": session, "method": "cash", "kind": kind, "amount": abs(diff),
                    "reason_id": rng.choice(reasons[kind]), "beyond_tolerance": beyond,
                    "note": "高峰时段找零失误" if kind == "shortage" else "客户多付未取回，已登记",
                    "destination": "made_up" if kind == "shortage" else "paid_in",
                    "recorded_by_id": clerk, "recorded_at": counted_at + 5 * M, "locked": True})
                plan.audit(actor_id=clerk, action="till.differences_explained", at=counted_at + 5 * M,
                           after={"needs_approval": approved}, **audit)
                if approved:
                    plan.audit(actor_id=manager, action="till.approved", at=counted_at + 15 * M,
                               **audit)
            handed_at, confirmed_at = plan.at(day, 17, 40 + n), plan.at(day, 17, 50 + n)
            cheque = figures["cheque"].quantize(CENT)
            handin = writer.add(CashHandIn, {
                "session_id": session, "bag_no": f"B{store.pk:03d}{envelope:06d}{n}",
                "seal_no": f"S{store.pk:03d}{day:%y%m%d}{n:02d}", "cash_amount": max(counted_cash, ZERO),
                "cheque_amount": cheque, "handed_in_by_id": clerk, "handed_in_at": handed_at,
                "received_cash": max(counted_cash, ZERO), "received_cheque": cheque, "confirmed_by_id": duty,
                "confirmed_at": confirmed_at, "locked": True})
            plan.audit(store_id=store.pk, actor_id=clerk, action="till.handed_in", model=CashHandIn,
                       object_id=handin, at=handed_at)
            plan.audit(store_id=store.pk, actor_id=duty, action="till.confirmed", model=CashHandIn,
                       object_id=handin, at=confirmed_at, after={"received_cash": max(counted_cash, ZERO)})
            handins.append((handin, max(counted_cash, ZERO), cheque))
        if duty is not None and handins:
            takings = day_takings.quantize(CENT)
            limit = _limit(bands, takings)
            over = rng.random() < 0.02
            amount = (limit + Decimal(rng.randint(50, 500)) if over else
                      min(limit, Decimal(rng.randint(1500, 3200)))).quantize(CENT)
            moment = plan.at(day, 18, rng.randint(5, 30))
            pk = writer.add(TailCashRecord, {
                "store_id": store.pk, "business_date": day, "amount": amount, "daily_takings": takings,
                "limit": limit, "note": "封包入保险柜", "recorded_by_id": duty, "recorded_at": moment})
            plan.audit(store_id=store.pk, actor_id=duty, action="tail_cash.recorded", model=TailCashRecord,
                       object_id=pk, at=moment, after={"amount": amount, "limit": limit})
        # The bank collects the day before's confirmed hand-ins in the morning.
        if yesterday_handins and (manager or duty):
            _deposit(plan, rng, store, day, manager or duty, yesterday_handins)
        yesterday_handins = handins


def _deposit(plan: Plan, rng, store, day, actor, handins) -> None:
    collected = plan.at(day, 10, rng.randint(0, 45))
    if collected > plan.now:
        return
    cash = sum((h[1] for h in handins), ZERO)
    cheque = sum((h[2] for h in handins), ZERO)
    deposit = plan.writer.add(BankDeposit, {
        "store_id": store.pk, "slip_no": f"{store.code}-{day - ONE_DAY:%Y%m%d}-01", "collected_at": collected,
        "collectors": rng.choice(COLLECTORS), "cash_amount": cash, "cheque_amount": cheque,
        "expected_cash": cash, "expected_cheque": cheque, "is_mismatch": False, "mismatch_reason": "",
        "recorded_by_id": actor, "recorded_at": collected + 5 * M, "locked": True})
    for handin, _cash, _cheque in handins:
        plan.writer.add(BankDepositHandIn, {"deposit_id": deposit, "handin_id": handin, "locked": True})
    plan.audit(store_id=store.pk, actor_id=actor, action="bank_deposit.recorded", model=BankDeposit,
               object_id=deposit, at=collected + 5 * M, after={"cash_amount": cash, "cheque_amount": cheque})
