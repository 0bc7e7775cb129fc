"""SLA clocks of work orders: which policy applies, deadlines, and the periodic sweep."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from complaints import sla
from complaints.models import (
    OPEN_STATUSES,
    ComplaintRules,
    OpeningHours,
    OrderEvent,
    SlaPolicy,
    WorkOrder,
)
from hallops.events import emit
from hallops.models import EventCode, Notification
from hallops.permissions import Role
from hallops.registry import provided
from hallops.services.notifications import notification_send, role_holders

# Used when the admin has not configured any policy at all.
FALLBACK_POLICY = SlaPolicy(
    accept_minutes=120, first_contact_minutes=24 * 60, reply_minutes=72 * 60
)


def working_week(store) -> sla.WorkingWeek:
    """The store's opening hours: per-weekday rows if configured, else opens_at–closes_at daily."""
    tz = timezone.get_current_timezone()
    rows = list(OpeningHours.objects.filter(store=store))
    if not rows:
        return sla.WorkingWeek.every_day(store.opens_at, store.closes_at, tz)
    by_day = {r.weekday: r for r in rows}
    hours = tuple(
        None if (r := by_day.get(day)) is None or r.is_closed else (r.opens_at, r.closes_at)
        for day in range(7)
    )
    week = sla.WorkingWeek(hours, tz)
    if not week.has_open_day:
        return sla.WorkingWeek.every_day(store.opens_at, store.closes_at, tz)
    return week


def policy_for(*, source: str, category, subcategory=None) -> SlaPolicy:
    """The most specific policy: source+sub-category, source+category, any source, defaults."""
    candidates = list(SlaPolicy.objects.filter(source__in=[source, ""]).select_related("category"))
    wanted = [c for c in (subcategory, category) if c is not None]

    def rank(policy: SlaPolicy):
        if policy.category_id is None:
            cat_rank = len(wanted)
        elif any(policy.category_id == c.pk for c in wanted):
            cat_rank = next(i for i, c in enumerate(wanted) if c.pk == policy.category_id)
        else:
            return None
        return (cat_rank, 0 if policy.source == source else 1)

    ranked = [(r, p) for p in candidates if (r := rank(p)) is not None]
    if not ranked:
        return FALLBACK_POLICY
    return min(ranked, key=lambda item: item[0])[1]


def initial_deadlines(*, store, source, category, subcategory, received_at) -> dict:
    policy = policy_for(source=source, category=category, subcategory=subcategory)
    week = working_week(store)
    rules = ComplaintRules.current()
    short_week = week if policy.accept_contact_open_hours else None
    reply_week = week if policy.reply_open_hours else None
    final_due = received_at + dt.timedelta(days=rules.max_open_days)
    reply_due = sla.add_working_time(
        received_at, dt.timedelta(minutes=policy.reply_minutes), reply_week
    )
    return {
        "accept_due": min(
            sla.add_working_time(
                received_at, dt.timedelta(minutes=policy.accept_minutes), short_week
            ),
            final_due,
        ),
        # The customer must be contacted before the reply can be due: a working-hours contact
        # clock could otherwise end after a wall-time reply clock.
        "contact_due": min(
            sla.add_working_time(
                received_at, dt.timedelta(minutes=policy.first_contact_minutes), short_week
            ),
            reply_due,
            final_due,
        ),
        "reply_due": min(reply_due, final_due),
        "final_due": final_due,
    }


def reply_deadline_from(order: WorkOrder, start: dt.datetime) -> dt.datetime:
    """A fresh reply deadline from `start` (after a reopen), never past the final deadline."""
    policy = policy_for(source=order.source, category=order.category, subcategory=order.subcategory)
    week = working_week(order.store) if policy.reply_open_hours else None
    due = sla.add_working_time(start, dt.timedelta(minutes=policy.reply_minutes), week)
    return min(due, order.final_due)


