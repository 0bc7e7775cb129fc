"""The clerk's business day on the home page: today's meeting, the tally, today's report."""

from django.utils.translation import gettext_lazy as _

from hallops.businessdate import business_date
from hallops.models import ClerkDailyReport, Handover, TallyCount
from hallops.permissions import Role
from hallops.registry import register_link, register_nav, register_panel
from hallops.selectors.business import tally_for
from hallops.selectors.meetings import meeting_for_person

CLERK = (Role.CLERK,)
register_nav(roles=CLERK, label=_("Daily reports"), url_name="clerk:reports", order=20,
             group="business")
register_nav(roles=CLERK, label=_("Service records"), url_name="clerk:service_records", order=30,
             group="business")
register_nav(roles=CLERK, label=_("Handovers"), url_name="clerk:handovers", order=40,
             group="duty")
register_nav(roles=CLERK, label=_("My targets"), url_name="clerk:progress", order=50,
             group="business")


@register_panel(roles=CLERK, template="clerk/panels/meeting.html", order=5)
def meeting_panel(request):
    store = request.acting.store
    day = business_date(store=store)
    today_meeting = meeting_for_person(store, request.user, day)
    if today_meeting and today_meeting["my_targets"]:
        # How far the tally has come towards each of today's targets.
        done = dict(TallyCount.objects.filter(clerk=request.user, business_date=day,
                                              product_line__isnull=False)
                    .values_list("product_line_id", "count"))
        for target in today_meeting["my_targets"]:
            target.done = done.get(target.product_line_id, 0)
    return {"meeting_day": day, "today_meeting": today_meeting}


@register_panel(roles=CLERK, template="clerk/panels/tally.html", order=15)
def tally_panel(request):
    store = request.acting.store
    day = business_date(store=store)
    types, lines = tally_for(request.user, day)
    report = ClerkDailyReport.objects.filter(clerk=request.user, business_date=day).first()
    return {"tally_types": types, "tally_lines": lines, "tally_day": day, "today_report": report,
            "tally_locked": report is not None and not report.is_editable_by_clerk}


@register_panel(roles=CLERK, template="clerk/panels/handovers.html", order=25)
def handover_panel(request):
    pending = list(Handover.objects.filter(store=request.acting.store, incoming=request.user,
                                           acknowledged_at__isnull=True)
                   .select_related("outgoing")[:5])
    return {"pending_handovers": pending} if pending else None

# Pages the services link to in their notifications to a clerk.
register_link("handover.incoming", "clerk:handovers")
register_link("clerk_report.own", "clerk:report")
register_link("meeting.read", "clerk:home")
