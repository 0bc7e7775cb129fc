"""Forms of the duty manager's day: ticks, faults, incidents, opinions, the log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.forms import IsoDateField, Select
from hallops.forms_bounds import BoundedModelForm
from hallops.models import (
    DutyLog,
    Equipment,
    EquipmentKind,
    FaultStatus,
    Incident,
    IncidentKind,
    OpinionChannel,
    OpinionKind,
    ShiftType,
)
from roles.common.checklists import RoutineTickForm


class TickForm(RoutineTickForm):
    """A routine tick, and on an inspection the equipment fault a problem opens."""

    open_fault = forms.BooleanField(label=_("Open an equipment fault"), required=False)
    equipment = forms.ModelChoiceField(
        label=_("Equipment"), queryset=Equipment.objects.none(), required=False, widget=Select
    )

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment"].queryset = Equipment.objects.filter(store=store, is_active=True)


class EquipmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=EquipmentKind.choices)
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    serial = forms.CharField(label=_("Serial number"), max_length=60, required=False)


class FaultForm(forms.Form):
    equipment = forms.ModelChoiceField(
        label=_("Equipment"), queryset=Equipment.objects.none(), required=False, widget=Select
    )
    description = forms.CharField(label=_("What is wrong"), max_length=500)
    reported_to = forms.CharField(label=_("Reported to"), max_length=100, required=False)
    ticket_no = forms.CharField(label=_("External ticket number"), max_length=60, required=False)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment"].queryset = Equipment.objects.filter(store=store, is_active=True)


class FaultUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(FaultStatus.REPORTED, FaultStatus.REPORTED.label),
                 (FaultStatus.FIXED, FaultStatus.FIXED.label)],
    )
    reported_to = forms.CharField(label=_("Reported to"), max_length=100, required=False)
    ticket_no = forms.CharField(label=_("External ticket number"), max_length=60, required=False)


class IncidentStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    summary = forms.CharField(label=_("What happened"), max_length=300)


class IncidentDetailsForm(BoundedModelForm):
    class Meta:
        model = Incident
        fields = ["scope", "customers_affected", "paper_forms", "notified"]


class IncidentReportForm(forms.Form):
    report = forms.CharField(label=_("Post-incident report"),
                             widget=forms.Textarea(attrs={"rows": 5}))


class OpinionForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=OpinionChannel.choices, widget=Select)
    kind = forms.ChoiceField(label=_("Kind"), choices=OpinionKind.choices, widget=Select)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000)
    customer_name = forms.CharField(label=_("Customer name (optional)"), max_length=60,
                                    required=False)
    customer_phone = forms.CharField(label=_("Customer phone (optional)"), max_length=20,
                                     required=False)


class OpinionReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply given"), widget=forms.Textarea(attrs={"rows": 2}),
                            max_length=2000)


class DutyLogStartForm(forms.Form):
    business_date = IsoDateField(label=_("Business date"))
    shift_type = forms.ModelChoiceField(label=_("Shift"), queryset=ShiftType.objects.none())

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift_type"].queryset = ShiftType.objects.filter(store=store, is_active=True)


class DutyLogForm(BoundedModelForm):
    """What only the duty manager knows; everything else assembles itself."""

    class Meta:
        model = DutyLog
        fields = list(DutyLog.CONTENT_FIELDS)
        widgets = {
            "notable_customers": forms.Textarea(attrs={"rows": 2}),
            "notices": forms.Textarea(attrs={"rows": 2}),
            "handover": forms.Textarea(attrs={"rows": 3}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DutyLog.REQUIRED_ON_SUBMIT:
            self.fields[name].widget.attrs["data-required-on-submit"] = "1"
            self.fields[name].label = f"{self.fields[name].label} *"


class AmendForm(DutyLogForm):
    reason = forms.CharField(label=_("Reason for the amendment"), max_length=500)

    class Meta(DutyLogForm.Meta):
        pass
