"""Forms on duty logs used by more than one role: the store manager's review (countersign or
send back) and the date/status filter of the log lists (store manager, supervisor)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.forms import IsoDateField
from hallops.models import DutyLog


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("What needs correcting"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class LogFilterForm(forms.Form):
    date = IsoDateField(label=_("Date"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", "—"), *DutyLog._meta.get_field("status").choices])
