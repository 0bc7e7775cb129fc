"""Navigation entries and home-page panels contributed by each app's ui.py.

Apps register here instead of editing the role templates, so a feature adds its menu entry
and its panel on a role's home page in its own module.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    roles: tuple[str, ...]
    label: str
    url_name: str
    order: int = 100

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


def register_nav(*, roles, label, url_name: str, order: int = 100) -> None:
    if not any(item.url_name == url_name and item.roles == tuple(roles) for item in _nav):
        _nav.append(NavItem(tuple(roles), label, url_name, order))


def register_panel(*, roles, template: str, order: int = 100):
    """Decorator for a function(request) -> dict giving the panel's context."""

    def decorator(func):
        if not any(p.template == template and p.roles == tuple(roles) for p in _panels):
            _panels.append(Panel(tuple(roles), template, order, func))
        return func

    return decorator


def nav_for(role: str | None) -> list[NavItem]:
    return sorted((i for i in _nav if role in i.roles), key=lambda i: (i.order, i.url_name))


def panels_for(request) -> list[tuple[str, dict]]:
    role = request.acting.role
    out = []
    for panel in sorted((p for p in _panels if role in p.roles), key=lambda p: p.order):
        context = panel.context(request) if panel.context else {}
        if context is not None:
            out.append((panel.template, context))
    return out


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
