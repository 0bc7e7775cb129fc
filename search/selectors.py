"""The search's reads: each kind of record, within the reader's stores, narrowed to what the
page it links to shows, at most CAP rows per kind (one query per kind, whatever the rows).

On PostgreSQL the lookups below are served by the indexes of search/migrations (pg_trgm GIN
indexes on UPPER(column) for the `icontains` of words, an index on the last four digits of
customer numbers); SQLite scans the store's rows, which is fine at a store's size.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.db.models.functions import Concat, Right
from django.utils.translation import gettext_lazy as _

from complaints.models import WorkOrder
from hallops.models import CustomerOpinion, DutyLog, ServiceRecord, TillSession
from hallops.periods import day_moments
from hallops.registry import SEARCH_KINDS, SearchPage

from .query import Query

CAP = 20

LABELS = {
    "work_order": _("Work orders found"),
    "opinion": _("Customer opinions"),
    "service_record": _("Service records"),
    "duty_log": _("Duty logs"),
    "till": _("Till records"),
}


@dataclass
class Group:
    kind: str
    label: Any
    hits: list = field(default_factory=list)
    more: bool = False


PEOPLE_CAP = 100


def people_named(text: str, store_ids: list[int]) -> list[int]:
    """Ids of the people of `store_ids` whose shown name (family name then given name)
    contains `text`; never the login name, which is not shown to anyone. Read once per search
    and handed to each kind as a list, so each kind's lookup stays one indexable condition."""
    return list(
        get_user_model().objects.alias(shown=Concat("last_name", "first_name"))
        .filter(Q(shown__icontains=text) | Q(last_name__icontains=text)
                | Q(first_name__icontains=text),
                role_assignments__store_id__in=store_ids)
        .order_by("pk").values_list("pk", flat=True).distinct()[:PEOPLE_CAP]
    )


def _phone(field: str, query: Query) -> Q | None:
    if query.full_number:
        return Q(**{field: query.full_number})
    if query.last_four:
        return Q(**{f"{field}_last4": query.last_four})
    return None


def _work_orders(query: Query, people: list[int]) -> tuple[QuerySet, Q]:
    qs = WorkOrder.objects.select_related("store", "category").alias(
        customer_number_last4=Right("customer_number", 4))
    if query.day:
        start, end = day_moments(query.day, query.day)
        return qs, Q(received_at__gte=start, received_at__lt=end)
    text = query.text
    if query.last_four:
        # Four digits are the end of a customer number (order numbers hold dates: noise).
        return qs, Q(customer_number_last4=query.last_four)
    cond = Q(number__icontains=text) | Q(external_no__icontains=text)
    if query.full_number:
        return qs, cond | Q(customer_number=query.full_number)
    if query.is_words:
        cond |= (Q(customer_name__icontains=text) | Q(staff_member_id__in=people)
                 | Q(handler_id__in=people))
    return qs, cond


def _opinions(query: Query, people: list[int]) -> tuple[QuerySet, Q]:
    qs = CustomerOpinion.objects.select_related("store").alias(
        customer_phone_last4=Right("customer_phone", 4))
    if query.day:
        return qs, Q(business_date=query.day)
    cond = _phone("customer_phone", query)
    if cond is None:
        cond = (Q(customer_name__icontains=query.text) | Q(content__icontains=query.text)
                | Q(recorded_by_id__in=people))
    return qs, cond


def _service_records(query: Query, people: list[int]) -> tuple[QuerySet, Q]:
    qs = ServiceRecord.objects.select_related("store", "clerk").alias(
        customer_phone_last4=Right("customer_phone", 4))
    if query.day:
        return qs, Q(business_date=query.day)
    cond = _phone("customer_phone", query)
    if cond is None:
        cond = Q(clerk_id__in=people) | Q(notes__icontains=query.text)
    return qs, cond


def _duty_logs(query: Query, people: list[int]) -> tuple[QuerySet, Q] | None:
    qs = DutyLog.objects.select_related("store", "shift_type", "duty_manager")
    if query.day:
        return qs, Q(business_date=query.day)
    if query.full_number or query.last_four:
        return None
    return qs, Q(duty_manager_id__in=people)


def _tills(query: Query, people: list[int]) -> tuple[QuerySet, Q] | None:
    qs = TillSession.objects.select_related("store", "clerk", "shift_type")
    if query.day:
        return qs, Q(business_date=query.day)
    if query.full_number or query.last_four:
        return None
    return qs, Q(clerk_id__in=people)


BUILDERS = {
    "work_order": (_work_orders, ("-received_at", "-id")),
    "opinion": (_opinions, ("-received_at", "-id")),
    "service_record": (_service_records, ("-business_date", "-id")),
    "duty_log": (_duty_logs, ("-business_date", "-id")),
    "till": (_tills, ("-business_date", "-id")),
}


def search(query: Query, *, store_ids: list[int], pages: dict[str, SearchPage],
           request) -> list[Group]:
    """The groups of records matching `query` in `store_ids`, for the kinds in `pages` (the
    pages the reader may open), each capped at CAP with `more` set when there are more."""
    groups = []
    people = people_named(query.text, store_ids) if query.is_words else []
    for kind in SEARCH_KINDS:
        page = pages.get(kind)
        if page is None:
            continue
        built = BUILDERS[kind][0](query, people)
        if built is None:
            continue
        qs, cond = built
        if page.only is not None:
            cond &= page.only(request)
        rows = list(qs.filter(cond, store_id__in=store_ids).order_by(*BUILDERS[kind][1])[:CAP + 1])
        group = Group(kind, LABELS[kind], more=len(rows) > CAP)
        group.hits = [(row, page.url(row)) for row in rows[:CAP]]
        groups.append(group)
    return groups
