"""The duty log's sections for data this portal already has.

Each feature registers its own section; cash and complaints add theirs the same way, and the
log page renders whatever is registered.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attachments.selectors import day_problem_photos, with_attachments
from hallops.registry import register_duty_log_section
from hallops.selectors.attendance import floor_status
from hallops.selectors.checklists import day_summaries
from hallops.selectors.equipment import open_faults
from hallops.selectors.incidents import day_incidents, missed_steps
from hallops.selectors.opinions import day_opinions


@register_duty_log_section(key="attendance", title=_("Staff on duty"),
                           template="hallops/dutylog/section_attendance.html", order=10)
def attendance_section(store, day, shift_type):
    rows = floor_status(store, day, timezone.now())
    counts = {s: sum(1 for r in rows if r.status == s)
              for s in ("in", "late", "absent", "out", "expected", "on_leave")}
    return {"rows": rows, "counts": counts}


@register_duty_log_section(key="checklists", title=_("Checklists and inspections"),
                           template="hallops/dutylog/section_checklists.html", order=20)
def checklist_section(store, day, shift_type):
    return {"summaries": day_summaries(store, day),
            "problem_photos": day_problem_photos(store, day)}


@register_duty_log_section(key="faults", title=_("Open equipment faults"),
                           template="hallops/dutylog/section_faults.html", order=30)
def faults_section(store, day, shift_type):
    return {"faults": with_attachments(open_faults(store))}


@register_duty_log_section(key="incidents", title=_("Incidents"),
                           template="hallops/dutylog/section_incidents.html", order=40)
def incidents_section(store, day, shift_type):
    incidents = with_attachments(day_incidents(store, day))
    missed = missed_steps(incidents) if incidents else {}
    for incident in incidents:
        incident.missed_steps = missed.get(incident.pk, [])
    return {"incidents": incidents}


@register_duty_log_section(key="opinions", title=_("Customer opinions and suggestions"),
                           template="hallops/dutylog/section_opinions.html", order=50)
def opinions_section(store, day, shift_type):
    return {"opinions": with_attachments(day_opinions(store, day))}