def shift_for_pause(order: WorkOrder, *, resumed_at: dt.datetime) -> None:
    """Move the unmet deadlines of a paused order by the time its clocks stood still."""
    policy = policy_for(source=order.source, category=order.category, subcategory=order.subcategory)
    week = working_week(order.store)
    short_week = week if policy.accept_contact_open_hours else None
    reply_week = week if policy.reply_open_hours else None
    assert order.paused_at is not None  # only a paused order is resumed
    if order.first_contact_at is None:
        order.contact_due = min(
            sla.resume_deadline(order.contact_due, order.paused_at, resumed_at, short_week),
            order.final_due,
        )
    if order.replied_at is None or order.status in (WorkOrder.Status.ACCEPTED, WorkOrder.Status.IN_PROGRESS):
        order.reply_due = min(
            sla.resume_deadline(order.reply_due, order.paused_at, resumed_at, reply_week),
            order.final_due,
        )
    if order.first_contact_at is None:
        order.contact_due = min(order.contact_due, order.reply_due)


def refresh_next_due(order: WorkOrder) -> None:
    """Set which deadline the order is racing now; a new deadline starts a fresh SLA state."""
    kind: str
    due: dt.datetime | None
    if order.status == WorkOrder.Status.NEW:
        kind, due = WorkOrder.Clock.ACCEPT, order.accept_due
    elif order.status in (WorkOrder.Status.ACCEPTED, WorkOrder.Status.IN_PROGRESS):
        if order.first_contact_at is None and order.contact_due < order.reply_due:
            kind, due = WorkOrder.Clock.CONTACT, order.contact_due
        else:
            kind, due = WorkOrder.Clock.REPLY, order.reply_due
    elif order.status in OPEN_STATUSES:
        kind, due = WorkOrder.Clock.FINAL, order.final_due
    else:
        kind, due = "", None
    if (kind, due) != (order.next_due_kind, order.next_due_at):
        order.next_due_kind, order.next_due_at = kind, due
        # A deadline already past is marked (and notified) by the next sweep.
        order.sla_state, order.sla_state_key = WorkOrder.SlaState.OK, ""


# Stored untranslated and translated when shown, in the recipient's language.
MESSAGES = {
    ("due_soon", "accept"): gettext_noop("Work order %(number)s must be accepted by %(due)s."),
    ("due_soon", "contact"): gettext_noop(
        "Work order %(number)s: first contact with the customer is due by %(due)s."
    ),
    ("due_soon", "reply"): gettext_noop("Work order %(number)s must be replied to by %(due)s."),
    ("due_soon", "final"): gettext_noop("Work order %(number)s must be closed by %(due)s."),
    ("overdue", "accept"): gettext_noop(
        "Work order %(number)s is overdue: it was to be accepted by %(due)s."
    ),
    ("overdue", "contact"): gettext_noop(
        "Work order %(number)s is overdue: the customer was to be contacted by %(due)s."
    ),
    ("overdue", "reply"): gettext_noop(
        "Work order %(number)s is overdue: the reply was due by %(due)s."
    ),
    ("overdue", "final"): gettext_noop(
        "Work order %(number)s is overdue: it has been open longer than allowed (%(due)s)."
    ),
}


