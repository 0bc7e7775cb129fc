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


def attempt(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    form=None,
    error_message: bool = False,
    on_error: Callable[[DomainError], None] | None = None,
    quiet: bool = False,
) -> tuple[bool, Any]:
    """Run one service call; on a DomainError show it and return (False, the error).

    Without a form the refusal is a `messages.error`. With a `form` it is attached to the
    field it names, else to the form as a whole; `error_message=True` shows it with
    `messages.error` as well and leaves only field errors on the form (pages with several
    forms, where a form-wide error would sit next to the wrong form). `on_error` is then
    called with the error (e.g. to keep a draft). `quiet=True` shows nothing: the caller
    answers with the error itself (an htmx status line). On success: (True, the result).
    """
    try:
        return True, call()
    except DomainError as error:
        if quiet:
            return False, error
        field = error.field if form is not None and error.field in form.fields else None
        if field is not None:
            form.add_error(field, error.message)
        elif form is not None and not error_message:
            form.add_error(None, error.message)
        if form is None or error_message:
            messages.error(request, error.message)
        if on_error is not None:
            on_error(error)
        return False, error


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
    - A refusal (DomainError, nothing saved) is shown as `attempt` does (`form`,
      `error_message`, `on_error`). Then None is returned when `render_on_error` (default:
      when a form is given) so the view shows its page again; otherwise a redirect to
      `error_redirect_to` (default: `redirect_to`).
    """
    if render_on_error is None:
        render_on_error = form is not None
    ok, result = attempt(request, call, form=form, error_message=error_message,
                         on_error=on_error)
    if not ok:
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
