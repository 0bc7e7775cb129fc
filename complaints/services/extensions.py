"""延期: extensions of a work order's reply deadline, asked by the handler and decided by
the store manager."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from complaints.models import Extension, OrderEvent, WorkOrder
from hallops.exceptions import DomainError
from hallops.permissions import Role
from hallops.registry import link
from hallops.services.audit import snapshot
from hallops.services.notifications import notification_send, notification_send_to_role

from .steps import WORKING, _finish, _locked, _require, _text, _url, record_step


@transaction.atomic
def extension_request(
    *, actor, order: WorkOrder, new_due_at: dt.datetime, reason: str
) -> Extension:
    """延期: ask the store manager for a later reply deadline (never past the final one)."""
    order = _locked(order)
    _require(order, WORKING, _("Only an order being worked on can be extended."))
    reason = _text(reason, _("Say why more time is needed."), "reason")
    now = timezone.now()
    if new_due_at <= now:
        raise DomainError(_("The new deadline is in the past."), field="new_due_at")
    if new_due_at <= order.reply_due:
        raise DomainError(
            _("The new deadline must be later than the current one."), field="new_due_at"
        )
    if new_due_at > order.final_due:
        raise DomainError(
            _("No order may stay open past %(final)s.")
            % {"final": timezone.localtime(order.final_due).strftime("%Y-%m-%d %H:%M")},
            field="new_due_at",
        )
    if order.extensions.filter(status=Extension.Status.PENDING).exists():
        raise DomainError(_("An extension of this order is already waiting for approval."))
    extension = Extension.objects.create(
        order=order, store=order.store, requested_by=actor, new_due_at=new_due_at, reason=reason
    )
    record_step(
        order, actor=actor, kind=OrderEvent.Kind.EXTENSION_REQUESTED,
        action="extension.requested",
        note=f"{timezone.localtime(new_due_at):%Y-%m-%d %H:%M} · {reason}",
        after=snapshot(extension), reason=reason,
    )
    notification_send_to_role(
        store=order.store,
        role=Role.STORE_MANAGER,
        url=link("work_order.approvals"),
        message=gettext_noop("Work order %(number)s: an extension waits for your approval."),
        params={"number": order.number},
    )
    return extension


@transaction.atomic
def extension_decide(*, actor, extension: Extension, approve: bool, note: str = "") -> Extension:
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != Extension.Status.PENDING:
        raise DomainError(_("This extension has already been decided."))
    order = _locked(extension.order)
    note = (note or "").strip()
    if not approve and not note:
        raise DomainError(_("Say why the extension is refused."), field="note")
    before = snapshot(order)
    now = timezone.now()
    extension.status = Extension.Status.APPROVED if approve else Extension.Status.REJECTED
    extension.decided_by, extension.decided_at, extension.decision_note = actor, now, note
    extension.save()
    if approve and order.status in WORKING:
        if extension.new_due_at <= now:
            raise DomainError(_("The requested deadline has already passed; ask for a new one."))
        order.reply_due = min(extension.new_due_at, order.final_due)
    _finish(
        order,
        actor=actor,
        action="extension.decided",
        before=before,
        kind=OrderEvent.Kind.EXTENSION_DECIDED,
        note=f"{extension.get_status_display()}" + (f" · {note}" if note else ""),
        reason=note,
    )
    notification_send(
        recipients=[extension.requested_by],
        store=order.store,
        url=_url(order),
        message=gettext_noop("Extension of work order %(number)s approved.")
        if approve
        else gettext_noop("Extension of work order %(number)s refused."),
        params={"number": order.number},
    )
    return extension
