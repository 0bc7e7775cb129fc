"""Entering work orders (工单录入): validation, numbering, repeat detection, deadlines."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from complaints.models import (
    BeyondChannel,
    ComplaintRules,
    OrderCounter,
    OrderEvent,
    Source,
    SourceRequirement,
    WorkOrder,
)
from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import CustomerLevel
from hallops.periods import FUTURE_TOLERANCE
from hallops.permissions import Role
from hallops.scoping import region_scope
from hallops.services.notifications import notification_send_to_role
from hallops.text import PHONE_RE

from .clocks import initial_deadlines, refresh_next_due
from .staff import validate_staff_member
from .steps import record_step

# A landline (0311-12345678) or a mobile number.
CONTACT_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def validate_customer_number(value: str) -> str:
    value = (value or "").strip().replace(" ", "")
    if not PHONE_RE.match(value):
        raise DomainError(
            _("Enter the customer's 11-digit mobile number, e.g. 13812345678."),
            field="customer_number",
        )
    return value


def validate_contact_number(value: str) -> str:
    value = (value or "").strip().replace(" ", "")
    if value and not CONTACT_RE.match(value):
        raise DomainError(
            _("Enter a mobile number or a landline such as 0311-12345678."),
            field="contact_number",
        )
    return value


def required_fields_for(source: str) -> list[str]:
    requirement = SourceRequirement.objects.filter(source=source).first()
    return list(requirement.required_fields) if requirement else []


def _next_number(store, received_at: dt.datetime) -> str:
    day = business_date(received_at, store=store)
    counter, _created = OrderCounter.objects.get_or_create(store=store, day=day)
    # The update takes the row lock, so two intakes at once get different numbers.
    OrderCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db()
    return f"{store.code}-{day:%y%m%d}-{counter.last:03d}"


def _earlier_in_region(store, customer_number: str, received_at: dt.datetime):
    """(this hall's earlier orders, how many at the region's other halls) in the window.

    Repeat detection covers the region: a customer moves between nearby halls, and the
    region is what its supervisor reads. Other halls' orders are only counted, so a store
    learns that the customer complained elsewhere but nothing about those orders.
    """
    window = dt.timedelta(days=ComplaintRules.current().repeat_window_days)
    # A legitimate cross-store read, so an explicit one: the region's scope (listed under
    # "Cross-store scopes" in docs/ARCHITECTURE.md), entered even from a store's request.
    with region_scope(store.region_id):
        in_window = WorkOrder.objects.filter(
            customer_number=customer_number,
            received_at__gte=received_at - window,
            received_at__lte=received_at,
            store__region_id=store.region_id,
        ).exclude(status=WorkOrder.Status.CANCELLED)
        return list(in_window.filter(store=store)), in_window.exclude(store=store).count()


def validate_intake(
    *,
    store,
    now: dt.datetime,
    source: str,
    customer_number: str,
    category,
    description: str,
    received_at: dt.datetime | None,
    external_no: str,
    dispatch_unit: str,
    customer_name: str,
    customer_level: str,
    contact_number: str,
    demand: str,
    scenario,
    beyond_channel: str,
    staff_member,
) -> dict:
    """The checked and cleaned fields of a new work order, or a DomainError naming the first
    field at fault. The category is split into category and subcategory."""
    received_at = received_at or now
    if source not in Source.values:
        raise DomainError(_("Choose where the complaint came from."), field="source")
    if received_at > now + FUTURE_TOLERANCE:
        raise DomainError(_("The time received cannot be in the future."), field="received_at")
    customer_number = validate_customer_number(customer_number)
    contact_number = validate_contact_number(contact_number)
    description = (description or "").strip()
    if not description:
        raise DomainError(_("Describe what happened."), field="description")
    if customer_level not in CustomerLevel.values:
        raise DomainError(_("Choose the customer's level."), field="customer_level")
    if beyond_channel not in BeyondChannel.values:
        raise DomainError(_("Choose where the customer escalated."), field="beyond_channel")
    if category is None:
        raise DomainError(_("Choose a category."), field="category")
    staff_member = validate_staff_member(store, staff_member)
    subcategory = None
    if category.parent_id:
        category, subcategory = category.parent, category
    external_no = (external_no or "").strip()

    values = {
        "external_no": external_no,
        "customer_name": customer_name.strip(),
        "contact_number": contact_number,
        "subcategory": subcategory,
        "demand": demand.strip(),
        "scenario": scenario,
        "dispatch_unit": dispatch_unit.strip(),
    }
    labels = dict(SourceRequirement.FIELD_CHOICES)
    for name in required_fields_for(source):
        if not values.get(name):
            raise DomainError(
                _("%(field)s is required for complaints from %(source)s.")
                % {"field": labels.get(name, name), "source": Source(source).label},
                field=name,
            )
    if external_no and WorkOrder.objects.filter(source=source, external_no=external_no).exists():
        raise _already_entered(source, external_no)
    if source == Source.APPEAL and not beyond_channel:
        # An appeal through 10080 or the regulator is by definition beyond the store.
        beyond_channel = BeyondChannel.SUPERVISION
    return {
        **values,
        "source": source,
        "received_at": received_at,
        "customer_number": customer_number,
        "customer_level": customer_level,
        "category": category,
        "description": description,
        "beyond_channel": beyond_channel,
        "staff_member": staff_member,
    }


def _already_entered(source: str, external_no: str) -> DomainError:
    return DomainError(
        _("Order %(external_no)s from %(source)s has already been entered.")
        % {"external_no": external_no, "source": Source(source).label},
        field="external_no",
    )


@transaction.atomic
def work_order_create(
    *,
    actor,
    store,
    source: str,
    customer_number: str,
    category,
    description: str,
    received_at: dt.datetime | None = None,
    external_no: str = "",
    dispatch_unit: str = "",
    customer_name: str = "",
    customer_level: str = CustomerLevel.ORDINARY,
    contact_number: str = "",
    demand: str = "",
    scenario=None,
    beyond_channel: str = "",
    staff_member=None,
) -> WorkOrder:
    """Enter a work order; flags a repeat complaint and links the customer's earlier orders
    at this hall (those at the region's other halls are counted, not linked)."""
    now = timezone.now()
    fields = validate_intake(
        store=store,
        now=now,
        source=source,
        customer_number=customer_number,
        category=category,
        description=description,
        received_at=received_at,
        external_no=external_no,
        dispatch_unit=dispatch_unit,
        customer_name=customer_name,
        customer_level=customer_level,
        contact_number=contact_number,
        demand=demand,
        scenario=scenario,
        beyond_channel=beyond_channel,
        staff_member=staff_member,
    )
    received_at = fields["received_at"]
    earlier, elsewhere = _earlier_in_region(store, fields["customer_number"], received_at)
    order = WorkOrder(
        store=store,
        number=_next_number(store, received_at),
        created_by=actor,
        is_repeat=bool(earlier or elsewhere),
        repeat_elsewhere_count=min(elsewhere, 32767),
        **fields,
        **initial_deadlines(
            store=store,
            source=source,
            category=fields["category"],
            subcategory=fields["subcategory"],
            received_at=received_at,
        ),
    )
    refresh_next_due(order)
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError:
        # Two intakes of the same external number at once: the unique constraint decides.
        raise _already_entered(source, order.external_no) from None
    if earlier:
        order.earlier_orders.set(earlier)
    record_step(
        order, actor=actor, kind=OrderEvent.Kind.CREATED, action="work_order.created", at=now
    )
    if source != Source.ONSITE:
        notification_send_to_role(
            store=store,
            role=Role.COMPLAINT_HANDLER,
            message=gettext_noop("New work order %(number)s to accept."),
            params={"number": order.number},
            url=reverse("complaints:order", kwargs={"pk": order.pk}),
        )
    return order
