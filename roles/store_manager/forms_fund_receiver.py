from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.people import display_name
from hallops.selectors.roster import store_staff


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class FundReceiverGrantForm(forms.Form):
    """Pick a member of this store's staff to make a fund receiver (资金接收员)."""

    user = StaffChoiceField(
        label=_("Staff member"), queryset=None,
        error_messages={"invalid_choice": _("That person does not work in this store; only its "
                                            "own staff can receive its funds.")},
    )

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = store_staff(store)
