"""Store scopes that fail closed (django-scopes, as pretix uses it).

Every model that belongs to a store declares its default manager with `store_scoped()`:

    objects = store_scoped()                          # the model has a `store` foreign key
    objects = store_scoped("till__store")             # the store is one hop away
    objects = store_scoped(queryset=LockableQuerySet) # keep a custom queryset
    objects = store_scoped(manager=TillRowManager)    # … or a custom manager class
    objects = store_or_region_scoped()                # a store's or a whole region's row

A query through such a manager raises `ScopeError` unless a scope is active (django-scopes
leaves exists(), contains(), in_bulk(), explain() and bulk_update() open; they refuse here
too). create() and bulk_create() need no scope.

Who enters a scope:

- the request path enters the acting store's scope (a regional supervisor: the stores of the
  region) in `hallops.middleware.StoreScopeMiddleware`; /admin/ works unscoped;
- Celery tasks, management commands, seeds and the report engine enter one explicitly:
  `store_scope(store)`, `region_scope(region)`, or — for a job that is meant to cross stores,
  such as the SLA sweep — `all_stores("reason")`, whose reason names the cross-store use and is
  listed in docs/ARCHITECTURE.md ("Cross-store scopes").

Forward foreign keys (`till.store`) go through the base manager and are never scoped; reverse
relations (`store.tills`) are, like the default manager they are built from.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager, get_scope, scope, scopes_disabled
from django_scopes.exceptions import ScopeError
from django_scopes.manager import DisabledQuerySet

__all__ = [
    "ScopeError",
    "all_stores",
    "active_store_ids",
    "region_scope",
    "scopes_disabled",
    "store_scope",
    "store_or_region_scoped",
    "store_scoped",
]

# The reasons `all_stores` has been entered with, in the order first seen (docs test reads it).
CROSS_STORE_REASONS: set[str] = set()


class _RefusingQuerySet(DisabledQuerySet):
    """django-scopes' refusing queryset, closing the doors it leaves open: exists(),
    contains(), in_bulk(), explain() and bulk_update() would otherwise query every store."""

    exists = DisabledQuerySet.error
    contains = DisabledQuerySet.error
    in_bulk = DisabledQuerySet.error
    explain = DisabledQuerySet.error
    bulk_update = DisabledQuerySet.error


def _refusing(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    if type(queryset) is DisabledQuerySet:
        queryset.__class__ = _RefusingQuerySet
    return queryset


def store_scoped(path: str = "store", manager: type[models.Manager] = models.Manager,
                 queryset: type[models.QuerySet] | None = None) -> Any:
    """A default manager that filters on the active store scope and refuses to run without one.

    `path` is the lookup from the model to its store (`store`, `till__store`…); `manager` is the
    model's own manager class, or `queryset` its own QuerySet class (LockableQuerySet…)."""
    if queryset is not None:
        manager = models.Manager.from_queryset(queryset)
    base: Any = type(ScopedManager(_manager_class=manager, store=path))

    class StoreScopedManager(base):
        def get_queryset(self):
            return _refusing(super().get_queryset())

    StoreScopedManager.__name__ = StoreScopedManager.__qualname__ = f"StoreScoped{manager.__name__}"
    StoreScopedManager.scope_path = path  # read by the scope tests
    return StoreScopedManager()


def store_or_region_scoped(store_path: str = "store", region_path: str = "region") -> Any:
    """A default manager for rows that belong to a store or to a whole region (regional
    workbooks). A store scope sees its store's rows; a region scope also sees the region's own
    rows; `all_stores` sees every row; no scope refuses, like `store_scoped`."""

    class StoreOrRegionScopedManager(models.Manager):
        scope_path = store_path

        def get_queryset(self):
            current = get_scope()
            if not current.get("_enabled", True):
                return super().get_queryset()
            if "store" not in current:
                return _refusing(DisabledQuerySet(self.model, using=self._db,
                                                  missing_scopes={"store"}))
            stores = current["store"]
            if stores is None:
                return super().get_queryset()
            stores = list(stores) if isinstance(stores, (list, tuple)) else [stores]
            regions = current.get("regions") or []
            return super().get_queryset().filter(
                Q(**{f"{store_path}__in": stores}) | Q(**{f"{region_path}__in": regions}))

    return StoreOrRegionScopedManager()


def _store_id(store: Any) -> int:
    return store if isinstance(store, int) else store.pk


@contextmanager
def store_scope(store: Any) -> Iterator[None]:
    """Queries see one store (a Store or its id)."""
    with scope(store=_store_id(store), regions=[]):
        yield


@contextmanager
def stores_scope(stores: Any) -> Iterator[None]:
    """Queries see these stores (Stores or ids); an empty list sees nothing."""
    with scope(store=[_store_id(s) for s in stores], regions=[]):
        yield


@contextmanager
def region_scope(region: Any, *, store_ids: list[int] | None = None) -> Iterator[None]:
    """Queries see the stores of one region (a Region or its id), active or not (`store_ids`:
    their ids when the caller has read them already)."""
    from hallops.models import Store

    region_id = region if isinstance(region, int) else region.pk
    ids = store_ids if store_ids is not None else list(
        Store.objects.filter(region_id=region_id).values_list("pk", flat=True))
    with scope(store=ids, regions=[region_id]):
        yield


@contextmanager
def owner_scope(model: type[models.Model], pk: int) -> Iterator[None]:
    """The scope of a row owned by a store or a region (`store_id` / `region_id`): a worker
    running a report or an export enters its owner's. The owner is read through the base
    manager, since the scope is what it decides; a row that is gone sees nothing."""
    owner = model._base_manager.filter(pk=pk).values("store_id", "region_id").first()
    if owner is None:
        entered = stores_scope([])
    elif owner["store_id"] is not None:
        entered = store_scope(owner["store_id"])
    else:
        entered = region_scope(owner["region_id"])
    with entered:
        yield


@contextmanager
def all_stores(reason: str) -> Iterator[None]:
    """An explicit, named scope over every store, for operator-wide work (the SLA sweep, the
    seeds, backups). `reason` is a short identifier listed in docs/ARCHITECTURE.md."""
    if not reason or not reason.strip():
        raise ValueError("all_stores needs the reason this work crosses stores")
    CROSS_STORE_REASONS.add(reason)
    with scope(store=None, regions=None):
        yield


def active_store_ids() -> list[int] | None:
    """The store ids the active scope admits; None when it admits every store (or is disabled).

    Raises ScopeError when no scope is active."""
    current = get_scope()
    if not current.get("_enabled", True):
        return None
    if "store" not in current:
        raise ScopeError("A store scope needs to be active here.")
    value = current["store"]
    if value is None:
        return None
    return list(value) if isinstance(value, (list, tuple)) else [value]
