from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hallops.permissions import Role, role_required
from hallops.registry import panels_for


@role_required(Role.SUPERVISOR)
@require_GET
def home(request):
    """The region's stores with today's roster and attendance at a glance."""
    today = timezone.localdate()
    stores = request.acting.stores.annotate(
        rostered=Count("roster_entries", filter=Q(roster_entries__date=today), distinct=True),
        clocked_in=Count("attendance", filter=Q(attendance__business_date=today), distinct=True),
    ).order_by("code")
    return render(
        request,
        "supervisor/home.html",
        {"stores": stores, "today": today, "panels": panels_for(request)},
    )
