from django import template
from django.utils import timezone
from django.utils.html import format_html

from hallops.text import duration_formats, duration_text

register = template.Library()


@register.simple_tag
def countdown(due, soon_minutes=None, testid=""):
    """<span data-deadline> with the time left in words; static/js/hallops.js keeps it live
    with the same words (data-fmt-*)."""
    if due is None:
        return ""
    formats = duration_formats()
    text = duration_text((due - timezone.now()).total_seconds(), formats)
    return format_html(
        '<span data-deadline="{}" data-soon-minutes="{}" data-fmt-days="{}" data-fmt-hours="{}"'
        ' data-fmt-minutes="{}" data-fmt-overdue="{}" title="{}"{}>{}</span>',
        due.isoformat(), soon_minutes if soon_minutes is not None else 120,
        formats["days"], formats["hours"], formats["minutes"], formats["overdue"],
        timezone.localtime(due).strftime("%Y-%m-%d %H:%M"),
        format_html(' data-testid="{}"', testid) if testid else "", text,
    )
