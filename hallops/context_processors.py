from django.conf import settings

from hallops.models import Notification
from hallops.permissions import ROLE_NAMESPACE
from hallops.registry import nav_menu


def shell(request):
    """What the page shell needs: acting role and store, menu, unread notifications."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "acting"):
        return {"LANGUAGES": settings.LANGUAGES}
    acting = request.acting
    return {
        "acting": acting,
        "role_home": f"{ROLE_NAMESPACE[acting.role]}:home" if acting.role else "home",
        "nav_menu": nav_menu(acting.role),
        "unread_count": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    }
