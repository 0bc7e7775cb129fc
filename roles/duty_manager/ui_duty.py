"""Menu entries and the home panel of the duty manager's day."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallops.businessdate import business_date
from hallops.models import DutyLog, DutyLogStatus
from hallops.models.checklists import DAILY_KINDS
from hallops.permissions import Role
from hallops.registry import register_link, register_nav, register_panel
from hallops.selectors.checklists import due_checklists
from hallops.selectors.equipment import open_faults
from hallops.selectors.incidents import day_incidents
from hallops.selectors.opinions import overdue_opinions

DM = (Role.DUTY_MANAGER,)

register_nav(roles=DM, label=_("Duty log"), url_name="duty_manager:dutylogs", order=10, group="duty")
register_nav(roles=DM, label=_("Incidents"), url_name="duty_manager:incidents", order=40, group="duty")
register_nav(roles=DM, label=_("Customer opinions"), url_name="duty_manager:opinions", order=50, group="duty")
register_nav(roles=DM, label=_("Equipment faults"), url_name="duty_manager:faults", order=60, group="duty")


@register_panel(roles=DM, template="duty_manager/panels/today.html", order=5)
def duty_today_panel(request):
    store = request.acting.store
    day = business_date(store=store)
    now = timezone.now()
    # Every checklist the duty manager runs today (its three daily kinds and any weekly or
    # monthly one added in the admin) with its progress, in two queries: this panel stands
    # for the shared checklists panel of the other roles (hallops/ui.py).
    due = due_checklists(store, Role.DUTY_MANAGER, day)
    return {
        "duty_day": day,
        "duty_summaries": {c.kind.code: c for c in due if c.run_id},
        "duty_other_checklists": [c for c in due if c.kind.code not in DAILY_KINDS],
        "duty_faults": open_faults(store).count(),
        "duty_overdue": overdue_opinions(store, now).count(),
        "duty_incidents": [i for i in day_incidents(store, day) if i.is_open],
        "duty_logs": list(
            DutyLog.objects.filter(store=store, business_date=day).select_related("shift_type")
        ),
        "duty_returned": DutyLog.objects.filter(store=store, status=DutyLogStatus.RETURNED).count(),
    }

# Pages the services link to in their notifications to a duty manager.
register_link("duty_log.own", "duty_manager:dutylog")
register_link("incident.own", "duty_manager:incident")
