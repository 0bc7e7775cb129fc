"""Reads for cash pages, always scoped to a store."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, Sum

from hallops.models import (
    BankDeposit,
    CashAdjustment,
    CashHandIn,
    CashPolicy,
    Destination,
    DiscrepancyKind,
    DiscrepancyReason,
    ExpectedTakings,
    PaymentMethod,
    TailCashRecord,
    TillDifference,
    TillSession,
)
from hallops.models.cash import NON_CASH_FIELDS
from hallops.money import ZERO

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def cash_policy(store) -> CashPolicy:
    """The store's own policy, or the default one (seeded by a data migration)."""
    policies = {p.store_id: p for p in CashPolicy.objects.filter(Q(store=store) | Q(store=None))}
    policy = policies.get(store.pk) or policies.get(None)
    if policy is None:  # the default was deleted in the admin: fall back to the documented rule
        policy = CashPolicy(store=None)
    return policy


def tail_cash_limit(store, takings: Decimal, *, policy: CashPolicy | None = None) -> Decimal:
    """The tail-cash limit for a day with these takings (highest band the takings exceed).

    `policy`: the store's `cash_policy`, when the caller has already read it."""
    policy = policy or cash_policy(store)
    bands = list(policy.tail_limits.order_by("takings_over")) if policy.pk else []
    if not bands and policy.store_id:
        bands = list(cash_policy_default().tail_limits.order_by("takings_over"))
    if not bands:
        return Decimal("1000.00")
    chosen = bands[0]
    for band in bands:
        if takings > band.takings_over:
            chosen = band
    return chosen.limit


def cash_policy_default() -> CashPolicy:
    return CashPolicy.objects.filter(store=None).first() or CashPolicy(store=None)


def reasons_for(store):
    return DiscrepancyReason.objects.filter(Q(store=store) | Q(store=None), is_active=True)


@dataclass
class MethodLine:
    method: str
    label: StrOrPromise
    counted: Decimal
    expected: Decimal | None
    adjustments: Decimal = ZERO

    @property
    def difference(self) -> Decimal | None:
        """Counted minus expected as originally recorded (before adjustments)."""
        return None if self.expected is None else self.counted - self.expected

    @property
    def difference_now(self) -> Decimal | None:
        return None if self.expected is None else self.counted + self.adjustments - self.expected

    @property
    def kind(self) -> str:
        diff = self.difference
        if not diff:
            return ""
        return DiscrepancyKind.OVERAGE if diff > 0 else DiscrepancyKind.SHORTAGE


@dataclass
class TillFigures:
    session: TillSession
    float_amount: Decimal
    drops: Decimal
    counted: bool
    has_expected: bool
    lines: list[MethodLine] = field(default_factory=list)

    @property
    def differences(self) -> list[MethodLine]:
        return [line for line in self.lines if line.difference]

    @property
    def cash_takings(self) -> Decimal:
        return self.lines[0].counted if self.lines else ZERO


def till_figures(session: TillSession) -> TillFigures:
    """Counted and expected takings by method, and their differences.

    Cash takings = cash in the drawer + safe drops − the opening float. Expects the session
    to have its count, expected rows, drops and adjustments prefetched or fetches them."""
    drops = sum((d.amount for d in session.drops.all()), ZERO)
    count = getattr(session, "count", None) if _has_count(session) else None
    expected = {e.method: e.amount for e in session.expected.all()}
    adjustments: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
    for adj in session.adjustments.all():
        adjustments[adj.method] += adj.amount
    figures = TillFigures(
        session=session, float_amount=session.opening_float, drops=drops,
        counted=count is not None, has_expected=bool(expected),
    )
    if count is None:
        return figures
    for method, label in PaymentMethod.choices:
        if method == PaymentMethod.CASH:
            counted = count.cash_in_drawer + drops - session.opening_float
        else:
            counted = getattr(count, NON_CASH_FIELDS[method])
        figures.lines.append(MethodLine(
            method=method, label=label, counted=counted,
            expected=expected.get(method, ZERO) if expected else None,
            adjustments=adjustments[method],
        ))
    return figures


