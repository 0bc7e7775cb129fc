from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class ActingForm(forms.Form):
    assignment = forms.IntegerField()


class ClockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (if late or leaving early)"), max_length=200, required=False
    )
