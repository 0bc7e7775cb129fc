from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    """<input type=date> always takes an ISO value (2026-11-29), whatever the language; the
    Chinese date format (2026/11/29) would leave the field empty in the browser."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's argument name
        super().__init__(attrs, format or ISO_DATE)


class IsoDateField(forms.DateField):
    """A date field shown as a date picker: the one date field every form uses."""

    widget = IsoDateInput


class IsoMonthInput(forms.DateInput):
    """<input type=month>: a month as 2026-11 in every language."""

    input_type = "month"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's argument name
        super().__init__(attrs, format or "%Y-%m")


class IsoMonthField(forms.DateField):
    """A month picker (2026-11), read as the month's first day."""

    widget = IsoMonthInput
    input_formats = ["%Y-%m", ISO_DATE]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class ActingForm(forms.Form):
    assignment = forms.IntegerField()


class ClockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (if late or leaving early)"), max_length=200, required=False
    )
