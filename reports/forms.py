import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallops.forms import IsoDateField

from .models import Kind

YEARLY_DAY_HELP = _("The day, or any day of the week, month or year, the workbook covers. This "
                    "year's regional yearly workbook runs to yesterday's close: today is added "
                    "once the day closes.")


class BuildForm(forms.Form):
    """A workbook and any day of the period it should cover."""

    kind = forms.ChoiceField(label=_("Workbook"))
    day = IsoDateField(
        label=_("A day in the period"),
        help_text=_("The day, or any day of the week or month, the workbook covers."),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in Kind if k in kinds]
        if Kind.REGION_YEARLY in kinds:  # who builds the yearly is told what it holds
            self.fields["day"].help_text = YEARLY_DAY_HELP
        if not self.is_bound:
            self.initial.setdefault("day", timezone.localdate())

    def clean_day(self):
        day = self.cleaned_data["day"]
        today = timezone.localdate()
        if day > today:
            raise forms.ValidationError(_("Choose a day that is not in the future."))
        if day < today - datetime.timedelta(days=3 * 366):
            raise forms.ValidationError(_("Workbooks go back three years at most."))
        return day
