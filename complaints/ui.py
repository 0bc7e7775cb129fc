"""Menu entries, home-page panels and the duty-log section of the complaint desk."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallops.permissions import Role
from hallops.registry import (
    register_duty_log_section,
    register_nav,
    register_panel,
    register_provider,
    register_search_page,
)

from . import selectors, views
from .models import ComplaintRules, Source

CH, DM, SM = Role.COMPLAINT_HANDLER, Role.DUTY_MANAGER, Role.STORE_MANAGER

register_provider("complaints_against_clerks", selectors.complaints_against_clerks)

register_nav(roles=(CH,), label=_("Complaint queue"), url_name="complaint_handler:queue", order=10, group="complaints")
register_nav(roles=(CH,), label=_("Callback queue"), url_name="complaint_handler:callbacks",
             order=15, group="complaints")
register_nav(
    roles=(CH, DM), label=_("New complaint"), url_name="complaint_handler:intake", order=20, group="complaints")
register_nav(
    roles=(CH, DM, SM),
    label=_("Complaint handbook"),
    url_name="complaint_handler:handbook",
    order=60, group="complaints")
register_nav(roles=(Role.CLERK,), label=_("Complaint at the desk"), url_name="complaints:desk",
             order=30, group="complaints")
register_nav(roles=(CH, SM), label=_("Complaints settled at the desk"),
             url_name="complaints:desk_list", order=50, group="complaints")
register_nav(
    roles=(Role.SUPERVISOR,),
    label=_("Complaint KPIs"),
    url_name="supervisor:complaint_kpi",
    order=20,
)


@register_panel(roles=(CH,), template="complaints/panels/queue.html", order=5)
def handler_queue_panel(request):
    store = request.acting.store
    now = timezone.now()
    warning = dt.timedelta(minutes=ComplaintRules.current().warning_minutes)
    return {
        "counts": selectors.queue_counts(store, now=now, warning=warning),
        "nearest": list(selectors.order_queue(store, now=now)[:5]),
        "warning_minutes": int(warning.total_seconds() // 60),
    }


@register_panel(roles=(SM,), template="complaints/panels/manager.html", order=35)
def manager_panel(request):
    store = request.acting.store
    return {
        "escalation_count": selectors.open_escalations(store).count(),
        "extension_count": selectors.pending_extensions(store).count(),
        "overdue_count": selectors.overdue_orders(store).count(),
    }


@register_duty_log_section(
    key="complaints", title=_("Complaints"), template="complaints/duty_log_section.html", order=70
)
def duty_log_complaints(store, day, shift_type):
    orders = list(selectors.complaints_of_day(store, day))
    return {
        "orders": orders,
        "desk": selectors.desk_complaint_counts(store, day, day),
        "escalated": sum(1 for o in orders if o.is_difficult),
        "onsite": sum(1 for o in orders if o.source == Source.ONSITE),
    }


@register_panel(roles=(DM,), template="complaints/panels/duty.html", order=35)
def duty_manager_panel(request):
    """The floor's complaints today, for the duty manager who steps into on-site ones."""
    from hallops.businessdate import business_date

    store = request.acting.store
    today = list(selectors.complaints_of_day(store, business_date(store=store))[:50])
    return {
        "today_orders": today[:5],
        "today_count": len(today),
        "today_overdue": selectors.overdue_orders(store).count(),
    }


# The page that opens a found work order (the search page, issue 17).
register_search_page("work_order", view=views.order_detail,
                     url=lambda order: reverse("complaints:order", args=[order.pk]))
