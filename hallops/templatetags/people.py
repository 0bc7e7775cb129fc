from django import template

from hallops.people import display_name

register = template.Library()


@register.filter
def person(user, empty: str = "—") -> str:
    """A person's full name, or their username; `empty` when there is nobody."""
    return display_name(user, empty)
