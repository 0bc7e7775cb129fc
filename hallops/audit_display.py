"""Audit entries as people read them: who did what to which object, each change as
"field: old → new" with values formatted like the rest of the pages, times local.

Entries store codes, field names and JSON values (see hallops.services.audit); everything
here turns them into words at read time, in the reader's language, so old entries read as
well as new ones. `describe_entries` loads the objects and related names a page of entries
needs with one query per model, not one per entry.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hallops.audit_labels import EXTRA_KEY_LABELS, action_label
from hallops.money import format_money
from hallops.templatetags.people import person

# Django's default `str()` of a model without __str__, stored by entries written before the
# model had one: never shown.
DEFAULT_REPR = re.compile(r"^\w+ object \(.*\)$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# targets.saved keys a target by "<clerk id or 'store'>:<product line id>" (services/targets).
TARGET_KEY = re.compile(r"^(\d+|store):(\d+)$")
# Never shown: the row's own id and the store (the page is the store's already).
HIDDEN_KEYS = {"id", "store", "password"}
EMPTY = "—"


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class AuditLine:
    entry: object
    at: datetime.datetime
    who: str
    action_label: str
    object_name: str
    reason: str
    changes: list[Change] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        if self.object_name:
            return _("%(who)s: %(action)s — %(object)s") % {
                "who": self.who, "action": self.action_label, "object": self.object_name}
        return _("%(who)s: %(action)s") % {"who": self.who, "action": self.action_label}


def _model(label: str):
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a key that is not a field of the model
        return None


class _Names:
    """Names of the objects a page refers to, loaded per model in one query each."""

    def __init__(self):
        self.wanted: dict = {}
        self.loaded: dict = {}

    def want(self, model, pk) -> None:
        if model is not None and pk not in (None, ""):
            self.wanted.setdefault(model, set()).add(str(pk))

    def load(self) -> None:
        user_model = get_user_model()
        for model, pks in self.wanted.items():
            qs = model._default_manager.all()
            if model is not user_model:
                qs = qs.select_related()
            try:
                pk_field = model._meta.pk
                found = qs.in_bulk([pk_field.to_python(pk) for pk in pks])
            except Exception:  # noqa: BLE001 - an id that no longer parses for this model
                found = {}
            self.loaded[model] = {str(k): v for k, v in found.items()}

    def name(self, model, pk) -> str | None:
        obj = self.loaded.get(model, {}).get(str(pk))
        if obj is None:
            return None
        if isinstance(obj, get_user_model()):
            return person(obj)
        return str(obj)


def _related_model(model_field):
    if isinstance(model_field, models.ForeignKey | models.OneToOneField):
        return model_field.related_model
    return None


def _key_model(key):
    # Keys outside the model that hold a person's id (see meeting_acknowledge).
    return get_user_model() if key == "user" else None


def format_value(value, model_field=None, names: _Names | None = None, key: str = "") -> str:
    """One value as the pages show it."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    related = _related_model(model_field) or _key_model(key)
    if related is not None and names is not None:
        return names.name(related, value) or EMPTY
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool) or isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(model_field, models.DecimalField):
        return format_money(value) if model_field.decimal_places == 2 else str(value)
    if isinstance(value, dict):
        return _format_dict(value)
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return pgettext("list separator", ", ").join(format_value(v) for v in value)
        return _("%(count)d entries") % {"count": len(value)}
    if isinstance(value, str) and ISO_DATETIME.match(value):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and ISO_DATE.match(value) and parse_date(value):
        return value
    if isinstance(model_field, models.TimeField) and isinstance(value, str):
        return value[:5]
    return str(value)


def _key_label(key: str) -> str | None:
    from hallops.models import PaymentMethod

    label = EXTRA_KEY_LABELS.get(key) or dict(PaymentMethod.choices).get(key)
    return str(label) if label is not None else None


def _format_dict(value: dict) -> str:
    """Keys named in words; a dict whose keys have no words (ids) is summarised."""
    parts = []
    for key, item in value.items():
        label = _key_label(str(key))
        if label is None:
            return _("%(count)d entries") % {"count": len(value)}
        parts.append(f"{label}: {format_value(item, key=str(key))}")
    return "; ".join(parts)


