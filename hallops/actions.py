"""The one way a view runs a service call: safe `next`, refusals as messages, then a redirect.

Every POST view does the same four steps (call the service, turn a DomainError into a message
or a form error, show the success message, redirect). Written once here so a refusal can never
turn into a 500 and a `next` from the request can never send the person off the site.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from hallops.exceptions import DomainError

Success = str | tuple[int, str] | None


def safe_next_url(request: HttpRequest, fallback: str) -> str:
    """The request's `next` when it is a path on this site, else `fallback`.

    Only an absolute path is followed: a bare word (`2`, `NaN`, a view name) is not a URL a
    form ever sends, and another host, `//host`, `/\\host` or `javascript:` would leave the site.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return fallback


def redirect_next(request: HttpRequest, fallback: str, *, anchor: str = "") -> HttpResponseRedirect:
    """Redirect to the safe `next` of the request (or `fallback`), with an optional #anchor."""
    url = safe_next_url(request, fallback)
    if anchor and "#" not in url:
        url = f"{url}#{anchor}"
    return HttpResponseRedirect(url)


def _show(request, message: Success) -> None:
    if message is None:
        return
    if isinstance(message, tuple):
        level, text = message
        messages.add_message(request, level, text)
    else:
        messages.success(request, message)


def run_action(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    success: Success | Callable[[Any], Success] = None,
    redirect_to: str | Callable[[Any], str] | None = None,
    error_redirect_to: str | None = None,
    form=None,
    error_message: bool = False,
    render_on_error: bool | None = None,
    on_error: Callable[[DomainError], None] | None = None,
    anchor: str = "",
) -> HttpResponseRedirect | None:
    """Run one service call for a view and answer with a redirect.

    - `success`: the message shown after the call: text (success level), `(level, text)`, or a
      callable given the call's result that returns either (or None for no message).
    - `redirect_to`: the URL (or a callable given the result) to go to afterwards; a safe
      `next` from the request takes precedence (see `safe_next_url`).
    - On a DomainError nothing was saved. Without a form it is shown with `messages.error`.
      With a `form` it is attached to the field it names (else to the form as a whole) and
      None is returned so the view shows the form again. `error_message=True` shows it with
      `messages.error` as well and leaves only field errors on the form (pages with several
      forms, where a form-wide error would sit next to the wrong form).
    - `render_on_error`: return None on a refusal so the view renders its page (default: when
      a form is given); otherwise redirect to `error_redirect_to` (default: `redirect_to`).
    - `on_error`: called with the error after it is shown (e.g. to keep a draft).
    """
    if render_on_error is None:
        render_on_error = form is not None
    try:
        result = call()
    except DomainError as error:
        field = error.field if form is not None and error.field in form.fields else None
        if field is not None:
            form.add_error(field, error.message)
        elif form is not None and not error_message:
            form.add_error(None, error.message)
        if form is None or error_message:
            messages.error(request, error.message)
        if on_error is not None:
            on_error(error)
        if render_on_error:
            return None
        return redirect_next(request, error_redirect_to or _url(redirect_to, None), anchor=anchor)
    _show(request, success(result) if callable(success) else success)
    return redirect_next(request, _url(redirect_to, result), anchor=anchor)


def _url(redirect_to, result) -> str:
    if callable(redirect_to):
        return redirect_to(result)
    if redirect_to is None:
        raise ValueError("run_action needs redirect_to")
    return redirect_to
