"""Checklist runs: start the day's run of a procedure and tick its items off."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import (
    ChecklistItem,
    ChecklistKind,
    ChecklistRun,
    ChecklistTick,
    TickStatus,
)
from hallops.people import display_name
from hallops.selectors.checklists import template_for
from hallops.services.audit import audit_record, snapshot
from hallops.services.checklist_readings import reading_check


def checklist_run_for_day(*, actor, store, kind: "str | ChecklistKind",
                          day: datetime.date | None = None):
    """The store's run of a recurring checklist (daily, weekly, monthly) for the business day,
    created on first use; refused on a day the kind does not fall on."""
    if isinstance(kind, ChecklistKind):
        found: ChecklistKind | None = kind
    else:
        found = ChecklistKind.objects.filter(code=kind).first()
    if found is None:
        raise DomainError(_("This checklist does not exist."))
    kind = found
    if kind.is_playbook:
        raise DomainError(_("This procedure is run from an incident, not on a day."))
    day = day or business_date(store=store)
    run = ChecklistRun.objects.filter(
        store=store, kind=kind, business_date=day, incident__isnull=True
    ).first()
    if run is not None:
        return run
    if not kind.occurs_on(day):
        raise DomainError(_("%(kind)s is not due on %(day)s.")
                          % {"kind": kind.label, "day": day.isoformat()})
    template = template_for(store, kind.code)
    if template is None:
        raise DomainError(
            _("No checklist is configured for %(kind)s; ask the administrator.")
            % {"kind": kind.label}
        )
    try:
        with transaction.atomic():
            run = ChecklistRun.objects.create(
                store=store, template=template, kind=kind, business_date=day, created_by=actor
            )
    except IntegrityError:
        # Someone else opened today's run at the same moment: use theirs.
        return ChecklistRun.objects.get(
            store=store, kind=kind, business_date=day, incident__isnull=True
        )
    audit_record(actor=actor, store=store, action="checklist.run_started", obj=run,
                 after=snapshot(run))
    return run


@transaction.atomic
def checklist_item_tick(
    *,
    actor,
    run: ChecklistRun,
    item: ChecklistItem,
    status: str,
    note: str = "",
    reading: str = "",
    open_fault: bool = False,
    equipment=None,
    now=None,
) -> ChecklistTick:
    """Tick one item: done / not applicable / problem, with the time and the person.

    A problem needs a note; on an inspection it may open an equipment fault in the same step.
    The first tick wins; a second one (another tablet) is refused with who ticked it.
    """
    from hallops.services.equipment import fault_open

    now = now or timezone.now()
    note, reading = note.strip(), reading.strip()
    if item.template_id != run.template_id:
        raise DomainError(_("That item is not part of this checklist."))
    if status not in TickStatus.values:
        raise DomainError(_("Choose done, not applicable or problem."), field="status")
    if status == TickStatus.PROBLEM and not note:
        raise DomainError(_("Describe the problem in the note."), field="note")
    if status == TickStatus.DONE and item.requires_note and not note:
        raise DomainError(_("This item needs a note."), field="note")
    if status == TickStatus.DONE and item.requires_reading and not reading:
        raise DomainError(
            _("This item needs a reading: %(label)s.") % {"label": item.reading_label or "—"},
            field="reading",
        )
    reading = reading_check(item=item, reading=reading, status=status, store=run.store)
    if open_fault and status != TickStatus.PROBLEM:
        raise DomainError(_("A fault can only be opened for a problem."), field="open_fault")
    if open_fault and not run.kind.opens_faults:
        raise DomainError(_("A fault can only be opened from an inspection."), field="open_fault")
    if equipment is not None and equipment.store_id != run.store_id:
        raise DomainError(_("That equipment belongs to another store."), field="equipment")
    existing = ChecklistTick.objects.filter(run=run, item=item).select_related("by").first()
    if existing is not None:
        raise _already_ticked(existing)
    incident = run.incident
    if incident is None:
        due = item.due_at(run.business_date, run.store)
        late = bool(due and now > due + datetime.timedelta(minutes=item.grace_minutes))
    else:  # a playbook step: due at its offset from the incident's start, no grace
        due = None if item.repeat_minutes else item.incident_due(incident.started_at, now)
        late = bool(due and now > due)
    try:
        with transaction.atomic():
            tick = ChecklistTick.objects.create(
                run=run, item=item, status=status, at=now, by=actor, note=note,
                reading=reading, is_late=late,
            )
    except IntegrityError:
        existing = ChecklistTick.objects.filter(run=run, item=item).select_related("by").first()
        raise _already_ticked(existing)
    if open_fault:
        fault = fault_open(
            actor=actor, store=run.store, equipment=equipment,
            description=note[:500], occurred_at=now,  # the problem seen; the tick links the item
        )
        tick.fault = fault
        tick.save(update_fields=["fault"])
    audit_record(actor=actor, store=run.store, action="checklist.item_ticked", obj=tick,
                 after=snapshot(tick))
    return tick


def _already_ticked(existing) -> DomainError:
    if existing is None:
        return DomainError(_("This item was just ticked by someone else."))
    return DomainError(
        _("%(name)s already ticked this item at %(time)s.")
        % {
            "name": display_name(existing.by),
            "time": timezone.localtime(existing.at).strftime("%H:%M"),
        },
        code="already_ticked",
    )
