from django import template

from hallops.people import display_name

register = template.Library()


@register.filter
def person(user) -> str:
    """A person's name (hallops.people.display_name), else a dash."""
    return display_name(user, "—")
