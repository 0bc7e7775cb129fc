"""Money, in one place: yuan with two decimals (fen), never float.

One rule for every service that takes an amount (till counts, bank deposits, imports, daily
reports, complaint compensation, competitor prices): a third decimal is refused with a message
for the user, never rounded away. One way to show an amount on screen, in messages and in
text cells of workbooks: `format_money` (the `money` template filter).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TypedDict

from django.utils.translation import gettext as _

from hallops.exceptions import DomainError

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


class MoneyFieldKwargs(TypedDict):
    max_digits: int
    decimal_places: int


# The model fields' kwargs: twelve digits, two of them decimals (a TypedDict so that
# `DecimalField(**MONEY)` type-checks).
MONEY: MoneyFieldKwargs = {"max_digits": 12, "decimal_places": 2}
# The largest amount those fields hold.
MAX_MONEY = Decimal("9999999999.99")


def _not_money(value, field):
    return DomainError(_("“%(value)s” is not an amount of money.") % {"value": value},
                       field=field)


def to_money(value, *, field: str | None = None, allow_negative: bool = False) -> Decimal:
    """A Decimal with exactly two places, or DomainError with a message for the user.

    Accepts Decimal, int, str ("1,280.50" too) and float (spreadsheet cells: a float goes
    through its shortest repr, so 12.3 stays 12.30 rather than picking up binary noise).
    A negative zero comes back as 0.00 so that it never shows as "-0.00".
    """
    if isinstance(value, bool) or value is None or value == "":
        raise DomainError(_("Enter an amount."), field=field)
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, Decimal):
        amount = value
    else:
        try:
            amount = Decimal(str(value).strip().replace(",", ""))
        except (InvalidOperation, ValueError):
            raise _not_money(value, field) from None
    if not amount.is_finite():
        raise _not_money(value, field)
    if abs(amount) > MAX_MONEY:
        raise DomainError(_("The amount is too large."), field=field)
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise DomainError(_("Amounts have at most two decimal places (fen)."), field=field)
    if amount < 0 and not allow_negative:
        raise DomainError(_("The amount cannot be negative."), field=field)
    amount = amount.quantize(CENT)
    return ZERO if amount == 0 else amount


def to_money_or_none(value, *, field: str | None = None,
                     allow_negative: bool = False) -> Decimal | None:
    """`to_money` for an optional amount: None or an empty string stays None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return to_money(value, field=field, allow_negative=allow_negative)


def require_storable(total: Decimal, *, what: str, field: str | None = None) -> Decimal:
    """Refuse a derived total (a sum of entries) that a money column cannot hold.

    Each entry is within range on its own, but their sum may not be: checked before the
    total is stored, so the refusal is a message instead of a database error."""
    if abs(total) > MAX_MONEY:
        raise DomainError(
            _("%(what)s would come to %(amount)s yuan, more than can be recorded; check the "
              "amounts entered.") % {"what": what, "amount": f"{total:,.2f}"}, field=field)
    return total


def round_money(value) -> Decimal:
    """A computed figure (a database sum, a difference) as money: rounded half up to the fen.

    Not for input, which `to_money` refuses rather than rounds. SQLite hands sums back as
    floats: they go through their shortest repr, so 0.1 + 0.2 stays 0.30.
    """
    if value is None:
        return ZERO
    if isinstance(value, float):
        value = repr(value)
    amount = Decimal(value if isinstance(value, Decimal) else str(value))
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return ZERO if amount == 0 else amount


def format_money(value, empty: str = "—") -> str:
    """An amount as people read it: two decimals, no "-0.00", `empty` for no amount.

    Computed figures (sums, differences) may carry more or fewer places than two; they are
    rounded half up to the fen here, for display only.
    """
    if value is None or value == "":
        return empty
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if amount == 0:
        amount = ZERO
    return f"{amount:.2f}"


def format_face_value(value: Decimal) -> str:
    """A note's or coin's face value in yuan, plainly: 100, 0.5 (never 1E+2)."""
    return f"{Decimal(value).normalize():f}"
