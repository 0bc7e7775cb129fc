"""The bank-deposit form (与银行交接): the store manager and the fund receiver record the
same collection through it (see cash_deposit.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.forms_money import MoneyField
from hallops.money import format_money
from hallops.people import display_name


class DepositForm(forms.Form):
    slip_no = forms.CharField(label=_("Deposit slip number"), max_length=40)
    collected_at = forms.DateTimeField(
        label=_("Collected at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    collectors = forms.CharField(
        label=_("Collectors (one name per line, at least two)"),
        widget=forms.Textarea(attrs={"rows": 2}), max_length=500)
    cash_amount = MoneyField(label=_("Cash deposited"))
    cheque_amount = MoneyField(label=_("Cheques deposited"), required=False)
    handins = forms.MultipleChoiceField(label=_("Hand-ins carried"),
                                        widget=forms.CheckboxSelectMultiple)
    mismatch_reason = forms.CharField(
        label=_("Reason, if the deposit does not match the hand-ins"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def __init__(self, *args, handins, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handins"].choices = [
            (str(h.pk), f"{h.session.business_date:%m-%d} {display_name(h.session.clerk)} · "
                        f"{h.bag_no}/{h.seal_no} · {format_money(h.cash_due)} + "
                        f"{format_money(h.cheque_due)}")
            for h in handins
        ]

    def clean_collectors(self):
        return [line.strip() for line in self.cleaned_data["collectors"].splitlines()
                if line.strip()]