def _label(model, key: str) -> str | None:
    model_field = _field(model, key)
    if model_field is not None and hasattr(model_field, "verbose_name"):
        return str(model_field.verbose_name)
    return _key_label(key)


def _visible(model, key: str) -> bool:
    if key in HIDDEN_KEYS:
        return False
    model_field = _field(model, key)
    # Timestamps the database keeps (updated_at) change with every save: noise.
    return model_field is None or getattr(model_field, "editable", True)


def _target_label(key: str, names: _Names) -> str | None:
    from hallops.models import ProductLine

    match = TARGET_KEY.match(key)
    if match is None:
        return None
    clerk, line = match.groups()
    who = _("Whole store") if clerk == "store" else (
        names.name(get_user_model(), clerk) or _("Other detail"))
    return f"{who} · {names.name(ProductLine, line) or _('Other detail')}"


def _changes(entry, model, names: _Names) -> list[Change]:
    out = []
    for key, old, new in entry.changes:
        if not _visible(model, key):
            continue
        label = _label(model, key) or _target_label(key, names) or _("Other detail")
        model_field = _field(model, key)
        out.append(Change(label, format_value(old, model_field, names, key),
                          format_value(new, model_field, names, key)))
    return out


def _want_related(entry, model, names: _Names) -> None:
    from hallops.models import ProductLine

    for key, old, new in entry.changes:
        match = TARGET_KEY.match(key)
        if match is not None and _field(model, key) is None:
            names.want(get_user_model(), match.group(1) if match.group(1) != "store" else None)
            names.want(ProductLine, match.group(2))
        related = _related_model(_field(model, key)) or _key_model(key)
        if related is not None:
            names.want(related, old)
            names.want(related, new)


def _object_name(entry, model, names: _Names) -> str:
    if model is not None and entry.object_id:
        live = names.name(model, entry.object_id)
        if live:
            return live
    if entry.object_repr and not DEFAULT_REPR.match(entry.object_repr):
        return entry.object_repr
    return str(model._meta.verbose_name) if model is not None else ""


def describe_entries(entries) -> list[AuditLine]:
    """Each entry as a sentence and its changes, in the active language and time zone."""
    entries = list(entries)
    names = _Names()
    models_of = {}
    for entry in entries:
        model = _model(entry.object_type)
        models_of[entry.pk] = model
        if entry.object_id:
            names.want(model, entry.object_id)
        _want_related(entry, model, names)
    names.load()
    lines = []
    for entry in entries:
        model = models_of[entry.pk]
        lines.append(AuditLine(
            entry=entry,
            at=timezone.localtime(entry.at),
            who=person(entry.actor, _("The system")),
            action_label=action_label(entry.action),
            object_name=_object_name(entry, model, names),
            reason=entry.reason,
            changes=_changes(entry, model, names),
        ))
    return lines


def describe_store_page(store, entries, *, key: str) -> list[AuditLine]:
    """`describe_entries` of one page of a store's trail (`key`: the page and its filters),
    kept in the cache under the store's version (its latest audit entry: a new entry, or a
    write that renames an object, shows at once) for at most `PANEL_CACHE_SECONDS`, like the
    home panels. Describing 50 entries of many kinds loads a dozen kinds of objects. The
    lines come without their entry (`entry` is None)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils.translation import get_language

    from hallops.registry import store_version

    seconds = getattr(settings, "PANEL_CACHE_SECONDS", 0)
    if not seconds:
        return [replace(line, entry=None) for line in describe_entries(entries)]
    cache_key = (f"audit-lines:{store.pk}:{store_version(store)}:{get_language()}:"
                 f"{timezone.get_current_timezone_name()}:{key}")
    lines = cache.get(cache_key)
    if lines is None:
        lines = [replace(line, entry=None) for line in describe_entries(entries)]
        cache.set(cache_key, lines, seconds)
    return lines
