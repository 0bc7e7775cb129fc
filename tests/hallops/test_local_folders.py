"""Settings only declare; the app makes var/'s folders when it starts."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, var: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(HALLOPS_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="hallops.settings")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_it_makes_no_folder_when_settings_are_imported(tmp_path):
    var = tmp_path / "var"
    result = _run("import hallops.settings", var)
    assert result.returncode == 0, result.stderr
    assert not var.exists()


def test_it_makes_the_sqlite_and_broker_folders_when_the_app_starts(tmp_path):
    var = tmp_path / "var"
    result = _run("import django; django.setup()", var)
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (var / "celery").iterdir()} == {"in", "processed", "control"}
