"""Bounds for numeric form fields, so no number the database cannot store gets past a form.

A number beyond its column reaches PostgreSQL as a DataError (a 500), while SQLite stores
it; Django's own model validators follow the connection, so on SQLite they allow up to
9223372036854775807. The bounds here are PostgreSQL's column ranges, tightened by any
Min/MaxValueValidator on the model field (a domain maximum where the column's is absurd).
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.backends.base.operations import BaseDatabaseOperations

from hallops.models.base import MAX_COUNT

__all__ = ["MAX_BIG", "MAX_COUNT", "MAX_TARGET", "BoundedModelForm", "bound_field",
           "column_bounds"]

# PostgreSQL's ranges (Django's portable defaults), whatever database runs the tests.
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges

# Domain maxima for plain forms.Form fields (MAX_COUNT: things one desk handles in a day; a
# month's target per product line: far above any real figure, far below the column's limit).
MAX_TARGET = 100_000
MAX_BIG = INTEGER_RANGES["PositiveBigIntegerField"][1]


def column_bounds(model_field) -> tuple | None:
    """(lowest, highest) value the model field's column and validators accept, or None."""
    internal = model_field.get_internal_type()
    if internal in INTEGER_RANGES:
        low, high = INTEGER_RANGES[internal]
    elif internal == "DecimalField":
        places = model_field.decimal_places
        high = Decimal(10) ** (model_field.max_digits - places) - Decimal(10) ** -places
        low = -high
    else:
        return None
    for validator in model_field.validators:
        limit = validator.limit_value if hasattr(validator, "limit_value") else None
        if limit is None or callable(limit):
            continue
        if isinstance(validator, MinValueValidator):
            low = max(low, limit)
        elif isinstance(validator, MaxValueValidator):
            high = min(high, limit)
    return low, high


def bound_field(field: forms.Field, low, high) -> None:
    """Narrow a numeric form field to [low, high] (never widen what it already allows)."""
    if not isinstance(field, forms.IntegerField | forms.DecimalField):
        return
    if high is not None and (field.max_value is None or field.max_value > high):
        field.max_value = high
        field.validators.append(MaxValueValidator(high))
        field.widget.attrs["max"] = str(high)
    if low is not None and (field.min_value is None or field.min_value < low):
        field.min_value = low
        field.validators.append(MinValueValidator(low))
        field.widget.attrs["min"] = str(low)


class BoundedModelForm(forms.ModelForm):
    """A ModelForm whose numeric fields accept only what their model field's column holds.

    Every ModelForm of the project inherits this instead of forms.ModelForm."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        opts = self._meta.model._meta
        for name, field in self.fields.items():
            try:
                model_field = opts.get_field(name)
            except FieldDoesNotExist:  # a form-only field has no column
                continue
            bounds = column_bounds(model_field) if model_field.concrete else None
            if bounds is not None:
                bound_field(field, *bounds)
