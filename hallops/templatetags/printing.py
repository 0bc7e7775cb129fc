"""Printed pages: a heading only paper shows and signature lines at the end.

    {% load printing %}
    {% print_heading _("Duty log") store day %}        {# top of the page, print only #}
    {% print_signatures "duty_manager" "store_manager" %}
    {% print_button %}

The layout is in static/css/print.css (@media print); the button calls window.print() from
static/js/print.js (data-print; the CSP forbids inline handlers).
"""

from django import template
from django.utils import timezone
from django.utils.translation import pgettext_lazy

register = template.Library()

# Who signs a printed page, by key (the manual's roles for each paper document).
# Context "signature": the paper forms' own words (制表, 复核, 稽核…), not the role names.
SIGNERS = {
    "prepared": pgettext_lazy("signature", "Prepared by"),
    "reviewed": pgettext_lazy("signature", "Reviewed by"),
    "store_manager": pgettext_lazy("signature", "Store manager"),
    "duty_manager": pgettext_lazy("signature", "Duty manager"),
    "clerk": pgettext_lazy("signature", "Clerk"),
    "receiver": pgettext_lazy("signature", "Receiver"),
    "auditor": pgettext_lazy("signature", "Auditor"),
    "handler": pgettext_lazy("signature", "Complaint handler"),
}


@register.inclusion_tag("_partials/print_heading.html")
def print_heading(title, store=None, day=None):
    return {"title": title, "store": store, "day": day, "printed_at": timezone.localtime()}


@register.inclusion_tag("_partials/print_signatures.html")
def print_signatures(*keys):
    return {"signers": [SIGNERS[k] for k in keys]}


@register.inclusion_tag("_partials/print_button.html")
def print_button():
    return {}
