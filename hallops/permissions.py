"""The one gate: roles, the acting (user, store, role), and the view decorator/mixin.

Every role view goes through `role_required` (or `RoleRequiredMixin`). Objects are fetched
with `get_for_store_or_404`, so another store's object answers 404 and the wrong role 403;
an anonymous user is sent to the login page.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.template.response import SimpleTemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from hallops.models import Region, RoleAssignment, Store

SESSION_STORE = "acting_store_id"
SESSION_ROLE = "acting_role"
SESSION_REGION = "acting_region_id"


class Role(models.TextChoices):
    STORE_MANAGER = "store_manager", _("Store manager")
    DUTY_MANAGER = "duty_manager", _("Duty manager")
    CLERK = "clerk", _("Service clerk")
    COMPLAINT_HANDLER = "complaint_handler", _("Complaint handler")
    SUPERVISOR = "supervisor", _("Regional supervisor")
    # Delegated by the store manager to answer for confirmed takings and record the bank's
    # collection (DOMAIN.md §3).
    FUND_RECEIVER = "fund_receiver", _("Fund receiver")


# Roles that work inside one store (everything but the read-only regional supervisor).
STORE_ROLES = (Role.STORE_MANAGER, Role.DUTY_MANAGER, Role.CLERK, Role.COMPLAINT_HANDLER,
               Role.FUND_RECEIVER)
# The URL namespace of each role's front-end.
ROLE_NAMESPACE = {
    Role.STORE_MANAGER: "store_manager",
    Role.DUTY_MANAGER: "duty_manager",
    Role.CLERK: "clerk",
    Role.COMPLAINT_HANDLER: "complaint_handler",
    Role.SUPERVISOR: "supervisor",
    Role.FUND_RECEIVER: "fund_receiver",
}


@dataclass
class Acting:
    """Who is acting, in which store (or region), as which role, for this request."""

    user: object
    assignments: list[RoleAssignment] = field(default_factory=list)
    store: Store | None = None
    region: Region | None = None
    role: str | None = None

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else ""

    @cached_property
    def stores(self):
        """The stores this request may read: the acting store, or a supervisor's region."""
        from hallops.models import Store

        if self.role == Role.SUPERVISOR and self.region is not None:
            return Store.objects.filter(region=self.region, is_active=True)
        if self.store is not None:
            return Store.objects.filter(pk=self.store.pk)
        return Store.objects.none()

    @cached_property
    def region_store_ids(self) -> list[int]:
        """The ids of every store of the acting region, active or not (its scope): read once
        a request, though the middleware and the view's gate both enter the scope."""
        from hallops.models import Store

        return list(Store.objects.filter(region=self.region).values_list("pk", flat=True))

    def holds(self, role: str, store=None) -> bool:
        store = store or self.store
        return any(
            a.role == role and (role == Role.SUPERVISOR or a.store_id == getattr(store, "pk", None))
            for a in self.assignments
        )


def resolve_acting(request) -> Acting:
    """Resolve the acting (store, role) from the session, falling back to the first held."""
    from hallops.models import RoleAssignment

    user = request.user
    if not user.is_authenticated:
        return Acting(user=user)
    assignments = list(
        RoleAssignment.objects.filter(user=user, is_active=True)
        .filter(models.Q(store__isnull=True) | models.Q(store__is_active=True))
        .select_related("store", "region")
        .order_by("store_id", "role")
    )
    if not assignments:
        return Acting(user=user)
    wanted_role = request.session.get(SESSION_ROLE)
    wanted_store = request.session.get(SESSION_STORE)
    wanted_region = request.session.get(SESSION_REGION)
    chosen = next(
        (
            a
            for a in assignments
            if a.role == wanted_role
            and a.store_id == wanted_store
            and (a.region_id == wanted_region)
        ),
        assignments[0],
    )
    return Acting(
        user=user,
        assignments=assignments,
        store=chosen.store,
        region=chosen.region,
        role=chosen.role,
    )


