"""转单: transfer a work order to another handler of the store, or to another store (which
accepts it anew). The two have little in common beyond the checks on the order and the
reason, so they are two services; work_order_transfer picks one for the transfer form."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from complaints.models import OPEN_STATUSES, OrderEvent, WorkOrder
from hallops.exceptions import DomainError
from hallops.people import display_name
from hallops.permissions import Role
from hallops.scoping import store_scope
from hallops.services.audit import snapshot
from hallops.services.notifications import (
    notification_send,
    notification_send_to_role,
    role_holders,
)

from .clocks import initial_deadlines
from .steps import WORKING, S, _finish, _locked, _require, _text, _url


def _transferable(order: WorkOrder, reason: str) -> tuple[WorkOrder, str]:
    """The locked order, if it is still open, and the reason, which must be given."""
    order = _locked(order)
    _require(order, OPEN_STATUSES, _("Only an open work order can be transferred."))
    return order, _text(reason, _("Say why the order is transferred."), "reason")


@transaction.atomic
def work_order_transfer(
    *, actor, order: WorkOrder, to_handler=None, to_store=None, reason: str
) -> WorkOrder:
    """转单 from the transfer form: to a handler of the store or to another store."""
    if (to_handler is None) == (to_store is None):
        # A closed order or a missing reason is reported before the choice of target.
        _transferable(order, reason)
        raise DomainError(_("Choose either a handler or a store to transfer to."))
    if to_handler is not None:
        return work_order_transfer_to_handler(
            actor=actor, order=order, to_handler=to_handler, reason=reason
        )
    return work_order_transfer_to_store(actor=actor, order=order, to_store=to_store, reason=reason)


@transaction.atomic
def work_order_transfer_to_handler(*, actor, order: WorkOrder, to_handler, reason: str) -> WorkOrder:
    """To another complaint handler of the same store; a new order counts as accepted."""
    order, reason = _transferable(order, reason)
    before = snapshot(order)
    if (
        not role_holders(store=order.store, role=Role.COMPLAINT_HANDLER)
        .filter(pk=to_handler.pk)
        .exists()
    ):
        raise DomainError(
            _("That person is not a complaint handler of this store."), field="to_handler"
        )
    if to_handler.pk == order.handler_id:
        raise DomainError(_("The order is already with that handler."), field="to_handler")
    order.handler = to_handler
    if order.status == S.NEW:
        order.status, order.accepted_at = S.ACCEPTED, timezone.now()
    target = display_name(to_handler)
    _finish(
        order,
        actor=actor,
        action="work_order.transferred",
        before=before,
        kind=OrderEvent.Kind.TRANSFERRED,
        note=f"→ {target}: {reason}",
        reason=reason,
    )
    notification_send(
        recipients=[to_handler],
        store=order.store,
        url=_url(order),
        message=gettext_noop("Work order %(number)s has been transferred to you."),
        params={"number": order.number},
    )
    return order


@transaction.atomic
def work_order_transfer_to_store(*, actor, order: WorkOrder, to_store, reason: str) -> WorkOrder:
    """To another, active store: it arrives there as a new order with a fresh accept deadline
    (never past the final one); a replied order stays with the store that replied."""
    order, reason = _transferable(order, reason)
    before = snapshot(order)
    if to_store.pk == order.store_id or not to_store.is_active:
        raise DomainError(_("Choose another, active store."), field="to_store")
    if order.status not in (S.NEW, *WORKING):
        raise DomainError(_("A replied order stays with the store that replied."))
    now = timezone.now()
    order.store = to_store
    order.handler = None
    order.status, order.accepted_at = S.NEW, None
    order.paused_at, order.pause_reason = None, ""
    # The receiving store's opening hours set its deadlines: read in that store's scope (the
    # request runs in the sending store's, where they would silently read as unset).
    with store_scope(to_store):
        fresh = initial_deadlines(
            store=to_store,
            source=order.source,
            category=order.category,
            subcategory=order.subcategory,
            received_at=now,
        )
    order.accept_due = min(fresh["accept_due"], order.final_due)
    _finish(
        order,
        actor=actor,
        action="work_order.transferred",
        before=before,
        kind=OrderEvent.Kind.TRANSFERRED,
        note=f"→ {to_store.name}: {reason}",
        reason=reason,
    )
    notification_send_to_role(
        store=to_store,
        role=Role.COMPLAINT_HANDLER,
        url=_url(order),
        message=gettext_noop("Work order %(number)s has been transferred to your store."),
        params={"number": order.number},
    )
    return order
