"""How a person is named on pages, in messages and in workbooks: one rule.

Chinese order, family name then given name with no space between (王 + 经理 → 王经理); the
login name only when no name was entered. Django's own full name puts the given name first
with a space, and User.__str__ is the login name, so neither is shown to people.
"""


def name_from_parts(first_name: str | None, last_name: str | None, username: str | None) -> str:
    """The display name from the raw fields (for `.values()` rows in reports)."""
    name = f"{(last_name or '').strip()}{(first_name or '').strip()}"
    return name or (username or "")


def display_name(user, empty: str = "") -> str:
    """A person's name as shown everywhere; `empty` when there is nobody."""
    if user is None or user == "":
        return empty
    return name_from_parts(user.first_name, user.last_name, user.get_username())
