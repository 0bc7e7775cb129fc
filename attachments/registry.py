"""Which records take attachments, who may see and change them, and when they are locked.

Attaching to a new kind of record is one line, usually in the owning app's `ready()` or in
`attachments/registrations.py`::

    register_attachable(Task)                      # a model with a `store` foreign key
    register_attachable(Task, locked=lambda t: t.is_done, edit_roles=(Role.STORE_MANAGER,))

The upload widget (`{% attachment_widget obj %}`), the gate of the download views, the lock
and the audit then work for it unchanged.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from hallops.permissions import Role

# Who may look at a record's photos by default (a fund receiver sees none: 403).
VIEW_ROLES = (Role.STORE_MANAGER, Role.DUTY_MANAGER, Role.CLERK, Role.COMPLAINT_HANDLER,
              Role.SUPERVISOR)
# Who may add and remove them by default (a supervisor never writes).
EDIT_ROLES = (Role.STORE_MANAGER, Role.DUTY_MANAGER)


@dataclass(frozen=True)
class Attachable:
    key: str
    model: type[models.Model]
    store_field: str
    locked: Callable[[Any], bool]
    view_roles: tuple[str, ...]
    edit_roles: tuple[str, ...]
    # visible(request, record): a record some people of an allowed role may still not open
    # (another clerk's task); False answers 404, as for another store's.
    visible: Callable[[Any, Any], bool] | None = None

    def store_of(self, obj: models.Model):
        value = obj
        for part in self.store_field.split("__"):
            value = getattr(value, part)
        return value

    def is_locked(self, obj: models.Model) -> bool:
        return bool(self.locked(obj))


_by_key: dict[str, Attachable] = {}
_by_model: dict[type[models.Model], Attachable] = {}


def register_attachable(model: type[models.Model], *, store_field: str = "store",
                        locked: Callable[[Any], bool] = lambda obj: False,
                        view_roles: tuple[str, ...] = VIEW_ROLES,
                        edit_roles: tuple[str, ...] = EDIT_ROLES,
                        visible: Callable[[Any, Any], bool] | None = None,
                        key: str | None = None) -> Attachable:
    """Let `model`'s records take attachments. `store_field` is the path to its store
    (`"run__store"`), `locked(obj)` says when its attachments can no longer change."""
    key = key or model._meta.label_lower.replace(".", "-")
    entry = Attachable(key, model, store_field, locked, tuple(view_roles), tuple(edit_roles),
                       visible)
    _by_key[key] = entry
    _by_model[model] = entry
    return entry


def attachable(key: str) -> Attachable | None:
    return _by_key.get(key)


def attachable_for(model: type[models.Model]) -> Attachable | None:
    return _by_model.get(model)


def all_attachables() -> list[Attachable]:
    return list(_by_key.values())


def gate_roles(which: str) -> tuple[str, ...]:
    """The outer gate of the views: every role some registration lets in ("view" or "edit").
    Read when the views are imported (the URLconf loads after every app's ready()). A role
    outside a record's own lists then answers 403 on that record."""
    roles = [r for e in _by_key.values() for r in getattr(e, f"{which}_roles")]
    return tuple(dict.fromkeys(roles)) or (VIEW_ROLES if which == "view" else EDIT_ROLES)