@contextmanager
def acting_scope(acting: Acting) -> Iterator[None]:
    """Enter the store scope of the person acting: their acting store, a supervisor's region,
    nothing at all for anyone else (hallops/scoping.py)."""
    from hallops.scoping import region_scope, store_scope, stores_scope

    if acting.role == Role.SUPERVISOR and acting.region is not None:
        with region_scope(acting.region, store_ids=acting.region_store_ids):
            yield
    elif acting.role is not None and acting.store is not None:
        with store_scope(acting.store):
            yield
    else:
        with stores_scope([]):
            yield


def act_as(request, assignment: RoleAssignment) -> None:
    """Remember the chosen assignment for this session."""
    request.session[SESSION_ROLE] = assignment.role
    request.session[SESSION_STORE] = assignment.store_id
    request.session[SESSION_REGION] = assignment.region_id
    request.acting = Acting(
        user=request.user,
        assignments=request.acting.assignments,
        store=assignment.store,
        region=assignment.region,
        role=assignment.role,
    )


def _check(request, roles: tuple[str, ...]) -> None:
    acting: Acting = request.acting
    if acting.role in roles:
        return
    # A person holding an allowed role in the same store acts as it without a detour.
    for assignment in acting.assignments:
        same_scope = assignment.store_id == getattr(acting.store, "pk", None) or (
            assignment.role == Role.SUPERVISOR
        )
        if assignment.role in roles and same_scope:
            act_as(request, assignment)
            return
    raise PermissionDenied(_("Your role does not allow this page."))


def _in_acting_scope(request, call):
    """Run the view in the acting scope, and render a TemplateResponse there too: rendered
    later, its template's queries would run in the scope entered before the gate (the
    middleware's), or in none."""
    with acting_scope(request.acting):
        response = call()
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.render()
        return response


def role_required(*roles: str):
    """Decorator: anonymous → login; a role outside `roles` → 403."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            _check(request, roles)
            # _check may have switched the acting role (and with it a supervisor's scope).
            return _in_acting_scope(request, lambda: view(request, *args, **kwargs))

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]  # read by may()
        return wrapped

    return decorator


def may(request, view) -> bool:
    """Whether the acting role passes `view`'s gate: pages offer an action only to the roles
    its view lets in, read from the view's decorator instead of repeating its role list."""
    return request.acting.role in view.allowed_roles


class RoleRequiredMixin:
    """Class-based equivalent of `role_required`; set `allowed_roles`."""

    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        _check(request, self.allowed_roles)
        return _in_acting_scope(
            request, lambda: super(RoleRequiredMixin, self).dispatch(request, *args, **kwargs))  # type: ignore[misc]  # mixed into a View


def get_for_store_or_404(queryset_or_model: type[models.Model] | models.QuerySet[Any], request, *,
                         store_field: str = "store", **lookup):
    """Fetch one object inside the acting scope; another store's object answers 404."""
    queryset: models.QuerySet[Any] = (
        queryset_or_model._default_manager.all()
        if isinstance(queryset_or_model, type)
        else queryset_or_model
    )
    acting: Acting = request.acting
    scope: dict[str, object]
    if acting.role == Role.SUPERVISOR:
        scope = {f"{store_field}__region": acting.region}
    elif acting.store is not None:
        scope = {store_field: acting.store}
    else:
        raise Http404
    try:
        return queryset.get(**scope, **lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def require_store(request):
    """The acting store, for write views (a supervisor never writes)."""
    store = request.acting.store
    if store is None or request.acting.role == Role.SUPERVISOR:
        raise PermissionDenied(_("Choose a store to act in first."))
    return store


def store_filter(request) -> tuple[list, Any]:
    """(the stores this request reads, in code order; the one `?store=<id>` names among them,
    or None): a supervisor's lists narrow to one store of the region with it. An id outside
    the acting stores is ignored (the list shows them all), never another store's rows.
    Also kept on the request for `_partials/store_filter.html`."""
    stores = list(request.acting.stores.order_by("code"))
    wanted = str(request.GET.get("store", ""))
    chosen = next((s for s in stores if str(s.pk) == wanted), None)
    request.store_filter = (stores, chosen)
    return stores, chosen
