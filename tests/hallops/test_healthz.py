"""/healthz: the database and the broker answer (200), or say which does not (503)."""

import socket
import time

import pytest
from django.urls import reverse

from hallops.celery import app as celery_app

# The health check must answer a monitor quickly even when the broker hangs.
PROMPT = 8.0


@pytest.fixture
def broker(settings):
    """Point the Celery app at another broker URL for one test (no socket timeouts set)."""
    saved = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)

    def use(url):
        celery_app.conf.broker_url = url
        celery_app.conf.broker_transport_options = {}

    yield use
    celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_it_reports_ok_when_database_and_broker_answer(clients):
    response = clients.anon.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_the_broker_is_down(clients, broker):
    broker(f"redis://127.0.0.1:{closed_port()}/0")
    started = time.monotonic()
    response = clients.anon.get(reverse("healthz"))
    assert time.monotonic() - started < PROMPT
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["database"] == "ok"
    assert body["broker"].startswith("error: ")


def test_it_answers_promptly_when_the_broker_accepts_but_never_replies(clients, broker):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel accepts connections; nobody ever answers
        broker(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        started = time.monotonic()
        response = clients.anon.get(reverse("healthz"))
        elapsed = time.monotonic() - started
    assert elapsed < PROMPT
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error: ")


def test_it_answers_only_get(clients):
    assert clients.anon.post(reverse("healthz")).status_code == 405
