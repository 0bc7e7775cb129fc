"""Emergencies: start an incident, follow its playbook, end it, write the report."""


from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import ChecklistKind, ChecklistRun, Incident, IncidentKind
from hallops.periods import FUTURE_TOLERANCE
from hallops.selectors.checklists import template_for
from hallops.services.audit import audit_record, snapshot

PLAYBOOK_FOR: dict[str, str] = {
    IncidentKind.POWER_OUTAGE: ChecklistKind.POWER_OUTAGE,
    IncidentKind.SYSTEM_FAILURE: ChecklistKind.SYSTEM_FAILURE,
}
DETAIL_FIELDS = ("scope", "customers_affected", "paper_forms", "notified")


@transaction.atomic
def incident_start(*, actor, store, kind: str, summary: str, started_at=None) -> Incident:
    if kind not in IncidentKind.values:
        raise DomainError(_("Choose the kind of incident."), field="kind")
    summary = summary.strip()
    if not summary:
        raise DomainError(_("Say what happened."), field="summary")
    now = timezone.now()
    started_at = started_at or now
    if started_at > now + FUTURE_TOLERANCE:
        raise DomainError(_("An incident cannot start in the future."), field="started_at")
    incident = Incident.objects.create(
        store=store, kind=kind, summary=summary, started_at=started_at, started_by=actor,
        business_date=business_date(started_at, store=store),
    )
    playbook = PLAYBOOK_FOR.get(kind)
    template = template_for(store, playbook) if playbook else None
    if playbook and template is not None:
        ChecklistRun.objects.create(
            store=store, template=template, kind=playbook, business_date=incident.business_date,
            incident=incident, created_by=actor,
        )
    audit_record(actor=actor, store=store, action="incident.started", obj=incident,
                 after=snapshot(incident))
    return incident


def _locked(incident: Incident) -> Incident:
    return Incident.objects.select_for_update().get(pk=incident.pk)


@transaction.atomic
def incident_update(*, actor, incident: Incident, **details) -> Incident:
    """Record scope, customers affected, paper forms taken and who was notified."""
    incident = _locked(incident)
    if incident.reported_at is not None:
        raise DomainError(_("The report is written; the incident is closed."))
    before = snapshot(incident)
    for name in DETAIL_FIELDS:
        if name in details and details[name] is not None:
            value = details[name]
            setattr(incident, name, value.strip() if isinstance(value, str) else value)
    incident.save()
    audit_record(actor=actor, store=incident.store, action="incident.updated", obj=incident,
                 before=before, after=snapshot(incident))
    return incident


@transaction.atomic
def incident_end(*, actor, incident: Incident, ended_at=None) -> Incident:
    incident = _locked(incident)
    if incident.ended_at is not None:
        raise DomainError(_("This incident has already ended."))
    now = timezone.now()
    ended_at = ended_at or now
    if ended_at < incident.started_at:
        raise DomainError(_("An incident cannot end before it started."), field="ended_at")
    if ended_at > now + FUTURE_TOLERANCE:
        raise DomainError(_("An incident cannot end in the future."), field="ended_at")
    before = snapshot(incident)
    incident.ended_at = ended_at
    incident.save(update_fields=["ended_at"])
    audit_record(actor=actor, store=incident.store, action="incident.ended", obj=incident,
                 before=before, after=snapshot(incident))
    return incident


@transaction.atomic
def incident_report(*, actor, incident: Incident, report: str) -> Incident:
    incident = _locked(incident)
    if incident.ended_at is None:
        raise DomainError(_("End the incident before writing the report."))
    if not report.strip():
        raise DomainError(_("Write the report."), field="report")
    before = snapshot(incident)
    incident.report = report.strip()
    incident.reported_at = timezone.now()
    incident.save(update_fields=["report", "reported_at"])
    audit_record(actor=actor, store=incident.store, action="incident.reported", obj=incident,
                 before=before, after=snapshot(incident))
    return incident
