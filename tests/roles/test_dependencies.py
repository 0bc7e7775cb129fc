"""Dependencies point down: a role package (roles/<role>/) imports hallops, complaints,
reports and roles.common, never another role package; roles.common imports no role package.
Shared pieces belong in roles/common/ so one role's pages can change without breaking
another's."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# The module is pure source inspection; the mark keeps pytest-django's setup happy when this
# file runs on its own.
pytestmark = pytest.mark.django_db

ROLES = Path(settings.BASE_DIR) / "roles"
SHARED = "common"


def imported_modules(path: Path, package: str) -> list[tuple[int, str]]:
    """Every module `path` imports, relative imports resolved against `package`
    (the dotted package the file lives in)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from roles import clerk` names a package through the alias.
            if module == "roles":
                found += [(node.lineno, f"roles.{alias.name}") for alias in node.names]
    return found


def cross_role_imports(root: Path) -> list[str]:
    problems = []
    for path in sorted(root.glob("*/**/*.py")):
        relative = path.relative_to(root)
        own = relative.parts[0]
        package = ".".join(("roles", *relative.parts[:-1]))
        for lineno, module in imported_modules(path, package):
            parts = module.split(".")
            if len(parts) < 2 or parts[0] != "roles":
                continue
            other = parts[1]
            if other not in (own, SHARED):
                problems.append(f"roles/{relative}:{lineno} imports {module}")
    return problems


def test_it_finds_no_role_package_importing_another():
    assert cross_role_imports(ROLES) == []


def test_it_keeps_shared_role_modules_in_the_common_package():
    loose = sorted(p.name for p in ROLES.glob("*.py") if p.name != "__init__.py")
    assert loose == []


def test_it_catches_absolute_relative_and_package_imports(tmp_path):
    (tmp_path / "clerk").mkdir()
    (tmp_path / "clerk" / "views.py").write_text(
        "from roles.duty_manager.forms import A\n"
        "from ..store_manager import views\n"
        "import roles.supervisor.views\n"
        "from roles import fund_receiver\n"
        "from roles.common.forms import MonthForm\n"
        "from .forms import B\n"
        "from roles.clerk.forms import C\n"
    )
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "forms.py").write_text("from roles.clerk.forms import C\n")

    problems = cross_role_imports(tmp_path)

    assert problems == [
        "roles/clerk/views.py:1 imports roles.duty_manager.forms",
        "roles/clerk/views.py:2 imports roles.store_manager",
        "roles/clerk/views.py:3 imports roles.supervisor.views",
        "roles/clerk/views.py:4 imports roles.fund_receiver",
        "roles/common/forms.py:1 imports roles.clerk.forms",
    ]
