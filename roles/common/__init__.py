"""Pieces shared by several role packages (forms, the deposit page, the complaint KPI charts).

Dependencies point down: a role package may import roles.common, never another role package,
and roles.common imports no role package (tests/roles/test_dependencies.py checks)."""
