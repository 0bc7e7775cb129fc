"""Reads of incidents (emergencies)."""

from hallops.models import Incident


def store_incidents(store):
    return Incident.objects.filter(store=store).select_related("started_by").order_by("-started_at")


def day_incidents(store, day):
    return Incident.objects.filter(store=store, business_date=day).order_by("started_at")


def missed_steps(incidents) -> dict[int, list]:
    """Playbook steps past their deadline and not done, per incident id (for the duty log)."""
    from hallops.models import ChecklistRun
    from hallops.selectors.checklists import run_rows

    runs = (ChecklistRun.objects.filter(incident__in=[i.pk for i in incidents])
            .select_related("template", "store", "incident")
            .prefetch_related("ticks", "template__items"))
    missed: dict[int, list] = {}
    for run in runs:
        rows = [r for r in run_rows(run) if r.state in ("overdue", "missed")]
        if rows and run.incident_id is not None:
            missed[run.incident_id] = rows
    return missed
