"""Forms of the clerk's business pages: import, service records, handover (the daily report
form, shared with the duty manager, is in roles.common.forms_business)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.forms_bounds import BoundedModelForm
from hallops.models import Handover, ServiceRecord
from hallops.people import display_name
from hallops.selectors.roster import store_staff
from hallops.text import PHONE_RE


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Billing system daily statistics (.xlsx)"))


class ServiceRecordForm(BoundedModelForm):
    class Meta:
        model = ServiceRecord
        fields = ["kind", "customer_phone", "customer_level", "leaving_reason", "offer_made",
                  "outcome", "care_group", "competitor", "competitor_offer", "competitor_price",
                  "customer_said", "notes"]
        widgets = {"customer_said": forms.Textarea(attrs={"rows": 2}),
                   "notes": forms.Textarea(attrs={"rows": 2})}

    def clean_customer_phone(self):
        value = (self.cleaned_data.get("customer_phone") or "").replace(" ", "")
        if value and not PHONE_RE.match(value):
            raise forms.ValidationError(_("A customer number has 11 digits and starts with 1."))
        return value


class HandoverForm(BoundedModelForm):
    class Meta:
        model = Handover
        fields = ["incoming", "open_items", "invoice_first", "invoice_last", "sim_cards",
                  "value_cards"]
        widgets = {"open_items": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, store, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incoming"].queryset = store_staff(store).exclude(pk=user.pk)
        self.fields["incoming"].label_from_instance = (
            display_name)


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
