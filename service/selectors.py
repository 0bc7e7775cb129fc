"""Reads of the service feature, always for given stores."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Sum

from hallops.models import RoleAssignment
from hallops.periods import month_dates
from hallops.permissions import Role

from .models import MysteryVisit, ServiceCheck, Violation


def clerks(store):
    """The store's active clerks, the people a service check is for."""
    ids = RoleAssignment.objects.filter(store=store, role=Role.CLERK, is_active=True,
                                        user__is_active=True).values_list("user_id", flat=True)
    return (get_user_model().objects.filter(pk__in=ids)
            .order_by("last_name", "first_name", "username"))


def store_staff(store):
    ids = RoleAssignment.objects.filter(store=store, is_active=True,
                                        user__is_active=True).values_list("user_id", flat=True)
    return (get_user_model().objects.filter(pk__in=ids)
            .order_by("last_name", "first_name", "username"))


def pending_checks(store, user):
    return (ServiceCheck.objects.filter(store=store, staff=user, acknowledged_at__isnull=True)
            .select_related("checked_by").order_by("-checked_at"))


@dataclass
class MonthFigures:
    """A person's (or a store's) service figures of one month."""

    checks: int = 0
    check_score: Decimal | None = None  # average per cent of the checks
    visits: int = 0
    visit_score: Decimal | None = None  # average per cent of the mystery-shopper visits
    violations: int = 0
    from_checks: int = 0
    from_mystery: int = 0
    manual: int = 0
    open: int = 0
    points_lost: int = 0
    by_source: dict = field(default_factory=dict)


def _percent(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"))


def month_figures(stores, month: datetime.date) -> tuple[dict[int, dict[int | None, MonthFigures]],
                                                          dict[int, MonthFigures]]:
    """({store_id: {person_id or None: figures}}, {store_id: store totals}) for the month.

    Three grouped queries (checks, visits, violations), whatever the number of rows."""
    first, last = month_dates(month)
    store_ids = [getattr(s, "pk", s) for s in stores]
    people: dict[int, dict[int | None, MonthFigures]] = defaultdict(lambda: defaultdict(MonthFigures))
    totals: dict[int, MonthFigures] = defaultdict(MonthFigures)

    checks = (ServiceCheck.objects.filter(store_id__in=store_ids, business_date__gte=first,
                                          business_date__lte=last)
              .values("store_id", "staff_id")
              .annotate(n=Count("id"), pts=Sum("score"), mx=Sum("max_score")))
    for row in checks:
        f = people[row["store_id"]][row["staff_id"]]
        f.checks = row["n"]
        f.check_score = _percent(Decimal(100) * row["pts"] / row["mx"]) if row["mx"] else None
        t = totals[row["store_id"]]
        t.checks += row["n"]
        t.by_source.setdefault("check", [0, 0])
        t.by_source["check"][0] += row["pts"]
        t.by_source["check"][1] += row["mx"]

    visits = (MysteryVisit.objects.filter(store_id__in=store_ids, visited_on__gte=first,
                                          visited_on__lte=last)
              .values("store_id", "staff_id")
              .annotate(n=Count("id"), pts=Sum("score"), mx=Sum("max_score")))
    for row in visits:
        f = people[row["store_id"]][row["staff_id"]]
        f.visits = row["n"]
        f.visit_score = _percent(Decimal(100) * row["pts"] / row["mx"]) if row["mx"] else None
        t = totals[row["store_id"]]
        t.visits += row["n"]
        t.by_source.setdefault("visit", [Decimal(0), 0])
        t.by_source["visit"][0] += row["pts"]
        t.by_source["visit"][1] += row["mx"]

    S = Violation.Source
    violations = (Violation.objects.filter(store_id__in=store_ids, occurred_on__gte=first,
                                           occurred_on__lte=last)
                  .values("store_id", "staff_id")
                  .annotate(n=Count("id"),
                            checks=Count("id", filter=Q(source=S.CHECK)),
                            mystery=Count("id", filter=Q(source=S.MYSTERY)),
                            manual=Count("id", filter=Q(source=S.MANUAL)),
                            open=Count("id", filter=~Q(state=Violation.State.CLOSED)),
                            pts=Sum("points")))
    for row in violations:
        for f in (people[row["store_id"]][row["staff_id"]], totals[row["store_id"]]):
            f.violations += row["n"]
            f.from_checks += row["checks"]
            f.from_mystery += row["mystery"]
            f.manual += row["manual"]
            f.open += row["open"]
            f.points_lost += row["pts"] or 0

    for t in totals.values():
        if "check" in t.by_source and t.by_source["check"][1]:
            pts, mx = t.by_source["check"]
            t.check_score = _percent(Decimal(100) * pts / mx)
        if "visit" in t.by_source and t.by_source["visit"][1]:
            pts, mx = t.by_source["visit"]
            t.visit_score = _percent(Decimal(100) * Decimal(pts) / mx)
    return {k: dict(v) for k, v in people.items()}, dict(totals)


def person_month(*, store, year: int, month: int) -> dict[int, dict]:
    """The provider "service_person_month" for the monthly assessment: per person of the store,
    {checks, check_score (% or None), visits, visit_score, violations, open_violations,
    points_lost} of the month. People with none of these are absent."""
    people, _totals = month_figures([store], datetime.date(year, month, 1))
    return {
        person: {"checks": f.checks, "check_score": f.check_score, "visits": f.visits,
                 "visit_score": f.visit_score, "violations": f.violations,
                 "open_violations": f.open, "points_lost": f.points_lost}
        for person, f in people.get(store.pk, {}).items() if person is not None
    }


def check_scores(*, store, first: datetime.date, last: datetime.date) -> dict[int, Decimal]:
    """The provider "service_check_scores" the monthly assessment reads: per person of the store,
    the average score (out of 100) of the service checks of the month `first` falls in."""
    people, _totals = month_figures([store], first)
    return {person: f.check_score for person, f in people.get(store.pk, {}).items()
            if person is not None and f.check_score is not None}


def people_named(ids):
    return get_user_model().objects.filter(pk__in=list(ids))
