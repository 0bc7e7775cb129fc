"""Security baseline: headers and CSP, clean templates, login throttling, idle sessions,
production settings."""

import datetime
import os
import pathlib
import re
import secrets
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login

BASE_DIR = pathlib.Path(django_settings.BASE_DIR)
PASSWORD = "x-Test-pass-42"  # tests.factories.make_user


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


class TestHeaders:
    @pytest.mark.parametrize("who,url_name", [
        ("anon", "login"), ("anon", "healthz"), ("clerk_a", "clerk:home"),
        ("sm_a", "store_manager:roster"), ("clerk_a", "store_manager:home"),
        ("clerk_a", "notifications"), ("sm_a", "home"),
    ])
    def test_every_response_carries_a_strict_csp_and_headers(self, clients, who, url_name):
        response = getattr(clients, who).get(reverse(url_name))
        policy = csp_directives(response)
        assert policy["default-src"] == ["'self'"]
        for directive in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in policy[directive], directive
            assert "'unsafe-eval'" not in policy[directive], directive
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"

    @pytest.mark.parametrize("url_name", ["clerk:home", "clerk:till", "notifications"])
    def test_it_sends_signed_in_pages_with_no_store(self, clients, url_name):
        response = clients.clerk_a.get(reverse(url_name))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]

    def test_it_leaves_static_files_and_the_health_check_alone(self, clients):
        # WhiteNoise answers static files before the session and this middleware run.
        order = django_settings.MIDDLEWARE
        assert order.index("whitenoise.middleware.WhiteNoiseMiddleware") < order.index(
            "hallops.middleware.NoStoreForSignedInMiddleware")
        signed_in = clients.clerk_a.get(reverse("healthz"))
        anonymous = clients.anon.get(reverse("healthz"))
        assert signed_in.get("Cache-Control") == anonymous.get("Cache-Control")

    def test_a_404_carries_them_too(self, clients):
        response = clients.anon.get("/nowhere/")
        assert response.status_code == 404
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_the_session_cookie_is_httponly(self, world):
        client = Client()
        client.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


TAG = re.compile(r"<[a-zA-Z][^>]*>", re.S)
SCRIPT_BODY = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.S | re.I)
CHECKS = {
    "inline <script> content": lambda text: [m.group(1).strip()[:40] for m in
                                             SCRIPT_BODY.finditer(text) if m.group(1).strip()],
    "style= attribute": lambda text: [t[:60] for t in TAG.findall(text)
                                      if re.search(r"\sstyle\s*=", t, re.I)],
    "on*= event handler": lambda text: [t[:60] for t in TAG.findall(text)
                                        if re.search(r"\son[a-z]+\s*=", t, re.I)],
    "hx-on (needs eval)": lambda text: re.findall(r"hx-on[:\-=]", text),
    "<style> block": lambda text: re.findall(r"<style\b", text, re.I),
    "|safe": lambda text: re.findall(r"\|\s*safe\b", text),
    "autoescape off": lambda text: re.findall(r"autoescape\s+off", text),
    "javascript: URL": lambda text: re.findall(r"javascript:", text, re.I),
}
DJANGO_COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)
TEMPLATES = sorted((BASE_DIR / "templates").rglob("*.html"))


def test_there_are_templates_to_scan():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_templates_need_no_unsafe_inline_and_escape_everything(path):
    text = DJANGO_COMMENT.sub("", path.read_text(encoding="utf-8"))
    problems = {name: found for name, check in CHECKS.items() if (found := check(text))}
    assert not problems, f"{path.relative_to(BASE_DIR)}: {problems}"


def test_the_template_scan_catches_what_it_should():
    bad = ('<div style="color:red" onclick="x()"><script>alert(1)</script>'
           '{{ note|safe }}{% autoescape off %}<a hx-on:click="x">')
    assert all(check(bad) for name, check in CHECKS.items()
               if name not in {"<style> block", "javascript: URL"})
    fine = '<script src="/static/js/hallops.js"></script><a data-confirm="x">'
    assert not any(check(fine) for check in CHECKS.values())
    assert DJANGO_COMMENT.sub("", "{# no <style> here #}{% comment %}<script>x</script>"
                                  "{% endcomment %}") == ""


