"""What the people services share: who works where, and telling people."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from hallops.exceptions import DomainError
from hallops.models import RoleAssignment
from hallops.people import display_name
from hallops.permissions import STORE_ROLES, Role
from hallops.registry import link
from hallops.services.notifications import notification_send, role_holders


def works_here(store, user) -> bool:
    return RoleAssignment.objects.filter(
        user=user, store=store, role__in=STORE_ROLES, is_active=True
    ).exists()


def require_works_here(store, user, field: str = "user") -> None:
    if not works_here(store, user):
        raise DomainError(
            _("%(name)s does not work in this store.") % {"name": display_name(user)}, field=field
        )


def holds_role(store, user, roles) -> bool:
    return RoleAssignment.objects.filter(
        user=user, store=store, role__in=roles, is_active=True
    ).exists()


def require_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Please give a reason."), field=field)
    return reason


def tell(users, *, store, message: str, params: dict, page: str = "", args=()) -> None:
    """Notify `users` (message: a gettext_noop id) with a link to a registered page."""
    url = ""
    if page:
        try:
            url = link(page, *args)
        except KeyError:
            url = ""
    notification_send(recipients=list(users), message=message, params=params, url=url,
                      store=store)


def managers(store, *roles):
    roles = roles or (Role.STORE_MANAGER,)
    people = {}
    for role in roles:
        for user in role_holders(store=store, role=role):
            people[user.pk] = user
    return list(people.values())


def store_people(store):
    return get_user_model().objects.filter(
        role_assignments__store=store, role_assignments__role__in=STORE_ROLES,
        role_assignments__is_active=True, is_active=True,
    ).distinct()
