"""The project's own Python packages, for the tests that scan source code (audit codes, dates,
names, money, enums): every local app in INSTALLED_APPS, so a new app is scanned without
anyone remembering to add it to each test."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _packages() -> tuple[str, ...]:
    names: list[str] = []
    for config in apps.get_app_configs():
        path = Path(config.path)
        if ROOT in path.parents:
            top = path.relative_to(ROOT).parts[0]
            if not top.startswith(".") and top not in names:
                names.append(top)
    return tuple(names)


PROJECT_PACKAGES = _packages()