class TestLoginThrottling:
    def _fail(self, client, username, times):
        """Fail `times` times; the form answers again until the last failure locks."""
        statuses = [
            client.post(reverse("login"), {"username": username, "password": "wrong"}).status_code
            for _ in range(times)
        ]
        assert statuses[:-1] == [200] * (times - 1)
        return statuses[-1]

    def test_it_locks_username_and_ip_after_the_limit(self, world, settings):
        client = Client()
        assert self._fail(client, "clerk_a", settings.AXES_FAILURE_LIMIT - 1) == 200
        # One short of the limit, the right password still works.
        response = Client().post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
        assert response.status_code == 302
        # Success resets the count; now reach the limit.
        self._fail(client, "clerk_a", settings.AXES_FAILURE_LIMIT - 1)
        response = client.post(reverse("login"), {"username": "clerk_a", "password": "wrong"})
        assert response.status_code == 429
        response = client.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        assert "registration/locked_out.html" in [t.name for t in response.templates]

    def test_another_username_from_the_same_ip_still_logs_in(self, world, settings):
        client = Client()
        assert self._fail(client, "clerk_a", settings.AXES_FAILURE_LIMIT) == 429
        colleague = Client()
        response = colleague.post(reverse("login"), {"username": "dm_a", "password": PASSWORD})
        assert response.status_code == 302
        assert colleague.session["_auth_user_id"] == str(world.dm_a.pk)
        # The same username from another computer is not locked either.
        other_ip = Client(REMOTE_ADDR="10.0.0.9")
        response = other_ip.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
        assert response.status_code == 302

    def test_the_lock_cools_off(self, world, settings):
        client = Client()
        assert self._fail(client, "clerk_a", settings.AXES_FAILURE_LIMIT) == 429
        response = client.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
        assert response.status_code == 429
        later = timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=5)
        with time_machine.travel(later):
            response = client.post(reverse("login"),
                                   {"username": "clerk_a", "password": PASSWORD})
        assert response.status_code == 302


class TestSessions:
    def test_a_session_ends_after_the_idle_time(self, world, settings):
        client = login(world.clerk_a)
        assert client.get(reverse("clerk:home")).status_code == 200
        idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
        with time_machine.travel(timezone.now() + idle):
            response = client.get(reverse("clerk:home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_activity_keeps_a_session_alive(self, world, settings):
        client = login(world.clerk_a)
        step = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE * 2 // 3)
        start = timezone.now()
        for n in range(1, 4):
            with time_machine.travel(start + n * step):
                assert client.get(reverse("clerk:home")).status_code == 200

    def test_logout_ends_the_session(self, world):
        client = login(world.clerk_a)
        key = client.session.session_key
        response = client.post(reverse("logout"))
        assert response.status_code == 302
        assert response["Location"] == reverse("login")
        assert not Session.objects.filter(session_key=key).exists()
        assert client.get(reverse("clerk:home")).status_code == 302

    def test_logout_needs_a_post(self, world):
        client = login(world.clerk_a)
        assert client.get(reverse("logout")).status_code == 405
        assert client.get(reverse("clerk:home")).status_code == 200


# Production refuses to start without these; nothing connects to them during `check`.
PRODUCTION_SERVICES = {"DATABASE_URL": "postgres://hallops@db.example.com:5432/hallops",
                       "CELERY_BROKER_URL": "redis://redis.example.com:6379/0"}


def _manage(*args, env_extra: dict, tmp_path) -> subprocess.CompletedProcess:
    # A clean production-like environment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE
    # for the test process, which check --deploy rightly refuses.
    env = {k: v for k, v in os.environ.items()
           if k not in {"SECRET_KEY", "HALLOPS_PRODUCTION", "DJANGO_DEBUG",
                        "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update({"HALLOPS_VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": "hallops.example.com",
                **env_extra})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


class TestProductionSettings:
    def test_check_deploy_passes_without_warnings(self, tmp_path):
        result = _manage("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path,
                         env_extra={"HALLOPS_PRODUCTION": "1", **PRODUCTION_SERVICES,
                                    "SECRET_KEY": secrets.token_urlsafe(64)})
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    def test_production_refuses_to_start_without_a_secret_key(self, tmp_path):
        result = _manage("check", tmp_path=tmp_path, env_extra={"HALLOPS_PRODUCTION": "1"})
        assert result.returncode != 0
        assert "SECRET_KEY must be set when HALLOPS_PRODUCTION=1." in result.stderr

    def test_production_refuses_a_short_secret_key(self, tmp_path):
        result = _manage("check", tmp_path=tmp_path,
                         env_extra={"HALLOPS_PRODUCTION": "1", "SECRET_KEY": "short",
                                    **PRODUCTION_SERVICES})
        assert result.returncode != 0
        assert "SECRET_KEY must be a long random value in production." in result.stderr

    def test_production_cookies_are_secure_and_hsts_is_on(self, tmp_path):
        code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
                "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS > 0, "
                "s.DEBUG, s.DATABASES['default'].get('CONN_MAX_AGE', 0) > 0)")
        result = _manage("shell", "--no-imports", "-c", code, tmp_path=tmp_path,
                         env_extra={"HALLOPS_PRODUCTION": "1", "DJANGO_DEBUG": "1",
                                    **PRODUCTION_SERVICES,
                                    "SECRET_KEY": secrets.token_urlsafe(64)})
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["True", "True", "True", "True", "False", "True"]

    @pytest.mark.parametrize("missing", ["DATABASE_URL", "CELERY_BROKER_URL"])
    def test_it_refuses_to_start_production_without_a_database_or_broker(self, tmp_path, missing):
        services = {k: v for k, v in PRODUCTION_SERVICES.items() if k != missing}
        result = _manage("check", tmp_path=tmp_path,
                         env_extra={"HALLOPS_PRODUCTION": "1", **services,
                                    "SECRET_KEY": secrets.token_urlsafe(64)})
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert f"{missing} must be set when HALLOPS_PRODUCTION=1" in result.stderr
        # Nothing fell back to the laptop defaults (SQLite, the filesystem broker) on the way.
        assert not (tmp_path / "celery").exists()
