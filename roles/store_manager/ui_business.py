"""The store manager's business-day panel: clerk reports waiting for the duty manager and
store days waiting for the store manager's confirmation."""

import datetime

from django.db.models import Count, Q

from hallops.businessdate import business_date
from hallops.models import ClerkDailyReport, StoreDay
from hallops.permissions import Role
from hallops.registry import register_panel

# How far back the panel looks for unconfirmed store days.
LOOKBACK_DAYS = 14


@register_panel(roles=(Role.STORE_MANAGER,), template="store_manager/panels/business.html",
                order=20)
def store_days_panel(request):
    store = request.acting.store
    today = business_date(store=store)
    since = today - datetime.timedelta(days=LOOKBACK_DAYS)
    confirmed_days = set(StoreDay.objects.filter(store=store, business_date__gte=since)
                         .values_list("business_date", flat=True))
    days = []
    for row in (ClerkDailyReport.objects.filter(store=store, business_date__gte=since,
                                                business_date__lt=today)
                .values("business_date")
                .annotate(total=Count("id"),
                          confirmed=Count("id", filter=Q(status=ClerkDailyReport.Status.CONFIRMED)))
                .order_by("business_date")):
        if row["business_date"] not in confirmed_days:
            days.append({"day": row["business_date"], "total": row["total"],
                         "ready": row["total"] == row["confirmed"]})
    submitted = ClerkDailyReport.objects.filter(store=store,
                                                status=ClerkDailyReport.Status.SUBMITTED).count()
    return {"days_unconfirmed": days, "reports_submitted": submitted}
