"""Read paths of the complaint desk, always scoped to a store (or a set of stores)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from hallops.businessdate import day_bounds
from hallops.models import CustomerOpinion, ServiceRecord
from hallops.periods import day_moments

from .models import OPEN_STATUSES, ComplaintRules, Escalation, Extension, WorkOrder


def _base(stores) -> QuerySet:
    qs = WorkOrder.objects.select_related("category", "subcategory", "handler", "store")
    if hasattr(stores, "model"):
        return qs.filter(store__in=stores)
    return qs.filter(store=stores)


def callback_queue(store) -> QuerySet:
    """Replied orders waiting for their callback (回访): the earliest due first, so the
    overdue ones lead; orders replied before callbacks had a due time come last."""
    return _base(store).filter(status=WorkOrder.Status.REPLIED).order_by(
        F("callback_due").asc(nulls_last=True), "replied_at", "pk"
    )


def order_queue(
    store,
    *,
    source: str = "",
    category=None,
    status: str = "",
    overdue: bool = False,
    handler=None,
    now: dt.datetime | None = None,
) -> QuerySet:
    """Open orders (or those of one status), nearest deadline first; paused ones last."""
    now = now or timezone.now()
    qs = _base(store)
    qs = qs.filter(status=status) if status else qs.filter(status__in=OPEN_STATUSES)
    if source:
        qs = qs.filter(source=source)
    if category is not None:
        qs = qs.filter(Q(category=category) | Q(subcategory=category))
    if overdue:
        qs = qs.filter(next_due_at__lt=now, paused_at__isnull=True)
    if handler is not None:
        qs = qs.filter(handler=handler)
    return qs.order_by(
        F("paused_at").asc(nulls_first=True), F("next_due_at").asc(nulls_last=True), "id"
    )


def queue_counts(
    store,
    *,
    handler=None,
    now: dt.datetime | None = None,
    warning: dt.timedelta = dt.timedelta(hours=2),
) -> dict:
    now = now or timezone.now()
    qs = WorkOrder.objects.filter(store=store, status__in=OPEN_STATUSES)
    if handler is not None:
        qs = qs.filter(Q(handler=handler) | Q(status=WorkOrder.Status.NEW))
    running = Q(paused_at__isnull=True)
    return qs.aggregate(
        open=Count("id"),
        new=Count("id", filter=Q(status=WorkOrder.Status.NEW)),
        overdue=Count("id", filter=running & Q(next_due_at__lt=now)),
        due_soon=Count(
            "id", filter=running & Q(next_due_at__gte=now, next_due_at__lte=now + warning)
        ),
        paused=Count("id", filter=Q(paused_at__isnull=False)),
    )


def overdue_orders(store, *, now: dt.datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    return (
        _base(store)
        .filter(status__in=OPEN_STATUSES, paused_at__isnull=True, next_due_at__lt=now)
        .order_by("next_due_at", "id")
    )


def open_escalations(store) -> QuerySet:
    return (
        Escalation.objects.filter(store=store, status=Escalation.Status.OPEN)
        .select_related("order", "order__category", "order__subcategory", "order__handler",
                        "raised_by")
        .order_by("raised_at")
    )


def pending_extensions(store) -> QuerySet:
    return (
        Extension.objects.filter(store=store, status=Extension.Status.PENDING)
        .select_related("order", "order__category", "order__subcategory", "requested_by")
        .order_by("requested_at")
    )


def closed_unreviewed(store) -> QuerySet:
    return _base(store).filter(status=WorkOrder.Status.CLOSED, quality="").order_by("-closed_at")


def complaints_of_day(store, day: dt.date) -> QuerySet:
    """The complaints a store received on one business day (for the duty log)."""
    start, end = day_bounds(day, store=store)
    return _base(store).filter(received_at__gte=start, received_at__lt=end).order_by("received_at")


def order_timeline(order: WorkOrder) -> QuerySet:
    return order.events.select_related("actor").order_by("at", "id")


def earlier_orders_of(order: WorkOrder) -> QuerySet:
    """The customer's earlier orders at the order's own hall (linked at intake)."""
    return order.earlier_orders.select_related("store", "category").order_by("-received_at")


def earlier_orders_elsewhere(order: WorkOrder, stores) -> QuerySet:
    """The customer's earlier orders at other halls among `stores` (those the reader may
    read: a supervisor's region), in the repeat window before the order was received."""
    if not order.repeat_elsewhere_count:
        return WorkOrder.objects.none()
    window = dt.timedelta(days=ComplaintRules.current().repeat_window_days)
    return (
        _base(stores)
        .filter(
            customer_number=order.customer_number,
            received_at__gte=order.received_at - window,
            received_at__lte=order.received_at,
        )
        .exclude(store_id=order.store_id)
        .exclude(status=WorkOrder.Status.CANCELLED)
        .order_by("-received_at", "-id")
    )


