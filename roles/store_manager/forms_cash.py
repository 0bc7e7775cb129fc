from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.forms_money import MoneyField
from hallops.models import DiscrepancyKind, PaymentMethod


class AdjustmentForm(forms.Form):
    method = forms.ChoiceField(label=_("Payment method"), choices=PaymentMethod.choices)
    amount = MoneyField(label=_("Amount"), allow_negative=True,
                        help_text=_("Positive when more was taken than counted, negative when "
                                    "less."))
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(
        attrs={"rows": 2}))


class RegisterFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))] + DiscrepancyKind.choices,
                             required=False)
    pending = forms.BooleanField(label=_("Pending investigation only"), required=False)
