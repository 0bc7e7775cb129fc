import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallops.forms import IsoMonthField, Select
from hallops.models import Post
from hallops.people import display_name
from hallops.selectors.roster import store_staff
from hr.models import CertificateKind
from hr.services.staff import GRANTABLE_ROLES

MEETING_DAYS = 92
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeopleField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return display_name(obj)


class StaffForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    employee_no = forms.CharField(label=_("Employee number (also the login name)"), max_length=20)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    post = forms.ModelChoiceField(label=_("Post"), queryset=Post.objects.all(), required=False)
    position = forms.CharField(label=_("Position"), max_length=60, required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles in this store"), widget=forms.CheckboxSelectMultiple,
        choices=[(r.value, r.label) for r in GRANTABLE_ROLES],
        error_messages={"invalid_choice": _("A store manager cannot grant that role.")})
    start_date = forms.DateField(label=_("Start date in this store"), required=False, widget=DATE)
    hire_date = forms.DateField(label=_("Hire date"), required=False, widget=DATE)


class DeactivateForm(forms.Form):
    ended_on = forms.DateField(label=_("Left on"), required=False, widget=DATE)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Staff sheet (.xlsx)"))


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CertificateKind.choices)
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    number = forms.CharField(label=_("Certificate number"), max_length=40, required=False)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DATE)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DATE)


class MonthOpenForm(forms.Form):
    month = IsoMonthField(label=_("Month"))


class DisputeForm(forms.Form):
    reason = forms.CharField(label=_("Why do you dispute it?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class TrainingForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    trainer = forms.CharField(label=_("Trainer"), max_length=60)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    material = forms.CharField(label=_("Material"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    meeting = forms.ModelChoiceField(label=_("Morning meeting"), queryset=None, required=False,
                                     widget=Select)  # three months of meetings
    attendees = PeopleField(label=_("Attendees"), queryset=None)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        from hallops.models import MorningMeeting

        self.fields["attendees"].queryset = store_staff(store)
        # Meetings of the last three months (a sliced queryset cannot validate a choice).
        since = timezone.localdate() - datetime.timedelta(days=MEETING_DAYS)
        self.fields["meeting"].queryset = MorningMeeting.objects.filter(
            store=store, business_date__gte=since).order_by("-business_date")
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.business_date:%Y-%m-%d} {m.training_topic}".strip())


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=120)
    plan = forms.CharField(label=_("Plan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    cost = forms.CharField(label=_("Budgeted cost (yuan)"), max_length=20, initial="0.00")
    participants = PeopleField(label=_("Participants"), queryset=None, required=False)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = store_staff(store)


class ActivityReportForm(forms.Form):
    report = forms.CharField(label=_("Short report"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 4}))
    cost = forms.CharField(label=_("Actual cost (yuan)"), max_length=20)
    participants = PeopleField(label=_("Who took part"), queryset=None, required=False)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = store_staff(store)


