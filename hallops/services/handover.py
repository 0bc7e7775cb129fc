"""Shift-change handover (工作交接) between two clerks."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import Handover, RoleAssignment
from hallops.people import display_name
from hallops.permissions import STORE_ROLES
from hallops.registry import link
from hallops.services.audit import audit_record, snapshot
from hallops.services.notifications import notification_send


@transaction.atomic
def handover_create(*, outgoing, store, incoming, open_items: str = "", invoice_first=None,
                    invoice_last=None, sim_cards: int = 0, value_cards: int = 0) -> Handover:
    if incoming is None or incoming.pk == outgoing.pk:
        raise DomainError(_("Hand over to another person."), field="incoming")
    if not RoleAssignment.objects.filter(user=incoming, store=store, role__in=STORE_ROLES,
                                         is_active=True).exists():
        raise DomainError(_("That person does not work in this store."), field="incoming")
    if (invoice_first is None) != (invoice_last is None):
        raise DomainError(_("Give both the first and the last invoice number, or neither."),
                          field="invoice_last")
    if invoice_first is not None and invoice_last < invoice_first:
        raise DomainError(_("The last invoice number %(last)s comes before the first %(first)s.")
                          % {"last": invoice_last, "first": invoice_first}, field="invoice_last")
    if (sim_cards or 0) < 0 or (value_cards or 0) < 0:
        raise DomainError(_("Counts cannot be negative."))
    if not (open_items.strip() or invoice_first is not None or sim_cards or value_cards):
        raise DomainError(_("Note at least one open item, invoices or cards to hand over."))
    handover = Handover.objects.create(
        store=store, business_date=business_date(store=store), outgoing=outgoing,
        incoming=incoming, open_items=open_items.strip(), invoice_first=invoice_first,
        invoice_last=invoice_last, sim_cards=sim_cards or 0, value_cards=value_cards or 0,
    )
    audit_record(actor=outgoing, store=store, action="handover.created", obj=handover,
                 after=snapshot(handover))
    notification_send(
        recipients=[incoming], store=store,
        message=gettext_noop("%(name)s handed over to you; please check and acknowledge."),
        params={"name": display_name(outgoing)},
        url=link("handover.incoming"),
    )
    return handover


@transaction.atomic
def handover_acknowledge(*, user, handover: Handover, note: str = "") -> Handover:
    if handover.incoming_id != user.pk:
        raise DomainError(_("Only the incoming person acknowledges a handover."))
    updated = Handover.objects.filter(pk=handover.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledgement_note=note.strip()[:200])
    if not updated:
        raise DomainError(_("This handover is already acknowledged."))
    handover.refresh_from_db()
    audit_record(actor=user, store=handover.store, action="handover.acknowledged", obj=handover,
                 after=snapshot(handover))
    return handover
