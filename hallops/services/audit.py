"""Audit entries, written by every write service (signals would miss bulk writes)."""

import datetime
import decimal
import uuid

from django.db import models

from hallops.models import AuditEntry


def _json_safe(value):
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_json_safe(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The concrete field values of `obj`, JSON-safe, for an audit before/after."""
    data = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        data[f.name] = _json_safe(getattr(obj, f.attname))
    return data


def audit_record(
    *,
    actor,
    store,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Record one action. `action` is a stable code such as "roster.entry_created"."""
    actor_id = getattr(actor, "pk", None)
    return AuditEntry.objects.create(
        actor_id=actor_id,
        store=store,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=_json_safe(before) if before is not None else None,
        after=_json_safe(after) if after is not None else None,
        reason=reason,
    )
