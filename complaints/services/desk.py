"""Simple complaints at the desk (简单现场投诉): recorded by the clerk in a few taps; one not
settled becomes an on-site work order for the complaint handler, keeping what was typed."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from complaints.models import Category, DeskComplaint, Source, WorkOrder
from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.permissions import Role
from hallops.services.audit import audit_record, snapshot
from hallops.services.notifications import notification_send_to_role

from .intake import required_fields_for, validate_customer_number, work_order_create

MAX_TEXT = 1000


def _text(value: str, *, field: str, required: bool, message: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(message, field=field)
    if len(value) > MAX_TEXT:
        raise DomainError(_("Keep it under %(max)d characters.") % {"max": MAX_TEXT}, field=field)
    return value


@transaction.atomic
def desk_complaint_record(*, actor, store, customer_number: str, category: Category | None,
                          description: str, action_taken: str, settled: bool,
                          demand: str = "") -> DeskComplaint:
    """Record a complaint taken at the desk; settled or not, it leaves a trace."""
    customer_number = validate_customer_number(customer_number)
    if category is None or not category.is_active:
        raise DomainError(_("Choose a category."), field="category")
    description = _text(description, field="description", required=True,
                        message=_("Say what the customer complained about."))
    action_taken = _text(action_taken, field="action_taken", required=bool(settled),
                         message=_("Say what you did to settle it."))
    demand = (demand or "").strip()
    if len(demand) > 500:
        raise DomainError(_("Keep it under %(max)d characters.") % {"max": 500}, field="demand")
    if not settled and not demand and "demand" in required_fields_for(Source.ONSITE):
        # The work order it may become needs it; asked now, the hand-over stays one click.
        raise DomainError(_("Say what the customer wants: the complaint handler needs it."),
                          field="demand")
    now = timezone.now()
    complaint = DeskComplaint.objects.create(
        store=store, clerk=actor, at=now, business_date=business_date(now, store=store),
        customer_number=customer_number, category=category, description=description,
        demand=demand, action_taken=action_taken, settled=bool(settled))
    audit_record(actor=actor, store=store, action="desk_complaint.recorded", obj=complaint,
                 after=snapshot(complaint, ["category", "settled", "business_date"]))
    return complaint


@transaction.atomic
def desk_complaint_escalate(*, actor, complaint: DeskComplaint) -> WorkOrder:
    """Turn a complaint not settled at the desk into an on-site work order for the handler,
    keeping the customer number, category, the complaint and what was done."""
    complaint = DeskComplaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.settled:
        raise DomainError(_("This complaint was settled at the desk; it needs no work order."))
    if complaint.work_order_id is not None:
        raise DomainError(
            _("This complaint is already work order %(number)s.")
            % {"number": WorkOrder.objects.get(pk=complaint.work_order_id).number})
    description = complaint.description
    if complaint.action_taken:
        description = _("%(description)s\nDone at the desk: %(action)s") % {
            "description": description, "action": complaint.action_taken}
    order = work_order_create(
        actor=actor, store=complaint.store, source=Source.ONSITE,
        customer_number=complaint.customer_number, category=complaint.category,
        description=description, demand=complaint.demand, received_at=complaint.at)
    before = snapshot(complaint, ["work_order", "escalated_at"])
    complaint.work_order = order
    complaint.escalated_at = timezone.now()
    complaint.save(update_fields=["work_order", "escalated_at"])
    audit_record(actor=actor, store=complaint.store, action="desk_complaint.escalated",
                 obj=complaint, before=before, after=snapshot(complaint, ["work_order", "escalated_at"]))
    # An on-site order entered by a handler needs no notice; one a clerk hands over does.
    notification_send_to_role(
        store=complaint.store, role=Role.COMPLAINT_HANDLER,
        message=gettext_noop("On-site work order %(number)s from a desk to accept."),
        params={"number": order.number},
        url=reverse("complaints:order", kwargs={"pk": order.pk}),
    )
    return order
