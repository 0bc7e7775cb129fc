"""The README's production install: `pip install -c requirements/constraints.txt .` into a
fresh virtualenv, then HallOps runs from its checkout (templates/, static/, locale/ and
fixtures/ sit beside the packages and are found through BASE_DIR).

Slow (it installs every dependency), so it runs only with HALLOPS_TEST_INSTALL=1, as
.ci/run does.
"""

import os
import secrets
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

pytestmark = pytest.mark.skipif(
    os.environ.get("HALLOPS_TEST_INSTALL") != "1",
    reason="installs every dependency into a fresh venv: set HALLOPS_TEST_INSTALL=1",
)



@pytest.fixture(scope="module")
def production_venv(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("production-venv")
    venv.create(target, with_pip=True)
    result = subprocess.run(
        [target / "bin" / "python", "-m", "pip", "install", "--quiet",
         "-c", BASE_DIR / "requirements" / "constraints.txt", str(BASE_DIR)],
        capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stderr
    return target


def _production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO", "HALLOPS", "PYTHON", "VIRTUAL_ENV"))}
    env.update({
        "HALLOPS_PRODUCTION": "1",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": "postgres://hallops@db.example.com:5432/hallops",
        "CELERY_BROKER_URL": "redis://redis.example.com:6379/0",
        "ALLOWED_HOSTS": "hallops.example.com",
        "HALLOPS_VAR_DIR": str(tmp_path),
    })
    return env


def _run(venv_dir: Path, *args, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv_dir / "bin" / args[0]), *args[1:]], cwd=BASE_DIR,
                          env=_production_env(tmp_path), capture_output=True, text=True,
                          timeout=300)


def test_it_passes_the_deploy_checks_from_the_installed_dependencies(production_venv, tmp_path):
    result = _run(production_venv, "python", "manage.py", "check", "--deploy",
                  "--fail-level", "WARNING", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    # The fresh venv, not the test runner's: no test tool came along.
    probe = _run(production_venv, "python", "-c", "import pytest", tmp_path=tmp_path)
    assert probe.returncode != 0
    assert Path(sys.executable).parent != production_venv / "bin"


def test_it_loads_the_wsgi_app_and_the_celery_app_from_the_checkout(production_venv, tmp_path):
    gunicorn = _run(production_venv, "gunicorn", "--check-config", "hallops.wsgi",
                    tmp_path=tmp_path)
    assert gunicorn.returncode == 0, gunicorn.stdout + gunicorn.stderr
    celery = _run(production_venv, "celery", "-A", "hallops", "report", tmp_path=tmp_path)
    assert celery.returncode == 0, celery.stdout + celery.stderr
    assert "redis.example.com" in celery.stdout or "broker_url" in celery.stdout
