"""The work-order page and the actions on it, shared by the roles that work on complaints.

Each action: resolve access and the order (another store's → 404), validate the form, call
one service, redirect back to the order with a message.
"""

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hallops.actions import run_action
from hallops.permissions import Role, get_for_store_or_404, may, role_required
from hallops.registry import search_pages

from . import selectors, services
from .forms import (
    BeyondForm,
    CallbackForm,
    ContactForm,
    ExtensionForm,
    NoteForm,
    ReasonForm,
    ReplyForm,
    StaffMemberForm,
    TransferForm,
)
from .models import ComplaintRules, WorkOrder

CH, SM, DM = Role.COMPLAINT_HANDLER, Role.STORE_MANAGER, Role.DUTY_MANAGER
# Who may see the full customer number on the order page (each reveal is audited).
REVEAL_ROLES = (CH, SM)
REVEAL_SESSION_KEY = "complaints_revealed"
REVEAL_MINUTES = 10


def _order(request, pk):
    return get_for_store_or_404(
        WorkOrder.objects.select_related("store", "category", "subcategory", "scenario", "handler",
                                         "staff_member"),
        request,
        pk=pk,
    )


def _revealed(request, order) -> bool:
    if not may(request, order_reveal):
        return False
    stamp = request.session.get(REVEAL_SESSION_KEY, {}).get(str(order.pk))
    if not stamp:
        return False
    return timezone.now() - dt.datetime.fromisoformat(stamp) < dt.timedelta(minutes=REVEAL_MINUTES)


def _history(request, order) -> dict[str, list]:
    """The customer's other records at this store, each with the link to its page for the
    reader's role (None when the role has no page for that kind: shown without a link)."""
    pages = search_pages(request)
    return {
        kind: [(row, pages[kind].url(row) if kind in pages else None) for row in rows]
        for kind, rows in selectors.customer_history(order).items()
    }


@role_required(CH, SM, DM, Role.SUPERVISOR)
@require_GET
def order_detail(request, pk):
    order = _order(request, pk)
    role = request.acting.role
    rules = ComplaintRules.current()
    context = {
        "order": order,
        "timeline": selectors.order_timeline(order),
        "contacts": order.contacts.select_related("by"),
        "extensions": order.extensions.select_related("requested_by", "decided_by"),
        "escalations": order.escalations.select_related("raised_by", "resolved_by"),
        "earlier": selectors.earlier_orders_of(order),
        # Other halls' orders only for a reader of those halls (a store role gets none).
        "earlier_elsewhere": selectors.earlier_orders_elsewhere(order, request.acting.stores),
        "repeat_window_days": rules.repeat_window_days,
        "history": _history(request, order),
        "revealed": _revealed(request, order),
        "can_reveal": may(request, order_reveal),
        "is_handler": role == CH,
        "can_escalate": may(request, order_escalate) and order.is_open,
        "can_transfer": may(request, order_transfer) and order.is_open,
        "can_flag": may(request, order_flag_beyond),
        "warning_minutes": rules.warning_minutes,
        "now": timezone.now(),
    }
    if role == CH:
        # Several forms share field names on one page: distinct ids keep labels right.
        context.update(
            contact_form=ContactForm(auto_id="contact_%s"),
            reply_form=ReplyForm(auto_id="reply_%s"),
            callback_form=CallbackForm(auto_id="callback_%s"),
            pause_form=ReasonForm(auto_id="pause_%s"),
            reopen_form=ReasonForm(auto_id="reopen_%s"),
            close_form=NoteForm(auto_id="close_%s"),
            extension_form=ExtensionForm(auto_id="extend_%s"),
        )
        if order.status != WorkOrder.Status.CANCELLED:
            context["staff_form"] = StaffMemberForm(
                store=order.store, initial={"staff_member": order.staff_member_id},
                auto_id="staff_%s",
            )
    if may(request, order_cancel) and order.is_open:
        context["cancel_form"] = ReasonForm(auto_id="cancel_%s")
    if context["can_escalate"]:
        context["escalate_form"] = ReasonForm(auto_id="escalate_%s")
    if context["can_transfer"]:
        context["transfer_form"] = TransferForm(store=order.store, auto_id="transfer_%s")
    if context["can_flag"]:
        context["beyond_form"] = BeyondForm(
            initial={"channel": order.beyond_channel}, auto_id="flag_%s"
        )
    return render(request, "complaints/order.html", context)


def _act(request, pk, form_class, run, success: str, **form_kwargs):
    order = _order(request, pk)
    form = form_class(request.POST, **form_kwargs) if form_class else None
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect("complaints:order", pk=order.pk)
    return run_action(
        request, lambda: run(order, form.cleaned_data if form is not None else {}),
        success=success, redirect_to=reverse("complaints:order", args=[order.pk]),
    )


