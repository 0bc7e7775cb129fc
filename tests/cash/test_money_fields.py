"""No float on the money path: scan the cash models and forms."""

import inspect

from django import forms
from django.apps import apps
from django.db import models

import roles.clerk.forms_cash
import roles.duty_manager.forms_cash
import roles.store_manager.forms_cash
from hallops import forms_money

CASH_MODULES = ("hallops.models.cash", "hallops.models.cash_bank", "hallops.models.cash_config")


def test_it_has_no_float_field_in_cash_models():
    checked = 0
    for model in apps.get_app_config("hallops").get_models():
        if model.__module__ not in CASH_MODULES:
            continue
        for field in model._meta.get_fields():
            assert not isinstance(field, models.FloatField), f"{model.__name__}.{field.name}"
            if isinstance(field, models.DecimalField):
                assert (field.max_digits, field.decimal_places) == (12, 2), field
                checked += 1
    assert checked >= 20


def test_it_has_no_float_field_in_cash_forms():
    checked = 0
    for module in (roles.clerk.forms_cash, roles.duty_manager.forms_cash,
                   roles.store_manager.forms_cash, forms_money):
        for _name, form_class in inspect.getmembers(module, inspect.isclass):
            if (not issubclass(form_class, forms.BaseForm)
                    or form_class.__module__ != module.__name__):
                continue
            kwargs = {}
            params = inspect.signature(form_class.__init__).parameters
            for extra in ("store", "lines", "reasons", "handins"):
                if extra in params:
                    kwargs[extra] = [] if extra != "store" else None
            try:
                form = form_class(**kwargs)
            except Exception:  # a form needing a real store: check its declared fields
                fields = form_class.base_fields
            else:
                fields = form.fields
            for fname, field in fields.items():
                assert not isinstance(field, forms.FloatField), f"{form_class.__name__}.{fname}"
                checked += 1
    assert checked > 10
