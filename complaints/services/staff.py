"""The member of staff a complaint is about: named at intake or later on the order page, and
counted in the month-end KPI table of the clerks (考核指标: complaints against the clerk)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from complaints.models import OrderEvent, WorkOrder
from hallops.exceptions import DomainError
from hallops.people import display_name
from hallops.selectors.roster import store_staff
from hallops.services.audit import snapshot

from .steps import _locked, record_step


def validate_staff_member(store, staff_member):
    """The person, if they are staff of `store`; anyone else is refused."""
    if staff_member is None:
        return None
    if not store_staff(store).filter(pk=staff_member.pk).exists():
        raise DomainError(
            _("%(name)s is not a member of staff of this store.")
            % {"name": display_name(staff_member)},
            field="staff_member",
        )
    return staff_member


def _name(user) -> str:
    return display_name(user, "—")


@transaction.atomic
def work_order_set_staff_member(*, actor, order: WorkOrder, staff_member, note: str = "") -> WorkOrder:
    """Name (or clear) the member of staff the customer complained about."""
    order = _locked(order)
    if order.status == WorkOrder.Status.CANCELLED:
        raise DomainError(_("A cancelled order cannot be changed."))
    staff_member = validate_staff_member(order.store, staff_member)
    if order.staff_member_id == getattr(staff_member, "pk", None):
        raise DomainError(_("Nothing changed."))
    before = snapshot(order, ["staff_member"])
    previous = order.staff_member
    order.staff_member = staff_member
    order.save(update_fields=["staff_member"])
    record_step(
        order, actor=actor, kind=OrderEvent.Kind.STAFF, action="work_order.staff_member_set",
        note=f"{_name(previous)} → {_name(staff_member)} {note}".strip(),
        before=before, after=snapshot(order, ["staff_member"]), reason=note,
    )
    return order
