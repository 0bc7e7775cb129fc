from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from hallops.registry import CACHE_KEY, CACHED_HTML
from hallops.text import mask_phone as _mask_phone

register = template.Library()


# What a kept panel holds instead of the CSRF token (never stored: it is the session's).
CSRF_PLACEHOLDER = "hallops-csrf-token-placeholder"


@register.simple_tag(takes_context=True)
def render_panel(context, template_name, panel_context):
    """Render a home-page panel (or a page part kept like one) with its own context plus the
    request's. A kept panel is rendered with a placeholder for the CSRF token, and the
    request's token is put in each time it is served."""
    # The page's context already holds what the context processors gave (request, csrf_token,
    # acting, the bell's count); passing the request again would rerun them, and their
    # queries, once per panel.
    panel_context = panel_context or {}
    if CACHED_HTML in panel_context:
        html = panel_context[CACHED_HTML]
    else:
        flat = context.flatten()
        flat.update(panel_context)
        if CACHE_KEY not in panel_context:
            return render_to_string(template_name, flat)
        flat["csrf_token"] = CSRF_PLACEHOLDER
        html = str(render_to_string(template_name, flat))
        cache.set(panel_context[CACHE_KEY], html, settings.PANEL_CACHE_SECONDS)
    if CSRF_PLACEHOLDER in html:  # the request's token: letters and digits
        html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
    return mark_safe(html)  # noqa: S308 - our own rendering, cached


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
