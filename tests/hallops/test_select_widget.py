"""hallops.forms.Select writes exactly what Django's <select> templates write."""

import pytest
from django import forms

from hallops.forms import Select

CHOICES = [
    ("", "—"),
    ("Group <A>", [(1, "One & only"), (2, '"Two"')]),
    (3, "Three"),
    ("Group B", [(4, "Four")]),
]


@pytest.mark.parametrize("value", [None, "", 2, "3", "<b>"])
@pytest.mark.parametrize("attrs", [None, {"class": "form-select", "id": "id_x", "required": True,
                                          "disabled": False, "data-x": 'a"b'}])
@pytest.mark.parametrize("choices", [CHOICES, [("", "All"), (1, "SJZ001 和平路营业厅"), (2, "<i>")]])
def test_it_renders_as_django_does(value, attrs, choices):
    ours, django = Select(choices=choices), forms.Select(choices=choices)
    assert ours.render("x<y", value, attrs) == django.render("x<y", value, attrs)


def test_a_bound_form_renders_the_same():
    class Plain(forms.Form):
        f = forms.TypedChoiceField(choices=CHOICES, coerce=int, required=False)

    class Fast(forms.Form):
        f = forms.TypedChoiceField(choices=CHOICES, coerce=int, required=False, widget=Select)

    for data in ({}, {"f": "4"}, {"f": "bad"}):
        assert str(Fast(data)["f"]) == str(Plain(data)["f"])