def _has_count(session) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        session.count  # noqa: B018 - touching the reverse one-to-one
    except ObjectDoesNotExist:
        return False
    return True


def sessions_for_day(store, day):
    """Every till of a store on a business date, with what the board shows, in few queries."""
    return (
        TillSession.objects.filter(store=store, business_date=day)
        # handin__confirmed_by: the board names who confirmed each hand-in (a query a till).
        .select_related("clerk", "shift_type", "count", "handin", "approved_by",
                        "handin__confirmed_by")
        # Lines with their reason in one query, not a second one for the reasons.
        .prefetch_related("drops", "expected", "adjustments",
                          Prefetch("differences",
                                   queryset=TillDifference.objects.select_related("reason")))
        .order_by("clerk__username", "shift_type__starts_at")
    )


def sessions_for_day_qs(store):
    return (
        TillSession.objects.filter(store=store)
        .select_related("clerk", "shift_type", "count", "handin", "approved_by",
                        "float_issued_by", "handin__confirmed_by")
        .prefetch_related("drops", "expected", "differences__reason", "differences__recorded_by",
                          Prefetch("adjustments", queryset=CashAdjustment.objects.select_related(
                              "created_by", "approved_by")))
    )


def awaiting_approval(store):
    return (
        TillSession.objects.filter(store=store, status=TillSession.Status.COUNTED,
                                   needs_approval=True, approved_by__isnull=True)
        .select_related("clerk", "shift_type")
        .order_by("business_date")
    )


def discrepancy_register(store, *, kind: str = "", pending_only: bool = False):
    """Every overage and shortage of the store, newest first, each line on its own."""
    rows = (
        TillDifference.objects.filter(session__store=store)
        # What the register shows (a 50-line page builds no model it does not name); the
        # workbook adds who recorded each line.
        .select_related("session__clerk", "session__approved_by", "reason")
        .order_by("-session__business_date", "-id")
    )
    if kind:
        rows = rows.filter(kind=kind)
    if pending_only:
        rows = rows.filter(destination=Destination.PENDING)
    return rows


def adjustments_by_line(differences) -> dict[tuple[int, str], list[CashAdjustment]]:
    """Adjustments of the sessions on a page of the register, by (session, method)."""
    session_ids = {d.session_id for d in differences}
    out: dict[tuple[int, str], list[CashAdjustment]] = defaultdict(list)
    for adj in CashAdjustment.objects.filter(session_id__in=session_ids).select_related(
            "approved_by"):
        out[(adj.session_id, adj.method)].append(adj)
    return out


def day_takings(store, day) -> Decimal:
    """The day's takings by every method, as the billing system reported them."""
    total = ExpectedTakings.objects.filter(
        session__store=store, session__business_date=day).aggregate(t=Sum("amount"))["t"]
    return total or ZERO


def sessions_takings(sessions) -> Decimal:
    """day_takings from the day's sessions of sessions_for_day (expected rows prefetched),
    without a query of its own."""
    return sum((e.amount for session in sessions for e in session.expected.all()), ZERO)


def days_summary(store, days: list):
    """Per business date: tills by status, takings, overage and shortage (never netted),
    confirmed hand-ins, tail cash. A fixed number of queries whatever the number of days."""
    by_store = days_summary_by_store([store], days)
    return [by_store[(store.pk, d)] for d in days]