def customer_history(order: WorkOrder, *, limit: int = 10) -> dict[str, list]:
    """The customer's other records at the order's own store, newest first, `limit` of each:
    their work orders (all of them, not only the repeat window), customer opinions and service
    records left with the same number. Another store's rows never appear (filtered on the
    order's store, inside the reader's scope)."""
    number, store = order.customer_number, order.store_id
    return {
        "work_order": list(
            WorkOrder.objects.filter(store_id=store, customer_number=number)
            .exclude(pk=order.pk).select_related("category")
            .order_by("-received_at", "-id")[:limit]),
        "opinion": list(
            CustomerOpinion.objects.filter(store_id=store, customer_phone=number)
            .order_by("-received_at", "-id")[:limit]),
        "service_record": list(
            ServiceRecord.objects.filter(store_id=store, customer_phone=number)
            .select_related("clerk").order_by("-business_date", "-id")[:limit]),
    }


def complaints_against_clerks(*, store, first: dt.date, last: dt.date) -> dict[int, int]:
    """{staff member id: complaints naming them} received in a store's business days
    first..last (cancelled orders do not count). Used by the clerks' month-end KPI table."""
    start, _end = day_bounds(first, store=store)
    _start, end = day_bounds(last, store=store)
    rows = (
        WorkOrder.objects.filter(
            store=store, staff_member__isnull=False, received_at__gte=start, received_at__lt=end
        )
        .exclude(status=WorkOrder.Status.CANCELLED)
        .values("staff_member_id")
        .annotate(n=Count("id"))
    )
    return {row["staff_member_id"]: row["n"] for row in rows}


def period_counts(stores, first: dt.date, last: dt.date, *, by_day: bool = False) -> dict:
    """Orders received, closed and gone overdue in [first, last] (local calendar days, as the
    KPIs count them), for several stores in two grouped queries (one for a single day).

    {store id: {"received", "closed", "overdue"}}, or with by_day {(store id, date): …}.
    "Received" leaves cancelled orders out (as the KPIs do); "overdue" counts the orders
    received in the period that have been past a deadline at some point (`was_overdue`).
    """
    from django.db.models import Case, DateField, Value, When

    start, end = day_moments(first, last)
    orders = WorkOrder.objects.filter(store_id__in=[s.pk for s in stores])
    in_received = (Q(received_at__gte=start, received_at__lt=end)
                   & ~Q(status=WorkOrder.Status.CANCELLED))
    in_closed = Q(status=WorkOrder.Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
    out: dict = {}
    if first == last:
        # One day (a workbook's today, read live): its label is the day itself, so both
        # counts come from one read grouped by store, each a conditional count.
        for row in (orders.filter(in_received | in_closed).values("store_id")
                    .annotate(received=Count("id", filter=in_received),
                              closed=Count("id", filter=in_closed),
                              overdue=Count("id", filter=in_received & Q(was_overdue=True)))
                    .order_by()):
            out[(row["store_id"], first) if by_day else row["store_id"]] = {
                name: row[name] for name in ("received", "closed", "overdue")}
        return out
    received = orders.filter(in_received)
    closed = orders.filter(in_closed)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]

    def add(qs, moment: str, **figures):
        group = ["store_id"]
        if by_day:
            # Each local day is labelled by the database (a CASE over the day ends), which
            # costs far less than converting every moment to a local date.
            label = Case(*(When(**{f"{moment}__lt": day_moments(day, day)[1]},
                                then=Value(day)) for day in days), output_field=DateField())
            qs = qs.annotate(day=label)
            group.append("day")
        for row in qs.values(*group).annotate(**figures).order_by():
            key = (row["store_id"], row["day"]) if by_day else row["store_id"]
            slot = out.setdefault(key, {"received": 0, "closed": 0, "overdue": 0})
            for name in figures:
                slot[name] += row[name]

    add(received, "received_at", received=Count("id"),
        overdue=Count("id", filter=Q(was_overdue=True)))
    add(closed, "closed_at", closed=Count("id"))
    return out


def orders_of_period(store, first: dt.date, last: dt.date) -> QuerySet:
    """The orders a store received or closed in [first, last] (local days), oldest first."""
    start, end = day_moments(first, last)
    return (
        _base(store)
        .filter(Q(received_at__gte=start, received_at__lt=end)
                | Q(closed_at__gte=start, closed_at__lt=end))
        .order_by("received_at", "id")
    )


