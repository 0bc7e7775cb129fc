"""Turning user or spreadsheet input into money: two decimals, finite, within range."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from hallops.exceptions import DomainError

CENT = Decimal("0.01")
# max_digits=12, decimal_places=2
MAX_MONEY = Decimal("9999999999.99")


def to_money(value, *, field: str | None = None, allow_negative: bool = False) -> Decimal:
    """A Decimal with exactly two places, or DomainError with a message for the user.

    Floats (from spreadsheet cells) go through their shortest repr, so 12.3 stays 12.30
    rather than picking up binary noise.
    """
    if isinstance(value, bool) or value is None:
        raise DomainError(_("Enter an amount."), field=field)
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().replace(",", "")) if not isinstance(
            value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise DomainError(_("“%(value)s” is not an amount of money.") % {"value": value},
                          field=field)
    if not amount.is_finite():
        raise DomainError(_("“%(value)s” is not an amount of money.") % {"value": value},
                          field=field)
    if abs(amount) > MAX_MONEY:
        raise DomainError(_("The amount is too large."), field=field)
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise DomainError(_("Amounts have at most two decimal places (fen)."), field=field)
    if amount < 0 and not allow_negative:
        raise DomainError(_("The amount cannot be negative."), field=field)
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def require_storable(total: Decimal, *, what: str, field: str | None = None) -> Decimal:
    """Refuse a derived total (a sum of entries) that a money column cannot hold.

    Each entry is within range on its own, but their sum may not be: checked before the
    total is stored, so the refusal is a message instead of a database error."""
    if abs(total) > MAX_MONEY:
        raise DomainError(
            _("%(what)s would come to %(amount)s yuan, more than can be recorded; check the "
              "amounts entered.") % {"what": what, "amount": f"{total:,.2f}"}, field=field)
    return total
