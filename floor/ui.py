"""Menu entries and the duty-log section of the floor (客户分流, 台席秩序)."""

from django.utils.translation import gettext_lazy as _

from hallops.businessdate import business_date
from hallops.permissions import Role
from hallops.registry import register_duty_log_section, register_nav, register_panel

from . import selectors

DM, SM, CLERK = Role.DUTY_MANAGER, Role.STORE_MANAGER, Role.CLERK

register_nav(roles=(DM,), label=_("Floor board"), url_name="floor:board", order=5, group="duty")
register_nav(roles=(DM,), label=_("Desk-ready checks"), url_name="floor:desk_ready_day", order=70,
             group="duty")
register_nav(roles=(SM,), label=_("Desk-ready checks"), url_name="floor:desk_ready_day", order=70,
             group="duty")
register_nav(roles=(SM,), label=_("Queue thresholds"), url_name="floor:thresholds", order=75,
             group="duty")
register_nav(roles=(CLERK,), label=_("Desk-ready check"), url_name="floor:desk_ready", order=5,
             group="duty")


@register_duty_log_section(key="floor", title=_("Queues and diversion"),
                           template="floor/dutylog_section.html", order=45)
def floor_section(store, day, shift_type):
    return {"floor_actions": list(selectors.day_actions(store, day)),
            "floor_peak": selectors.day_peak(store, day)}


@register_panel(roles=(DM,), template="floor/panels/duty.html", order=30)
def floor_duty_panel(request):
    """The queues now and the clerks who have not done their desk-ready check."""
    store = request.acting.store
    day = business_date(store=store)
    done = selectors.desk_ready_done_ids(store, day)
    return {
        "floor_rows": selectors.board(store, day),
        "floor_not_ready": [u for u in selectors.clerks_on_roster(store, day) if u.pk not in done],
    }


@register_panel(roles=(CLERK,), template="floor/panels/clerk.html", order=3)
def floor_clerk_panel(request):
    store = request.acting.store
    return {"desk_ready": selectors.own_desk_ready(store, request.user, business_date(store=store))}
