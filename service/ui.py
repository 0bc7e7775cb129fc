"""Menus, home-page panels, links and the monthly provider of the service feature."""

from django.utils.translation import gettext_lazy as _

from hallops.permissions import Role
from hallops.registry import register_link, register_nav, register_panel, register_provider

from . import selectors
from .models import ServiceCheck, Violation

SM, DM, CLERK, CH, SUP = (Role.STORE_MANAGER, Role.DUTY_MANAGER, Role.CLERK,
                          Role.COMPLAINT_HANDLER, Role.SUPERVISOR)

# The monthly assessment reads per person: checks, their score, mystery-shopper visits, their
# score, violations (open ones) and points lost in a month.
register_provider("service_person_month", selectors.person_month)
# The assessment's service-check item: the month's average check score per person (out of 100).
register_provider("service_check_scores", selectors.check_scores)

# Notifications of a check point to the check page (the clerk's and the checker's are the same).
register_link("service_check.own", "service:check")
register_link("service_check.manager", "service:check")

register_nav(roles=(CLERK,), label=_("Service norms"), url_name="service:handbook", order=60,
             group="duty")
register_nav(roles=(CLERK,), label=_("My service checks"), url_name="service:checks", order=65,
             group="staff")
register_nav(roles=(DM, SM), label=_("Service checks"), url_name="service:checks", order=70,
             group="duty")
register_nav(roles=(SM,), label=_("Mystery shoppers"), url_name="service:mystery", order=72,
             group="duty")
register_nav(roles=(DM, SM), label=_("Service violations"), url_name="service:violations",
             order=74, group="duty")
register_nav(roles=(SM,), label=_("Service figures by month"), url_name="service:monthly",
             order=76, group="duty")
register_nav(roles=(DM, SM), label=_("Service norms"), url_name="service:handbook", order=78,
             group="duty")
register_nav(roles=(CH,), label=_("Service norms"), url_name="service:handbook", order=65,
             group="complaints")
register_nav(roles=(SUP,), label=_("Service violations"), url_name="service:violations",
             order=40)
register_nav(roles=(SUP,), label=_("Service figures by month"), url_name="service:monthly",
             order=42)


@register_panel(roles=(CLERK,), template="service/panels/clerk.html", order=8)
def clerk_panel(request):
    store = request.acting.store
    pending = list(selectors.pending_checks(store, request.user)[:5])
    latest = (ServiceCheck.objects.filter(store=store, staff=request.user)
              .order_by("-checked_at").first() if not pending else None)
    return {"pending_checks": pending, "latest_check": latest}


@register_panel(roles=(DM, SM), template="service/panels/manager.html", order=60)
def manager_panel(request):
    store = request.acting.store
    open_count = Violation.objects.filter(store=store).exclude(
        state=Violation.State.CLOSED).count()
    unacknowledged = ServiceCheck.objects.filter(store=store,
                                                 acknowledged_at__isnull=True).count()
    return {"open_violations": open_count, "unacknowledged_checks": unacknowledged}