def desk_complaints_of_clerk(store, clerk, day):
    """The clerk's complaints at the desk on a business day, newest first."""
    from .models import DeskComplaint

    return (DeskComplaint.objects.filter(store=store, clerk=clerk, business_date=day)
            .select_related("category", "work_order").order_by("-at"))


def desk_complaints_between(store, first, last):
    from .models import DeskComplaint

    return (DeskComplaint.objects.filter(store=store, business_date__range=(first, last))
            .select_related("category", "clerk", "work_order").order_by("-at", "-pk"))


def desk_complaint_counts(store, first, last) -> dict:
    from django.db.models import Count, Q

    from .models import DeskComplaint

    return DeskComplaint.objects.filter(store=store, business_date__range=(first, last)).aggregate(
        total=Count("id"), settled=Count("id", filter=Q(settled=True)),
        escalated=Count("id", filter=Q(work_order__isnull=False)))


def open_order_state(stores, *, now: dt.datetime | None = None) -> dict[int, dict]:
    """{store id: {"overdue", "due_soon", "escalations", "escalations_old"}} of the open
    orders of `stores` (past a deadline; within the warning time of one) and their open
    escalations (older than a day): two grouped queries whatever the number of stores."""
    now = now or timezone.now()
    ids = [s.pk for s in stores]
    warning = dt.timedelta(minutes=ComplaintRules.current().warning_minutes)
    out = {sid: {"overdue": 0, "due_soon": 0, "escalations": 0, "escalations_old": 0}
           for sid in ids}
    running = Q(paused_at__isnull=True)
    for row in (WorkOrder.objects.filter(store_id__in=ids, status__in=OPEN_STATUSES)
                .values("store_id")
                .annotate(overdue=Count("id", filter=running & Q(next_due_at__lt=now)),
                          due_soon=Count("id", filter=running & Q(next_due_at__gte=now,
                                                                  next_due_at__lte=now + warning)))
                .order_by()):
        out[row["store_id"]].update(overdue=row["overdue"], due_soon=row["due_soon"])
    for row in (Escalation.objects.filter(store_id__in=ids, status=Escalation.Status.OPEN)
                .values("store_id")
                .annotate(n=Count("id"),
                          old=Count("id", filter=Q(raised_at__lt=now - dt.timedelta(days=1))))
                .order_by()):
        out[row["store_id"]].update(escalations=row["n"], escalations_old=row["old"])
    return out


def kpi_months(stores, first: dt.date, last: dt.date) -> dict[tuple[int, dt.date], dict]:
    """{(store id, month's first day): {"replied", "replied_on_time", "called_back",
    "satisfied"}} for the months of [first, last]: the timeliness and satisfaction KPIs'
    counts (complaints.kpi's definitions), grouped by store and month in two queries."""
    from django.db.models.functions import TruncMonth

    from .kpi import SATISFIED

    start, end = day_moments(first, last)
    orders = WorkOrder.objects.filter(store_id__in=[s.pk for s in stores])
    out: dict = {}

    def slot(store_id, month) -> dict:
        month = month.date() if isinstance(month, dt.datetime) else month
        return out.setdefault((store_id, month), {"replied": 0, "replied_on_time": 0,
                                                  "called_back": 0, "satisfied": 0})

    for row in (orders.filter(replied_at__gte=start, replied_at__lt=end)
                .annotate(month=TruncMonth("replied_at")).values("store_id", "month")
                .annotate(n=Count("id"), on_time=Count("id", filter=Q(replied_on_time=True)))
                .order_by()):
        slot(row["store_id"], row["month"]).update(replied=row["n"], replied_on_time=row["on_time"])
    for row in (orders.filter(status=WorkOrder.Status.CLOSED, closed_at__gte=start,
                              closed_at__lt=end)
                .annotate(month=TruncMonth("closed_at")).values("store_id", "month")
                .annotate(called=Count("id", filter=~Q(callback_result="")),
                          satisfied=Count("id", filter=Q(callback_result__in=SATISFIED)))
                .order_by()):
        slot(row["store_id"], row["month"]).update(called_back=row["called"],
                                                   satisfied=row["satisfied"])
    return out


def open_orders_by_deadline(store, *, now: dt.datetime | None = None, limit: int = 100) -> list:
    """A store's open, running orders past a deadline or within the warning time of one,
    the earliest deadline first (the supervisor's drill-down from the cockpit)."""
    now = now or timezone.now()
    warning = dt.timedelta(minutes=ComplaintRules.current().warning_minutes)
    return list(_base(store).filter(status__in=OPEN_STATUSES, paused_at__isnull=True,
                                    next_due_at__lte=now + warning)
                .order_by("next_due_at", "id")[:limit])