@role_required(CH)
@require_POST
def order_accept(request, pk):
    return _act(
        request,
        pk,
        None,
        lambda o, d: services.work_order_accept(actor=request.user, order=o),
        _("Work order accepted."),
    )


@role_required(CH)
@require_POST
def order_contact(request, pk):
    return _act(
        request,
        pk,
        ContactForm,
        lambda o, d: services.work_order_contact(
            actor=request.user,
            order=o,
            channel=d["channel"],
            outcome=d["outcome"],
            note=d["note"],
            at=d["at"],
        ),
        _("Contact attempt recorded."),
    )


@role_required(CH)
@require_POST
def order_pause(request, pk):
    return _act(
        request,
        pk,
        ReasonForm,
        lambda o, d: services.work_order_pause(actor=request.user, order=o, reason=d["reason"]),
        _("The clock is paused while you wait for the customer."),
    )


@role_required(CH)
@require_POST
def order_resume(request, pk):
    return _act(
        request,
        pk,
        None,
        lambda o, d: services.work_order_resume(actor=request.user, order=o),
        _("The clock runs again."),
    )


@role_required(CH)
@require_POST
def order_reply(request, pk):
    return _act(
        request,
        pk,
        ReplyForm,
        lambda o, d: services.work_order_reply(
            actor=request.user,
            order=o,
            result=d["result"],
            cause=d["cause"],
            company_at_fault=d["company_at_fault"],
            compensation=d["compensation"],
        ),
        _("Reply recorded."),
    )


@role_required(CH)
@require_POST
def order_callback(request, pk):
    return _act(
        request,
        pk,
        CallbackForm,
        lambda o, d: services.work_order_callback(
            actor=request.user, order=o, result=d["result"], note=d["note"]
        ),
        _("Callback recorded."),
    )


@role_required(CH)
@require_POST
def order_reopen(request, pk):
    return _act(
        request,
        pk,
        ReasonForm,
        lambda o, d: services.work_order_reopen(actor=request.user, order=o, reason=d["reason"]),
        _("Work order reopened."),
    )


@role_required(CH)
@require_POST
def order_close(request, pk):
    return _act(
        request,
        pk,
        NoteForm,
        lambda o, d: services.work_order_close(actor=request.user, order=o, note=d["note"]),
        _("Work order closed."),
    )


@role_required(CH, SM)
@require_POST
def order_cancel(request, pk):
    return _act(
        request,
        pk,
        ReasonForm,
        lambda o, d: services.work_order_cancel(actor=request.user, order=o, reason=d["reason"]),
        _("Work order cancelled."),
    )


@role_required(CH, SM)
@require_POST
def order_transfer(request, pk):
    order = _order(request, pk)
    return _act(
        request,
        pk,
        TransferForm,
        lambda o, d: services.work_order_transfer(
            actor=request.user,
            order=o,
            to_handler=d["to_handler"],
            to_store=d["to_store"],
            reason=d["reason"],
        ),
        _("Work order transferred."),
        store=order.store,
    )


@role_required(CH)
@require_POST
def order_extend(request, pk):
    return _act(
        request,
        pk,
        ExtensionForm,
        lambda o, d: services.extension_request(
            actor=request.user, order=o, new_due_at=d["new_due_at"], reason=d["reason"]
        ),
        _("Extension requested from the store manager."),
    )


@role_required(CH, DM)
@require_POST
def order_escalate(request, pk):
    return _act(
        request,
        pk,
        ReasonForm,
        lambda o, d: services.escalation_raise(actor=request.user, order=o, reason=d["reason"]),
        _("Escalated to the store manager."),
    )


@role_required(CH, SM, DM)
@require_POST
def order_flag_beyond(request, pk):
    return _act(
        request,
        pk,
        BeyondForm,
        lambda o, d: services.work_order_flag_beyond(
            actor=request.user, order=o, channel=d["channel"], note=d["note"]
        ),
        _("Flag saved."),
    )


@role_required(CH)
@require_POST
def order_staff_member(request, pk):
    order = _order(request, pk)
    return _act(
        request,
        pk,
        StaffMemberForm,
        lambda o, d: services.work_order_set_staff_member(
            actor=request.user, order=o, staff_member=d["staff_member"], note=d["note"]
        ),
        _("Staff member saved."),
        store=order.store,
    )


@role_required(*REVEAL_ROLES)
@require_POST
def order_reveal(request, pk):
    """Show the full customer number for a few minutes; the reveal is audited."""
    order = _order(request, pk)
    services.customer_number_reveal(actor=request.user, order=order)
    revealed = dict(request.session.get(REVEAL_SESSION_KEY, {}))
    revealed[str(order.pk)] = timezone.now().isoformat()
    request.session[REVEAL_SESSION_KEY] = revealed
    return redirect("complaints:order", pk=order.pk)
