"""hallops.forms.Select renders the very HTML of Django's Select, without a template per option."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from hallops.forms import Select

CHOICES = [("", "All"), ("a", "Alpha & <b>"), (3, "Three"), ("x\"y", mark_safe("<i>safe</i>"))]


@pytest.mark.parametrize("value", [None, "", "a", "3", 3, ["a"], "x\"y", "missing"])
@pytest.mark.parametrize("attrs", [None, {"class": "form-select", "data-x": "1<2"},
                                   {"required": True, "disabled": False, "id": "id_f"}])
def test_it_renders_what_django_renders(value, attrs):
    light = Select(choices=CHOICES).render("f", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("f", value, attrs=attrs)
    assert light == django


def test_a_form_field_and_option_groups_render_as_django_renders():
    class F(forms.Form):
        plain = forms.ChoiceField(choices=CHOICES, widget=Select)
        groups = forms.ChoiceField(choices=[("G", [("1", "One")]), ("2", "Two")], widget=Select)

    class G(forms.Form):
        plain = forms.ChoiceField(choices=CHOICES)
        groups = forms.ChoiceField(choices=[("G", [("1", "One")]), ("2", "Two")])

    data = {"plain": "a", "groups": "1"}
    assert str(F(data)["plain"]) == str(G(data)["plain"])
    assert str(F(data)["groups"]) == str(G(data)["groups"])
    assert str(F()["plain"]) == str(G()["plain"])
