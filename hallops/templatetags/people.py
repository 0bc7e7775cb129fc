from django import template

register = template.Library()


@register.filter
def person(user, empty: str = "—") -> str:
    """A person's full name, or their username; `empty` when there is nobody."""
    if user is None or user == "":
        return empty
    return user.get_full_name() or user.get_username()
