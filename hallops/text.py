import re

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def mask_phone(number: str | None) -> str:
    """138****1234: customer numbers are shown masked unless a role needs them."""
    if not number:
        return ""
    digits = str(number)
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


# Units of a time left (or overdue), also handed to the live countdown in static/js/hallops.js
# through data- attributes, so the page and the script read the same in both languages.
def duration_formats() -> dict[str, str]:
    from django.utils.translation import gettext

    return {
        "days": gettext("%(d)s d %(h)s h"),
        "hours": gettext("%(h)s h %(m)s min"),
        "minutes": gettext("%(m)s min"),
        "overdue": gettext("%(time)s overdue"),
    }


def duration_text(seconds: float, formats: dict[str, str] | None = None) -> str:
    """Days and hours ("10 d 23 h"), hours and minutes under a day, minutes under an hour;
    a negative time reads as overdue. Never hours alone past a day ("263:34")."""
    formats = formats or duration_formats()
    total_minutes = int(abs(seconds) // 60)
    days, rest = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        text = formats["days"] % {"d": days, "h": hours}
    elif hours:
        text = formats["hours"] % {"h": hours, "m": minutes}
    else:
        text = formats["minutes"] % {"m": minutes}
    return formats["overdue"] % {"time": text} if seconds < 0 else text


def choice_labels(choices) -> dict[str, str]:
    """{value: label} of a TextChoices, translated once: what get_FOO_display shows, without
    rebuilding and hashing the field's lazy choices in every cell of a long list."""
    return {value: str(label) for value, label in choices.choices}
