"""Navigation entries and home-page panels contributed by each app's ui.py.

Apps register here instead of editing the role templates, so a feature adds its menu entry
and its panel on a role's home page in its own module.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    # Labels stay lazy: they are registered at import and shown in each request's language.
    from django_stubs_ext import StrOrPromise

# Menu groups: a role with many entries sees them as dropdowns under these headings.
NAV_GROUPS = {
    "staff": _("Staff"),
    "duty": _("Floor and duty"),
    "cash": _("Cash and stock"),
    "complaints": _("Complaints"),
    "business": _("Business"),
    "reports": _("Reports"),
}
# Up to this many entries, a role's menu stays flat.
FLAT_MENU_MAX = 7


@dataclass(frozen=True)
class NavItem:
    roles: tuple[str, ...]
    label: "StrOrPromise"
    url_name: str
    order: int = 100
    group: str | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Panel:
    roles: tuple[str, ...]
    template: str
    order: int
    context: Callable | None


_nav: list[NavItem] = []
_panels: list[Panel] = []


def register_nav(*, roles, label, url_name: str, order: int = 100, group: str | None = None) -> None:
    """A menu entry for `roles`; `group` is a key of NAV_GROUPS (used when the menu is long)."""
    if group is not None and group not in NAV_GROUPS:
        raise ValueError(f"unknown menu group {group!r}")
    if not any(item.url_name == url_name and item.roles == tuple(roles) for item in _nav):
        _nav.append(NavItem(tuple(roles), label, url_name, order, group))


def register_panel(*, roles, template: str, order: int = 100):
    """Decorator for a function(request) -> dict giving the panel's context."""

    def decorator(func):
        if not any(p.template == template and p.roles == tuple(roles) for p in _panels):
            _panels.append(Panel(tuple(roles), template, order, func))
        return func

    return decorator


def nav_for(role: str | None) -> list[NavItem]:
    return sorted((i for i in _nav if role in i.roles), key=lambda i: (i.order, i.url_name))


@dataclass
class NavEntry:
    """One place in the menu bar: a link, or a dropdown (label + items)."""

    label: "StrOrPromise"
    items: list[NavItem]

    @property
    def is_dropdown(self) -> bool:
        return len(self.items) > 1


def nav_menu(role: str | None) -> list[NavEntry]:
    """The role's menu: flat while short, grouped into dropdowns when long."""
    items = nav_for(role)
    if len(items) <= FLAT_MENU_MAX:
        return [NavEntry(item.label, [item]) for item in items]
    entries: list[NavEntry] = []
    by_group: dict[str, NavEntry] = {}
    for item in items:
        if item.group is None:
            entries.append(NavEntry(item.label, [item]))
        elif item.group in by_group:
            by_group[item.group].items.append(item)
        else:
            by_group[item.group] = NavEntry(NAV_GROUPS[item.group], [item])
            entries.append(by_group[item.group])
    # A group with one entry for this role is that entry, under its own name.
    return [NavEntry(e.items[0].label, e.items) if len(e.items) == 1 else e for e in entries]


def panels_for(request) -> list[tuple[str, dict]]:
    """The acting role's home panels as (template, context), in order.

    With `PANEL_CACHE_SECONDS` set, a store role's panels are rendered once and reused until
    anything is written in the store (the key holds the store's latest audit entry: every
    service write records one), the day, the person, role or language change, or the seconds
    pass (for what time alone changes: a deadline passing). A panel's form is kept with a
    placeholder for its CSRF token, which `render_panel` replaces with the request's: the
    person's sessions share the panel. A cached panel
    comes back as {CACHED_HTML: html} and costs no query; the version costs one.
    """
    role = request.acting.role
    panels = sorted((p for p in _panels if role in p.roles), key=lambda p: p.order)
    keys = _panel_cache_keys(request, panels)
    cached = cache.get_many(list(keys.values())) if keys else {}
    out = []
    for panel in panels:
        key = keys.get(panel.template)
        if key is not None and key in cached:
            if cached[key]:  # "": the panel had nothing to show
                out.append((panel.template, {CACHED_HTML: cached[key]}))
            continue
        context = panel.context(request) if panel.context else {}
        if context is None:
            if key is not None:
                cache.set(key, "", settings.PANEL_CACHE_SECONDS)
            continue
        if key is not None:
            context = {**context, CACHE_KEY: key}
        out.append((panel.template, context))
    return out


CACHED_HTML = "_panel_cached_html"
CACHE_KEY = "_panel_cache_key"


def store_version(store) -> str:
    """The store's version for the page caches: the id and time of its latest audit entry
    (every service write records one). One query."""
    from hallops.models import AuditEntry

    latest = AuditEntry.objects.filter(store=store).order_by("-at").values_list("id", "at").first()
    return f"{latest[0]}.{latest[1].timestamp()}" if latest else "0"


