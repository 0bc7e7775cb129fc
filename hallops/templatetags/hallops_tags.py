from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from hallops.registry import CACHE_KEY, CACHED_HTML, CSRF_PLACEHOLDER
from hallops.text import mask_phone as _mask_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context, template_name, panel_context):
    """Render a home-page panel with its own context plus the request's."""
    # The page's context already holds what the context processors gave (request, csrf_token,
    # acting, the bell's count); passing the request again would rerun them, and their
    # queries, once per panel.
    # A cached panel is shared by the person's sessions: its forms' CSRF token is kept as a
    # placeholder and filled with this request's token (never another session's).
    panel_context = panel_context or {}
    token = str(context.get("csrf_token") or "")
    if CACHED_HTML in panel_context:
        html = panel_context[CACHED_HTML].replace(CSRF_PLACEHOLDER, token)
        return mark_safe(html)  # noqa: S308 - our own rendering, cached
    flat = context.flatten()
    flat.update(panel_context)
    html = render_to_string(template_name, flat)
    if CACHE_KEY in panel_context and len(token) >= 32:  # a real token, not NOTPROVIDED
        cache.set(panel_context[CACHE_KEY], str(html).replace(token, CSRF_PLACEHOLDER),
                  settings.PANEL_CACHE_SECONDS)
    return html


@register.filter
def mask_phone(value):
    return _mask_phone(value)


@register.simple_tag(takes_context=True)
def querystring_with(context, **kwargs):
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return "?" + query.urlencode()
