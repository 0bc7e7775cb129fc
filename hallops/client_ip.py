"""The client's address for login throttling, read through the trusted proxies.

Behind the TLS-terminating proxy every request arrives from the proxy's address, so
throttling on REMOTE_ADDR would make all staff share one lock. Each proxy appends the
address it received the request from to X-Forwarded-For; with N trusted proxies the
client is the N-th entry from the right. Entries further left were written by the client
itself and are not trusted.
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < hops:
        # Not through the expected chain of proxies: only the socket's address is known.
        return remote
    return forwarded[-hops]