def days_summary_by_store(stores, days: list, *, tail: bool = True) -> dict:
    """`days_summary` for several stores at once: {(store id, day): row}, four queries in all
    whatever the number of stores and days (the workbooks read a region's month with it).
    `tail=False` leaves the tail cash unread (None): three queries (the workbooks' figures
    do not show it)."""
    ids = [s.pk for s in stores]
    days = list(days)
    # consecutive days as a range: the planner then walks the (store, business_date) index
    # (an IN list of a month of dates was estimated as a store's whole history)
    consecutive = bool(days) and (days[-1] - days[0]).days == len(days) - 1 and days == sorted(days)
    span = ({"business_date__gte": days[0], "business_date__lte": days[-1]} if consecutive
            else {"business_date__in": days})
    session_span = {f"session__{k}": v for k, v in span.items()}
    out = {(sid, d): {"day": d, "tills": 0, "confirmed": 0, "takings": ZERO, "overage": ZERO,
                      "shortage": ZERO, "handed_in": ZERO, "tail": None}
           for sid in ids for d in days}
    # the tills and their confirmed hand-ins (one a till at most: the join never double
    # counts) in one read
    handed_in = Q(handin__confirmed_at__isnull=False)
    for row in (TillSession.objects.filter(store_id__in=ids, **span)
                .values("store_id", "business_date")
                .annotate(n=Count("id"), c=Count("id", filter=Q(status=TillSession.Status.CONFIRMED)),
                          cash=Sum("handin__received_cash", filter=handed_in),
                          cheque=Sum("handin__received_cheque", filter=handed_in))
                .order_by()):
        out[(row["store_id"], row["business_date"])].update(
            tills=row["n"], confirmed=row["c"],
            handed_in=(row["cash"] or ZERO) + (row["cheque"] or ZERO))
    for row in (ExpectedTakings.objects.filter(session__store_id__in=ids, **session_span)
                .values("session__store_id", "session__business_date")
                .annotate(t=Sum("amount")).order_by()):
        out[(row["session__store_id"], row["session__business_date"])]["takings"] = (
            row["t"] or ZERO)
    for row in (TillDifference.objects.filter(session__store_id__in=ids, **session_span)
                .values("session__store_id", "session__business_date", "kind")
                .annotate(t=Sum("amount")).order_by()):
        out[(row["session__store_id"], row["session__business_date"])][row["kind"]] = (
            row["t"] or ZERO)
    for record in (TailCashRecord.objects.filter(store_id__in=ids, **span) if tail else ()):
        out[(record.store_id, record.business_date)]["tail"] = record
    return out


def _undeposited(store):
    return CashHandIn.objects.filter(session__store=store, confirmed_at__isnull=False,
                                     deposit_item__isnull=True)


def undeposited_count(store) -> int:
    """How many hand-ins undeposited_handins lists, in one COUNT."""
    return _undeposited(store).count()


def undeposited_handins(store):
    """Confirmed hand-ins not yet carried to the bank, with their adjusted amounts."""
    handins: list[Any] = list(  # annotated with cash_due and cheque_due below
        _undeposited(store)
        .select_related("session__clerk", "session__shift_type")
        .order_by("session__business_date", "id")
    )
    adj = adjustment_totals([h.session_id for h in handins])
    for h in handins:
        h.cash_due = h.received_cash + adj.get((h.session_id, PaymentMethod.CASH), ZERO)
        h.cheque_due = h.received_cheque + adj.get((h.session_id, PaymentMethod.CHEQUE), ZERO)
    return handins


def adjustment_totals(session_ids) -> dict[tuple[int, str], Decimal]:
    return {
        (row["session_id"], row["method"]): row["t"]
        for row in CashAdjustment.objects.filter(session_id__in=session_ids)
        .values("session_id", "method").annotate(t=Sum("amount"))
    }


def deposits(store):
    return (
        BankDeposit.objects.filter(store=store)
        .select_related("recorded_by")
        .annotate(handin_count=Count("items"))
        .order_by("-collected_at", "-id")
    )


def tail_cash_warnings(store, *, days: int = 7):
    """Recent tail-cash records above their limit (for the home-page warnings)."""
    from django.db.models import F

    return list(
        TailCashRecord.objects.filter(store=store, amount__gt=F("limit"))
        .order_by("-business_date")[:days]
    )