def _panel_cache_keys(request, panels) -> dict[str, str]:
    """Cache keys of the panels (empty when caching is off or nothing safe to key on)."""
    if not panels:
        return {}
    key = fragment_cache_key(request, "panel")
    if key is None:
        return {}
    return {p.template: f"{key}:{p.template}" for p in panels}


def fragment_cache_key(request, name: str) -> str | None:
    """The cache key of a part of a store role's page kept like the home panels (see
    `panels_for`): valid until anything is written in the store, the day, the person, role,
    language or full path change, or `PANEL_CACHE_SECONDS` pass (a CSRF token in the part is
    put in at each serve by `render_panel`). None when caching is off or nothing safe to key
    on. The store's version costs one query a request, however many parts a page keeps."""
    seconds = getattr(settings, "PANEL_CACHE_SECONDS", 0)
    acting = request.acting
    if not seconds or acting.store is None:
        return None
    base = getattr(request, "_fragment_cache_base", None)
    if base is None:
        version = store_version(acting.store)
        person = hashlib.sha256(
            f"{acting.user.pk}|{acting.role}|{acting.store.pk}|{request.get_full_path()}".encode()
        ).hexdigest()[:32]
        day = timezone.localdate().isoformat()
        language = translation.get_language()
        base = request._fragment_cache_base = f"{person}:{language}:{day}:{version}"
    return f"{name}:{base}"


@dataclass(frozen=True)
class DutyLogSection:
    key: str
    title: str
    template: str
    order: int
    context: Callable


_duty_log_sections: list[DutyLogSection] = []


def register_duty_log_section(*, key: str, title, template: str, order: int = 100):
    """Decorator for a function(store, day, shift_type) -> dict | None.

    The duty log (值班经理日志) assembles itself from these: attendance, checklists, cash,
    complaints… each feature contributes the section for its own data. Returning None
    leaves the section out.
    """

    def decorator(func):
        if not any(s.key == key for s in _duty_log_sections):
            _duty_log_sections.append(DutyLogSection(key, title, template, order, func))
        return func

    return decorator


def duty_log_sections(store, day, shift_type) -> list[tuple[DutyLogSection, dict]]:
    out = []
    for section in sorted(_duty_log_sections, key=lambda s: (s.order, s.key)):
        context = section.context(store, day, shift_type)
        if context is not None:
            out.append((section, context))
    return out


_demo_steps: list[tuple[int, Callable]] = []


def register_demo_step(order: int = 100):
    """Decorator for a function(*, stores, days, rng, stdout) that adds a feature's demo data.

    `seed_demo` runs every registered step after stores, staff, roster and attendance exist.
    """

    def decorator(func):
        if all(f is not func for _o, f in _demo_steps):
            _demo_steps.append((order, func))
        return func

    return decorator


def demo_steps() -> list[Callable]:
    return [f for _o, f in sorted(_demo_steps, key=lambda item: item[0])]


# Pages that services link to (in notifications) without knowing the role front-ends:
# roles register their pages under a name here (in their ui.py), services ask for the name.
_links: dict[str, str] = {}


def register_link(name: str, url_name: str) -> None:
    _links[name] = url_name


def link(name: str, *args) -> str:
    """The URL of the page registered as `name` (KeyError: no role registered that page)."""
    return reverse(_links[name], args=args)


def registered_links() -> dict[str, str]:
    return dict(_links)


# Figures one app computes for another's pages (e.g. complaints against each clerk for the
# clerks' KPI table): the app that owns the data registers a function; the reader gets None
# while no app provides it.
_providers: dict[str, Callable] = {}


def register_provider(name: str, func: Callable) -> None:
    _providers[name] = func


def provided(name: str, **kwargs):
    func = _providers.get(name)
    return None if func is None else func(**kwargs)


# Pages that open one found record, per kind of record (the search page, issue 17): each role
# registers the page it reads a record on, with the view (its gate decides who may open it),
# how to reach the record, and which of the store's records that page shows (a clerk sees only
# their own). The search offers a kind only to a role that may open one of its pages.
SEARCH_KINDS = ("work_order", "opinion", "service_record", "duty_log", "till")


@dataclass(frozen=True)
class SearchPage:
    kind: str
    view: Callable
    url: Callable  # record -> URL
    only: Callable | None = None  # request -> Q narrowing the records to what the page shows


_search_pages: list[SearchPage] = []


def register_search_page(kind: str, *, view, url: Callable, only: Callable | None = None) -> None:
    if kind not in SEARCH_KINDS:
        raise ValueError(f"unknown search kind {kind!r}")
    if not any(p.kind == kind and p.view is view for p in _search_pages):
        _search_pages.append(SearchPage(kind, view, url, only))


def search_pages(request) -> dict[str, SearchPage]:
    """{kind: the first registered page of that kind the acting role may open}."""
    from hallops.permissions import may

    found: dict[str, SearchPage] = {}
    for page in _search_pages:
        if page.kind not in found and may(request, page.view):
            found[page.kind] = page
    return found
