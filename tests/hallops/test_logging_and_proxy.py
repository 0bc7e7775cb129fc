"""Request errors are logged once; login throttling sees the client behind the TLS proxy."""

import logging

from django.test import Client, RequestFactory
from django.urls import reverse

from hallops.client_ip import client_ip

PASSWORD = "x-Test-pass-42"  # tests.factories.make_user
PROXY = "10.0.0.1"


def _handlers_reached(name: str, record: logging.LogRecord) -> list[logging.Handler]:
    """The handlers (outside pytest's own) that would print `record` logged on `name`."""
    reached = []
    logger: logging.Logger | None = logging.getLogger(name)
    while logger is not None:
        for handler in logger.handlers:
            if type(handler).__module__.startswith("_pytest"):
                continue
            if record.levelno >= handler.level and handler.filter(record):
                reached.append(handler)
        if not logger.propagate:
            break
        logger = logger.parent
    return reached


def test_it_logs_a_request_error_once_in_debug(settings):
    settings.DEBUG = True  # the development server: Django's own console handler is live
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", None, None)
    assert len(_handlers_reached("django.request", record)) == 1


def test_it_still_logs_the_development_server_lines_once(settings):
    settings.DEBUG = True
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, "GET /", None, None)
    assert len(_handlers_reached("django.server", record)) == 1


class TestClientAddress:
    def _request(self, forwarded=None):
        extra = {"REMOTE_ADDR": PROXY}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().post("/accounts/login/", **extra)

    def test_it_uses_the_socket_address_without_a_trusted_proxy(self, settings):
        settings.TRUSTED_PROXY_COUNT = 0
        assert client_ip(self._request("192.168.5.7")) == PROXY

    def test_it_reads_the_client_the_proxy_appended(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip(self._request("192.168.5.7")) == "192.168.5.7"
        # A client cannot choose its address: only the proxy's entry (the last) counts.
        assert client_ip(self._request("6.6.6.6, 192.168.5.7")) == "192.168.5.7"

    def test_it_counts_hops_from_the_right_with_two_proxies(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        assert client_ip(self._request("6.6.6.6, 192.168.5.7, 10.0.0.2")) == "192.168.5.7"

    def test_it_falls_back_to_the_socket_when_the_header_is_short(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        assert client_ip(self._request("192.168.5.7")) == PROXY
        assert client_ip(self._request()) == PROXY


class TestThrottlingBehindTheProxy:
    """Every request comes from the proxy's address; the PCs differ in X-Forwarded-For."""

    def _pc(self, address: str) -> Client:
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)

    def _fail(self, client, username, times):
        return [client.post(reverse("login"), {"username": username, "password": "wrong"})
                .status_code for _ in range(times)]

    def test_it_locks_only_the_pc_that_mistyped(self, world, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        counter_1 = self._pc("192.168.1.11")
        statuses = self._fail(counter_1, "clerk_a", settings.AXES_FAILURE_LIMIT)
        assert statuses[-1] == 429
        # The user's own typos lock that user on that PC, even with the right password.
        response = counter_1.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
        assert response.status_code == 429
        # The same person at another PC behind the same proxy is not locked out…
        counter_2 = self._pc("192.168.1.12")
        response = counter_2.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
        assert response.status_code == 302
        # …nor is a colleague.
        colleague = self._pc("192.168.1.13")
        response = colleague.post(reverse("login"), {"username": "dm_a", "password": PASSWORD})
        assert response.status_code == 302

    def test_it_cannot_be_escaped_by_forging_the_header(self, world, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        self._fail(self._pc("192.168.1.11"), "clerk_a", settings.AXES_FAILURE_LIMIT)
        forged = self._pc("1.2.3.4, 192.168.1.11")
        response = forged.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
        assert response.status_code == 429