def sla_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Mark due-soon and overdue orders and notify, once per (deadline, state).

    The handler (or, before anyone accepted it, every complaint handler of the store) hears
    of both; the store manager hears of overdue ones. Safe to run twice at once: each order
    is claimed with a conditional update before anyone is notified.
    """
    now = now or timezone.now()
    warning = dt.timedelta(minutes=ComplaintRules.current().warning_minutes)
    orders = (
        WorkOrder.objects.filter(
            status__in=OPEN_STATUSES,
            paused_at__isnull=True,
            next_due_at__isnull=False,
            next_due_at__lte=now + warning,
        )
        .select_related("store", "handler")
        .order_by("next_due_at")
    )
    counts = {"due_soon": 0, "overdue": 0}
    for order in orders.iterator(chunk_size=200):
        state = sla.due_state(now, order.next_due_at, warning)
        if state == WorkOrder.SlaState.OK:
            continue
        # The query keeps orders with a deadline only.
        key = f"{order.next_due_kind}:{state}:{cast(dt.datetime, order.next_due_at).isoformat()}"
        if key == order.sla_state_key:
            continue
        with transaction.atomic():
            claimed = WorkOrder.objects.filter(
                pk=order.pk, sla_state_key=order.sla_state_key, next_due_at=order.next_due_at
            ).update(
                sla_state=state,
                sla_state_key=key,
                was_overdue=order.was_overdue or state == WorkOrder.SlaState.OVERDUE,
            )
            if not claimed:
                continue
            if state == WorkOrder.SlaState.OVERDUE and not order.was_overdue:
                # "gone overdue" counts by the day received: a closed month may change
                provided("month_figures_stale", store_id=order.store_id,
                         days=[timezone.localdate(order.received_at)])
            _notify(order, state, key)
        counts[state] += 1
    return counts


def _notify(order: WorkOrder, state: str, key: str) -> None:
    """Raise the pre-breach or breach event: the order's handler (every complaint handler of
    the store while nobody holds it) and, per the routes, the store manager and group robots.
    Once per order, clock, state and deadline (the sweep's state key)."""
    url = reverse("complaints:order", kwargs={"pk": order.pk})
    params = {
        "number": order.number,
        "due": timezone.localtime(order.next_due_at).strftime("%Y-%m-%d %H:%M"),
    }
    overdue = state == WorkOrder.SlaState.OVERDUE
    emit(
        EventCode.COMPLAINT_BREACH if overdue else EventCode.COMPLAINT_PRE_BREACH,
        store=order.store,
        key=f"{order.pk}:{key}",
        params=params,
        url=url,
        message=MESSAGES[(state, order.next_due_kind)],
        people={Role.COMPLAINT_HANDLER: [order.handler]} if order.handler_id else None,
    )
    OrderEvent.objects.create(
        order=order,
        kind=OrderEvent.Kind.SLA,
        note=f"{order.next_due_kind}:{state}",
    )


CALLBACK_OVERDUE = gettext_noop(
    "Work order %(number)s: the customer was to be called back by %(due)s."
)


def callback_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Flag replied orders whose callback (回访) is overdue: once per callback deadline.

    The handler hears of it (every complaint handler of the store when nobody holds the
    order), and the order's history shows the missed deadline. Claimed with a conditional
    update, so two sweeps at once flag an order once."""
    now = now or timezone.now()
    orders = (
        WorkOrder.objects.filter(
            status=WorkOrder.Status.REPLIED, callback_due__isnull=False, callback_due__lt=now
        )
        .exclude(callback_flagged_due=F("callback_due"))
        .select_related("store", "handler")
        .order_by("callback_due")
    )
    flagged = 0
    for order in orders.iterator(chunk_size=200):
        with transaction.atomic():
            claimed = (
                WorkOrder.objects.filter(pk=order.pk, callback_due=order.callback_due)
                .exclude(callback_flagged_due=F("callback_due"))
                .update(callback_flagged_due=order.callback_due)
            )
            if not claimed:
                continue
            handlers = (
                [order.handler]
                if order.handler_id
                else list(role_holders(store=order.store, role=Role.COMPLAINT_HANDLER))
            )
            notification_send(
                recipients=handlers,
                message=CALLBACK_OVERDUE,
                params={
                    "number": order.number,
                    "due": timezone.localtime(order.callback_due).strftime("%Y-%m-%d %H:%M"),
                },
                url=reverse("complaints:order", kwargs={"pk": order.pk}),
                store=order.store,
                level=Notification.Level.DANGER,
            )
            OrderEvent.objects.create(
                order=order,
                kind=OrderEvent.Kind.SLA,
                note=f"{WorkOrder.Clock.CALLBACK}:{WorkOrder.SlaState.OVERDUE}",
            )
        flagged += 1
    return {"callback_overdue": flagged}
