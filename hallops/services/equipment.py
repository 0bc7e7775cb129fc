"""Equipment register and fault reports (设备报修)."""


from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.exceptions import DomainError
from hallops.models import Equipment, EquipmentFault, FaultStatus
from hallops.periods import FUTURE_TOLERANCE
from hallops.services.audit import audit_record, snapshot


@transaction.atomic
def equipment_create(*, actor, store, name: str, kind: str, location: str = "",
                     serial: str = "") -> Equipment:
    try:
        with transaction.atomic():
            item = Equipment.objects.create(
                store=store, name=name.strip(), kind=kind, location=location.strip(),
                serial=serial.strip(),
            )
    except IntegrityError:
        raise DomainError(_("This store already has equipment with that serial number."),
                          field="serial")
    audit_record(actor=actor, store=store, action="equipment.created", obj=item,
                 after=snapshot(item))
    return item


@transaction.atomic
def fault_open(*, actor, store, description: str, equipment=None, occurred_at=None,
               reported_to: str = "", ticket_no: str = "") -> EquipmentFault:
    description = description.strip()
    if not description:
        raise DomainError(_("Say what is wrong."), field="description")
    if equipment is not None and equipment.store_id != store.pk:
        raise DomainError(_("That equipment belongs to another store."), field="equipment")
    now = timezone.now()
    occurred_at = occurred_at or now
    if occurred_at > now + FUTURE_TOLERANCE:
        raise DomainError(_("A fault cannot be noticed in the future."), field="occurred_at")
    reported = bool(reported_to.strip() or ticket_no.strip())
    fault = EquipmentFault.objects.create(
        store=store, equipment=equipment, description=description, occurred_at=occurred_at,
        reported_to=reported_to.strip(), ticket_no=ticket_no.strip(),
        status=FaultStatus.REPORTED if reported else FaultStatus.OPEN,
        reported_at=now if reported else None, created_by=actor,
    )
    audit_record(actor=actor, store=store, action="fault.opened", obj=fault,
                 after=snapshot(fault))
    return fault


@transaction.atomic
def fault_update(*, actor, fault: EquipmentFault, status: str, reported_to: str = "",
                 ticket_no: str = "") -> EquipmentFault:
    """Move a fault on: open → reported (to whom, ticket) → fixed. Fixed is final."""
    fault = EquipmentFault.objects.select_for_update().get(pk=fault.pk)
    if fault.status == FaultStatus.FIXED:
        raise DomainError(_("This fault is already fixed."))
    if status not in (FaultStatus.REPORTED, FaultStatus.FIXED):
        raise DomainError(_("Choose reported or fixed."), field="status")
    before = snapshot(fault)
    now = timezone.now()
    if reported_to.strip():
        fault.reported_to = reported_to.strip()
    if ticket_no.strip():
        fault.ticket_no = ticket_no.strip()
    if status == FaultStatus.REPORTED:
        if not fault.reported_to:
            raise DomainError(_("Say whom the fault was reported to."), field="reported_to")
        fault.reported_at = fault.reported_at or now
    else:
        fault.fixed_at = now
    fault.status = status
    fault.save()
    # Spelled out (not built from the status) so that every code has a label: see
    # hallops/audit_labels.py and its test.
    action = "fault.fixed" if status == FaultStatus.FIXED else "fault.reported"
    audit_record(actor=actor, store=fault.store, action=action, obj=fault,
                 before=before, after=snapshot(fault))
    return fault
