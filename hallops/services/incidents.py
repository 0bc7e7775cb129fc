"""Emergencies: start an incident, follow its playbook, end it, write the report."""


from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hallops.businessdate import business_date
from hallops.events import emit
from hallops.exceptions import DomainError
from hallops.models import (
    ChecklistRun,
    EventCode,
    Incident,
    IncidentKind,
    KindCode,
    Notification,
)
from hallops.periods import FUTURE_TOLERANCE
from hallops.permissions import Role
from hallops.registry import link
from hallops.selectors.checklists import template_for
from hallops.services.audit import audit_record, snapshot
from hallops.services.notifications import notification_send_to_role

PLAYBOOK_FOR: dict[str, str] = {
    IncidentKind.POWER_OUTAGE: KindCode.POWER_OUTAGE,
    IncidentKind.SYSTEM_FAILURE: KindCode.SYSTEM_FAILURE,
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
            store=store, template=template, kind_id=playbook, business_date=incident.business_date,
            incident=incident, created_by=actor,
        )
    audit_record(actor=actor, store=store, action="incident.started", obj=incident,
                 after=snapshot(incident))
    emit(EventCode.INCIDENT_STARTED, store=store, key=str(incident.pk),
         params={"store": store.name, "summary": incident.summary[:80],
                 "started": _local(incident.started_at)},
         url=link("incident.own", incident.pk))
    return incident


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


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
    emit(EventCode.INCIDENT_ENDED, store=incident.store, key=str(incident.pk),
         params={"store": incident.store.name, "summary": incident.summary[:80],
                 "ended": _local(ended_at)},
         url=link("incident.own", incident.pk))
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


REPORT_DUE_SOON = gettext_noop(
    "The post-incident report on %(incident)s (started %(started)s) is due by %(due)s."
)
REPORT_LATE = gettext_noop(
    "The post-incident report on %(incident)s (started %(started)s) is late: it was due by "
    "%(due)s."
)


def incident_report_reminders(*, now=None) -> dict[str, int]:
    """Remind the duty and store managers of a post-incident report due within a day, and
    tell them once it is late: each once per incident, claimed with a conditional update
    (two sweeps at once notify once). Runs in the caller's scope."""
    now = now or timezone.now()
    counts = {"report_reminded": 0, "report_late": 0}
    pending = Incident.objects.filter(reported_at__isnull=True).select_related("store")
    remind = pending.filter(report_reminded_at__isnull=True,
                            started_at__lte=now - Incident.REPORT_WITHIN
                            + Incident.REPORT_REMIND_BEFORE)
    late = pending.filter(report_late_notified_at__isnull=True,
                          started_at__lt=now - Incident.REPORT_WITHIN)
    for key, queryset, field, message, level in (
        ("report_late", late, "report_late_notified_at", REPORT_LATE,
         Notification.Level.DANGER),
        ("report_reminded", remind, "report_reminded_at", REPORT_DUE_SOON,
         Notification.Level.WARNING),
    ):
        for incident in queryset.order_by("started_at"):
            with transaction.atomic():
                claimed = Incident.objects.filter(
                    pk=incident.pk, reported_at__isnull=True, **{f"{field}__isnull": True}
                ).update(**{field: now})
                if field == "report_late_notified_at":
                    # A late report needs no "due soon" reminder afterwards.
                    Incident.objects.filter(pk=incident.pk, report_reminded_at__isnull=True
                                            ).update(report_reminded_at=now)
                if not claimed:
                    continue
                params = {
                    "incident": incident.summary[:60],
                    "started": timezone.localtime(incident.started_at).strftime("%Y-%m-%d %H:%M"),
                    "due": timezone.localtime(incident.report_due).strftime("%Y-%m-%d %H:%M"),
                }
                for role in (Role.DUTY_MANAGER, Role.STORE_MANAGER):
                    notification_send_to_role(
                        store=incident.store, role=role, message=message, params=params,
                        url=link("incident.own", incident.pk), level=level,
                    )
            counts[key] += 1
    return counts
