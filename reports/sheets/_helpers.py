"""Small conversions shared by the sheets (no sheet registers here)."""

from django.utils import timezone

from hallops.people import display_name

from . import L

YES = L("是", "Yes")
NO = L("否", "No")


def person(user) -> str:
    """A person as the workbooks name them: family name + given name, else the username."""
    return display_name(user)


def employee_no(user) -> str:
    profile = getattr(user, "profile", None) if user is not None else None
    return getattr(profile, "employee_no", "") or ""


def local(moment):
    """An aware moment as local wall time without a zone (Excel has no time zones)."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def yes_no(flag) -> str:
    if flag is None:
        return ""
    return str(YES if flag else NO)


def label(named) -> L:
    """The bilingual label of a BilingualNamed row (name, name_en)."""
    return L(named.name, named.name_en or named.name)


def ratio(part, whole):
    """part / whole as a fraction for a PERCENT column (None when there is nothing to measure)."""
    return round(part / whole, 4) if whole else None
