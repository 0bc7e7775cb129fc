from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hallops.permissions import Role, role_required
from hallops.registry import panels_for
from hallops.selectors.region import stores_today


@role_required(Role.SUPERVISOR)
@require_GET
def home(request):
    """The region's stores with today's roster and attendance at a glance."""
    today = timezone.localdate()
    stores = stores_today(request.acting.stores, today)
    return render(
        request,
        "supervisor/home.html",
        {"stores": stores, "today": today, "panels": panels_for(request)},
    )
