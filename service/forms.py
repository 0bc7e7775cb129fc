"""Forms of the service pages: the check on the floor, a mystery-shopper visit, a violation
entered by hand, a follow-up, the acknowledgement and the import."""

from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hallops.forms import IsoDateField
from hallops.people import display_name

from .models import CheckItem, FollowUp

PASS, FAULT = "pass", "fault"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class ServiceCheckForm(forms.Form):
    """Pass or fault per item (pass preselected: the checker taps the faults) with a note."""

    staff = PersonChoiceField(label=_("Clerk checked"), queryset=None,
                              empty_label=_("— choose —"))
    note = forms.CharField(label=_("Overall note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset
        self.items = list(items)
        for item in self.items:
            self.fields[f"r_{item.pk}"] = forms.ChoiceField(
                label=item.label, choices=((PASS, pgettext_lazy("service check", "Pass")),
                         (FAULT, pgettext_lazy("service check", "Fault"))),
                initial=PASS, widget=forms.RadioSelect)
            self.fields[f"n_{item.pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=300)

    def groups(self):
        """[(article or None, [(item, result field, note field)])] in the form's order."""
        rows = [(item, self[f"r_{item.pk}"], self[f"n_{item.pk}"]) for item in self.items]
        return [(article, list(group))
                for article, group in groupby(rows, key=lambda row: row[0].article)]

    def answers(self) -> dict[int, tuple[bool, str]]:
        return {item.pk: (self.cleaned_data[f"r_{item.pk}"] == PASS,
                          self.cleaned_data[f"n_{item.pk}"])
                for item in self.items}


class AcknowledgeForm(forms.Form):
    comment = forms.CharField(label=_("Your comment (optional)"), required=False, max_length=500)


class MysteryVisitForm(forms.Form):
    reference = forms.CharField(label=_("Visit number"), max_length=40)
    visited_on = IsoDateField(label=_("Visit date"))
    staff = PersonChoiceField(label=_("Staff member served"), queryset=None, required=False,
                              empty_label=_("— not known —"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, items, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset
        self.items = list(items)
        for item in self.items:
            self.fields[f"s_{item.pk}"] = forms.DecimalField(
                label=f"{item.label} (0–{item.points})", required=False, min_value=0,
                max_value=item.points, max_digits=4, decimal_places=1)
            self.fields[f"n_{item.pk}"] = forms.CharField(label=_("Note"), required=False,
                                                          max_length=300)

    def score_rows(self):
        return [(item, self[f"s_{item.pk}"], self[f"n_{item.pk}"]) for item in self.items]

    def scores(self):
        return {item.pk: (self.cleaned_data[f"s_{item.pk}"], self.cleaned_data[f"n_{item.pk}"])
                for item in self.items if self.cleaned_data.get(f"s_{item.pk}") is not None}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Mystery-shopper results (.xlsx)"))


class ViolationForm(forms.Form):
    staff = PersonChoiceField(label=_("Staff member"), queryset=None,
                              empty_label=_("— choose —"))
    occurred_on = IsoDateField(label=_("Date"))
    item = forms.ModelChoiceField(label=_("Norm broken"), queryset=CheckItem.objects.none(),
                                  required=False, empty_label=_("— none in particular —"))
    description = forms.CharField(label=_("What happened"), max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, staff_queryset, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset
        self.fields["item"].queryset = items


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Follow-up"), choices=FollowUp.Kind.choices)
    done_on = IsoDateField(label=_("Date"))
    note = forms.CharField(label=_("What was done"), max_length=500)
    closes = forms.BooleanField(label=_("This closes the violation"), required=False)
