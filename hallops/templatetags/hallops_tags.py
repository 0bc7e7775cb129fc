from django import template
from django.template.loader import render_to_string

from hallops.text import mask_phone as _mask_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context, template_name, panel_context):
    """Render a home-page panel with its own context plus the request's."""
    # The page's context already holds what the context processors gave (request, csrf_token,
    # acting, the bell's count); passing the request again would rerun them, and their
    # queries, once per panel.
    flat = context.flatten()
    flat.update(panel_context or {})
    return render_to_string(template_name, flat)


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
