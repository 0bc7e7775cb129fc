from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.forms import IsoDateField, Select
from hallops.forms_money import MoneyField
from hallops.imports import MAX_BYTES
from hallops.models import PaymentMethod, RoleAssignment, ShiftType
from hallops.people import display_name
from hallops.permissions import Role


class FloatIssueForm(forms.Form):
    clerk = forms.ModelChoiceField(label=_("Clerk"), queryset=None, widget=Select)
    shift_type = forms.ModelChoiceField(label=_("Shift"), queryset=None, required=False,
                                        widget=Select,
                                        help_text=_("Only when the clerk works two shifts."))
    amount = MoneyField(label=_("Change float"))

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        clerk_ids = RoleAssignment.objects.filter(store=store, role=Role.CLERK, is_active=True)
        self.fields["clerk"].queryset = get_user_model().objects.filter(
            pk__in=clerk_ids.values("user_id"), is_active=True).order_by("username")
        self.fields["clerk"].label_from_instance = display_name
        self.fields["shift_type"].queryset = ShiftType.objects.filter(store=store,
                                                                      is_active=True)


class ExpectedForm(forms.Form):
    """What the billing system says, typed in by method."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for method, label in PaymentMethod.choices:
            self.fields[method] = MoneyField(label=label, required=method == PaymentMethod.CASH)

    def amounts(self) -> dict:
        return {m: self.cleaned_data.get(m) or 0 for m in PaymentMethod.values}


class ImportForm(forms.Form):
    day = IsoDateField(label=_("Business date"))
    file = forms.FileField(label=_("BOSS daily settlement (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.")
                                        % {"mb": MAX_BYTES // (1024 * 1024)})
        return upload


class ConfirmForm(forms.Form):
    received_cash = MoneyField(label=_("Cash received"))
    received_cheque = MoneyField(label=_("Cheques received"), required=False)


class TailCashForm(forms.Form):
    day = IsoDateField(label=_("Business date"))
    amount = MoneyField(label=_("Tail cash left in the safe"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
