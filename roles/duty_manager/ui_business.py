from django.utils.translation import gettext_lazy as _

from hallops.businessdate import business_date
from hallops.models import ClerkDailyReport, MeetingAttendee
from hallops.permissions import Role
from hallops.registry import register_duty_log_section, register_link, register_nav, register_panel
from hallops.selectors.daily_reports import store_day_report
from hallops.selectors.meetings import meeting_for_day

DM = (Role.DUTY_MANAGER,)
register_nav(roles=DM, label=_("Morning meeting"), url_name="duty_manager:meeting", order=10, group="business")
register_nav(roles=DM, label=_("Daily reports"), url_name="duty_manager:reports", order=20, group="business")
register_link("clerk_report.review", "duty_manager:report")


@register_panel(roles=DM, template="duty_manager/panels/business.html", order=25)
def business_panel(request):
    store = request.acting.store
    day = business_date(store=store)
    meeting = meeting_for_day(store, day)
    unread = (MeetingAttendee.objects.filter(meeting=meeting, acknowledged_at__isnull=True)
              .count() if meeting else 0)
    pending = ClerkDailyReport.objects.filter(
        store=store, status=ClerkDailyReport.Status.SUBMITTED).count()
    return {"biz_day": day, "biz_meeting": meeting, "biz_unread": unread, "biz_pending": pending}


@register_duty_log_section(key="business", title=_("Business"),
                           template="hallops/duty_log/business.html", order=80)
def duty_log_business(store, day, shift_type):
    """The day's business for the duty log: counts by type, targets against actuals, and
    how many clerk reports are still open (summed from confirmed reports only)."""
    report = store_day_report(store, day)
    statuses = dict.fromkeys(ClerkDailyReport.Status.values, 0)
    for r in report.pending:
        statuses[r.status] += 1
    statuses[ClerkDailyReport.Status.CONFIRMED] = len(report.reports)
    return {"business": report, "business_statuses": statuses}
