"""Form fields for money: Decimal with two places, never float."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.money import MAX_MONEY, MONEY


class MoneyField(forms.DecimalField):
    """Yuan with at most two decimals (fen); non-negative unless `allow_negative`."""

    default_error_messages = {
        "invalid": _("Enter an amount of money, such as 125.50."),
    }

    def __init__(self, *, allow_negative: bool = False, **kwargs):
        kwargs.setdefault("max_digits", MONEY["max_digits"])
        kwargs.setdefault("decimal_places", MONEY["decimal_places"])
        kwargs.setdefault("max_value", MAX_MONEY)
        if not allow_negative:
            kwargs.setdefault("min_value", Decimal("0"))
        else:
            kwargs.setdefault("min_value", -MAX_MONEY)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "decimal"
        return attrs
