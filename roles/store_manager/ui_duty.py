"""The store manager's view of the duty managers' day: review queue, faults, opinions."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallops.models import DutyLogStatus
from hallops.permissions import Role
from hallops.registry import register_link, register_nav, register_panel
from hallops.selectors.dutylog import review_queue
from hallops.selectors.equipment import open_faults
from hallops.selectors.opinions import overdue_opinions

SM = (Role.STORE_MANAGER,)

register_nav(roles=SM, label=_("Duty log review"), url_name="store_manager:dutylog_queue",
             order=30, group="duty")
register_nav(roles=SM, label=_("Follow-ups"), url_name="store_manager:followups", order=35, group="duty")


@register_panel(roles=SM, template="store_manager/panels/duty_review.html", order=15)
def duty_review_panel(request):
    store = request.acting.store
    now = timezone.now()
    rows = review_queue(store, now)
    return {
        "review_waiting": sum(1 for r in rows if r.log.status == DutyLogStatus.SUBMITTED),
        "review_flagged": [r for r in rows if r.late_submission or r.review_overdue][:10],
        "sm_faults": list(open_faults(store)[:10]),
        "sm_overdue": list(overdue_opinions(store, now)[:10]),
    }

# Pages the services link to in their notifications to the store manager.
register_link("duty_log.review", "store_manager:dutylog")
