"""The columns of the complaint lists' exports (reports/listexport.py): the work-order queue
(complaint handler's queue, the store manager's overdue list) and the desk complaints."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from reports.listexport import Col, Kind, ListExport


def _category(order) -> str:
    if order.category_id is None:
        return ""
    label = order.category.label
    return f"{label} › {order.subcategory.label}" if order.subcategory_id else label


def _flags(order) -> str:
    flags = []
    if order.is_repeat:
        flags.append(_("Repeat"))
    if order.beyond_channel:
        flags.append(_("Beyond store"))
    if order.is_difficult:
        flags.append(_("Difficult"))
    return "、".join(str(f) for f in flags)


def _deadline(order):
    return None if order.paused_at else order.next_due_at


WORK_ORDER_COLUMNS = (
    Col(_lazy("Order"), "number", width=18),
    Col(_lazy("Received"), "received_at", Kind.DATETIME),
    Col(_lazy("Deadline"), _deadline, Kind.DATETIME),
    Col(_lazy("Status"), "get_status_display"),
    Col(_lazy("Source"), "get_source_display"),
    Col(_lazy("Category"), _category, width=24),
    Col(_lazy("Customer"), "customer_number", Kind.PHONE),
    Col(_lazy("Handler"), "handler", Kind.PERSON),
    Col(_lazy("Flags"), _flags),
)

QUEUE_EXPORT = ListExport(name="complaint-queue", title=_lazy("Complaint queue"),
                          columns=WORK_ORDER_COLUMNS)
OVERDUE_EXPORT = ListExport(name="complaints-overdue", title=_lazy("Overdue complaints"),
                            columns=WORK_ORDER_COLUMNS)
CALLBACKS_EXPORT = ListExport(name="complaint-callbacks", title=_lazy("Callback queue"),
                              columns=WORK_ORDER_COLUMNS)


def _desk_outcome(c) -> str:
    if c.settled:
        return _("Settled at the desk")
    if c.work_order_id:
        return c.work_order.number
    return _("Not settled")


def _desk_complaint(c) -> str:
    return f"{c.description} · {_('Wants')}: {c.demand}" if c.demand else c.description


DESK_EXPORT = ListExport(
    name="desk-complaints", title=_lazy("Complaints at the desk"),
    columns=(
        Col(_lazy("Time"), "at", Kind.DATETIME),
        Col(_lazy("Clerk"), "clerk", Kind.PERSON),
        Col(_lazy("Customer number"), "customer_number", Kind.PHONE),
        Col(_lazy("Category"), lambda c: c.category.label if c.category_id else ""),
        Col(_lazy("Complaint"), _desk_complaint, width=40),
        Col(_lazy("What was done"), "action_taken", width=30),
        Col(_lazy("Outcome"), _desk_outcome),
    ),
)


def _waiting_kind(row) -> str:
    from .models import Escalation

    return _("Escalation") if isinstance(row, Escalation) else _("Extension")


def _waiting_at(row):
    return getattr(row, "raised_at", None) or getattr(row, "requested_at", None)


def _waiting_by(row):
    return getattr(row, "raised_by", None) or getattr(row, "requested_by", None)


def _waiting_reply_by(row):
    return row.order.reply_due if hasattr(row, "new_due_at") else None


ESCALATIONS_EXPORT = ListExport(
    name="complaint-escalations", title=_lazy("Escalations and extensions"),
    columns=(
        Col(_lazy("Kind"), _waiting_kind),
        Col(_lazy("Order"), "order.number", width=18),
        Col(_lazy("Raised at"), _waiting_at, Kind.DATETIME),
        Col(_lazy("Raised by"), _waiting_by, Kind.PERSON),
        Col(_lazy("Category"), lambda r: _category(r.order), width=24),
        Col(_lazy("Customer"), "order.customer_number", Kind.PHONE),
        Col(_lazy("Status"), "order.get_status_display"),
        Col(_lazy("Reason"), "reason", width=40),
        Col(_lazy("Reply by"), _waiting_reply_by, Kind.DATETIME),
        Col(_lazy("New reply deadline"), lambda r: getattr(r, "new_due_at", None), Kind.DATETIME),
    ),
)


QUALITY_EXPORT = ListExport(
    name="complaint-quality", title=_lazy("Work-order quality"),
    columns=(
        Col(_lazy("Order"), "number", width=18),
        Col(_lazy("Source"), "get_source_display"),
        Col(_lazy("Category"), _category, width=24),
        Col(_lazy("Customer"), "customer_number", Kind.PHONE),
        Col(_lazy("Handler"), "handler", Kind.PERSON),
        Col(_lazy("Received"), "received_at", Kind.DATETIME),
        Col(_lazy("Closed at"), "closed_at", Kind.DATETIME),
    ),
)
"""Closed orders not yet reviewed (the store manager's quality page): every page."""
