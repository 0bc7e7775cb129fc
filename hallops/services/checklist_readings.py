"""Readings taken on checklist items: checked against the item's kind and range."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from hallops.exceptions import DomainError
from hallops.models import ChecklistItem, ReadingKind, TickStatus
from hallops.money import format_money
from hallops.selectors.cash import cash_policy

# No desk or safe on a business hall's floor holds a million yuan; beyond it is a typing slip.
MAX_AMOUNT_READING = Decimal("1000000")


# Units people type after the figure; the item's label already names the unit.
_UNITS = ("元", "℃", "°C", "°")


def _number(reading: str) -> Decimal:
    text = reading.replace(",", "").replace("¥", "").strip()
    for unit in _UNITS:
        text = text.removesuffix(unit).strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise DomainError(_("Enter the reading as a number."), field="reading")
    return value


def _out_of_range(low, high) -> DomainError:
    if low is not None and high is not None:
        message = _("The reading must be between %(low)s and %(high)s.") % {
            "low": f"{low:g}", "high": f"{high:g}"}
    elif low is not None:
        message = _("The reading cannot be below %(low)s.") % {"low": f"{low:g}"}
    else:
        message = _("The reading cannot be above %(high)s.") % {"high": f"{high:g}"}
    return DomainError(message, field="reading")


def reading_check(*, item: ChecklistItem, reading: str, status: str, store) -> str:
    """The reading as stored, or DomainError when it cannot be right for this item."""
    if not reading or item.reading_kind == ReadingKind.TEXT:
        return reading
    value = _number(reading)
    low, high = item.reading_min, item.reading_max
    if item.reading_kind in (ReadingKind.AMOUNT, ReadingKind.DESK_FLOAT):
        low = max(low, Decimal(0)) if low is not None else Decimal(0)
        high = min(high, MAX_AMOUNT_READING) if high is not None else MAX_AMOUNT_READING
    if (low is not None and value < low) or (high is not None and value > high):
        raise _out_of_range(low, high)
    if item.reading_kind == ReadingKind.DESK_FLOAT and status == TickStatus.DONE:
        cap = cash_policy(store).float_cap
        if value > cap:
            # Above the cap the check has found something: that is a problem, not "done".
            raise DomainError(
                _("%(value)s is above the float cap of %(cap)s: record it as a problem with "
                  "a note.") % {"value": format_money(value), "cap": format_money(cap)},
                field="reading")
    if item.reading_kind in (ReadingKind.AMOUNT, ReadingKind.DESK_FLOAT):
        return format_money(value)
    return f"{value:g}" if value == value.to_integral_value() else str(value)
