"""Who may receive a store's funds besides its manager."""

from hallops.models import RoleAssignment
from hallops.permissions import Role


def fund_receivers(store):
    """The store's active fund-receiver assignments (资金接收员), with their people."""
    return (
        RoleAssignment.objects.filter(store=store, role=Role.FUND_RECEIVER, is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
