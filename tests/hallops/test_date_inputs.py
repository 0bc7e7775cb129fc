"""Date inputs take ISO values in every language: type=date rejects 2026/11/29 (the Chinese
format) and shows an empty field."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

from hallops.forms import IsoMonthField
from tests.sources import PROJECT_PACKAGES

PACKAGES = PROJECT_PACKAGES
DAY = datetime.date(2026, 11, 29)


def _project_forms():
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if ".forms" in info.name or info.name.endswith("forms"):
                importlib.import_module(info.name)
    seen, stack = set(), [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return [cls for cls in seen if cls.__module__.split(".")[0] in PACKAGES]


def _date_fields():
    found = []
    for form in _project_forms():
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                found.append((f"{form.__module__}.{form.__name__}.{name}", field))
    return found


def test_it_finds_the_forms_date_fields():
    names = [name for name, _field in _date_fields()]
    assert any(name.endswith("BuildForm.day") for name in names)
    assert len(names) >= 8


@pytest.mark.parametrize(("name", "field"), _date_fields(), ids=lambda v: v if isinstance(v, str) else "")
def test_it_renders_every_date_input_with_an_iso_value_in_chinese(name, field):
    with translation.override("zh-hans"):
        html = field.widget.render("d", DAY)
    if isinstance(field, IsoMonthField):  # a month picker: 2026-11
        assert 'type="month"' in html and 'value="2026-11"' in html, name
        return
    assert 'type="date"' in html, name
    assert 'value="2026-11-29"' in html, name


@pytest.mark.django_db
def test_it_prefills_the_reports_page_date_as_iso(world, clients):
    html = clients.sm_a.get(reverse("reports:archive")).content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html
    assert f'value="{timezone.localdate():%Y/%m/%d}"' not in html
