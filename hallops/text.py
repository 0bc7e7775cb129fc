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
