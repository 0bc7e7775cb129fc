import time

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject

from hallops.permissions import acting_scope, resolve_acting
from hallops.scoping import scopes_disabled


class UserLanguageMiddleware:
    """A signed-in person's chosen language wins over the browser's, on any device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = getattr(getattr(user, "profile", None), "language", "")
            if language and language != getattr(request, "LANGUAGE_CODE", None):
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


class ActingMiddleware:
    """Attach request.acting: the (store, role) the person is acting as, resolved lazily."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.acting = SimpleLazyObject(lambda: resolve_acting(request))
        return self.get_response(request)


class StoreScopeMiddleware:
    """Every request runs inside a store scope (hallops/scoping.py): the acting store, a
    supervisor's region, or no store at all for anonymous visitors. The admin site, where the
    administrator configures every store, is the one place that works unscoped."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            with scopes_disabled():
                return self.get_response(request)
        with acting_scope(request.acting):
            return self.get_response(request)


class SessionIdleRefreshMiddleware:
    """Idle expiry without a session write on every request.

    SESSION_SAVE_EVERY_REQUEST rewrote the session row (BEGIN, UPDATE, COMMIT with its
    fsync) on every page, the dearest part of the page shell. Instead the session is saved,
    and its expiry pushed back by SESSION_COOKIE_AGE, at most once every
    SESSION_REFRESH_SECONDS; idle expiry then ends a session between AGE − REFRESH and AGE
    after the last request. Sits after SessionMiddleware, so its response runs first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.every = int(getattr(settings, "SESSION_REFRESH_SECONDS", 60))

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request read (a bare response must not cost a session read).
        if session is not None and session.accessed and not session.is_empty() and session.session_key:
            now = int(time.time())
            if now - int(session.get("_refreshed", 0)) >= self.every:
                session["_refreshed"] = now  # marks the session modified: saved with a new expiry
        return response


class NoStoreForSignedInMiddleware:
    """Signed-in pages are sent with Cache-Control: no-store.

    Counter PCs are shared: after a logout the browser's back button showed the previous
    person's store data from its cache. Static files (served by WhiteNoise before this runs)
    and the health check keep their own caching.
    """

    EXEMPT_URL_NAMES = frozenset({"healthz"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if (user is not None and user.is_authenticated
                and getattr(match, "url_name", None) not in self.EXEMPT_URL_NAMES):
            patch_cache_control(response, no_store=True, private=True)
        return response
