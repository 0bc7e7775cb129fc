from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallops.forms import IsoDateField
from hallops.models import Post, ShiftType
from hallops.people import display_name
from people.models import CorrectionSide, DayType, LeaveType


def _datetime_field(label, required=True):
    return forms.DateTimeField(
        label=label, required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


class LeaveForm(forms.Form):
    leave_type = forms.ModelChoiceField(label=_("Kind of leave"), queryset=LeaveType.objects.none())
    start_date = IsoDateField(label=_("From"))
    end_date = IsoDateField(label=_("To"))
    shift_types = forms.ModelMultipleChoiceField(
        label=_("Shifts (none chosen: the whole days)"), required=False,
        queryset=ShiftType.objects.none(), widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leave_type"].queryset = LeaveType.objects.filter(is_active=True)
        self.fields["leave_type"].label_from_instance = lambda t: t.label
        self.fields["shift_types"].queryset = ShiftType.objects.filter(store=store, is_active=True)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class CorrectionForm(forms.Form):
    target = forms.ChoiceField(label=_("Clock-in or shift to correct"))
    side = forms.ChoiceField(label=_("What to correct"), choices=CorrectionSide.choices)
    corrected_time = _datetime_field(_("Correct time"))
    corrected_out_time = _datetime_field(
        _("Time you left (only for a shift with no clock-in at all)"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, records, shifts, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {str(r.pk): r for r in records}
        self.shifts = {str(e.pk): e for e in shifts}
        choices = []
        for r in self.records.values():
            clock_in = timezone.localtime(r.clock_in)
            out = (timezone.localtime(r.clock_out).strftime("%H:%M")
                   if r.clock_out and not r.needs_correction else "?")
            choices.append((f"r{r.pk}", f"{r.business_date:%m-%d} {clock_in:%H:%M}–{out}"))
        for e in self.shifts.values():
            choices.append((f"e{e.pk}", f"{e.date:%m-%d} {e.shift_type.code} · "
                                        + str(_("no clock-in"))))
        self.fields["target"].choices = choices

    def target_objects(self):
        value = self.cleaned_data["target"]
        if value.startswith("r"):
            return self.records.get(value[1:]), None
        return None, self.shifts.get(value[1:])


class SwapForm(forms.Form):
    mine = forms.ChoiceField(label=_("Your shift"))
    theirs = forms.ChoiceField(label=_("Colleague's shift"))
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, mine, theirs, **kwargs):
        super().__init__(*args, **kwargs)
        self.mine = {str(e.pk): e for e in mine}
        self.theirs = {str(e.pk): e for e in theirs}
        self.fields["mine"].choices = [
            (k, f"{e.date:%m-%d} {e.shift_type.code} · {e.post.label}") for k, e in self.mine.items()]
        self.fields["theirs"].choices = [
            (k, f"{e.date:%m-%d} {e.shift_type.code} · {e.post.label} · {display_name(e.user)}")
            for k, e in self.theirs.items()]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("Accept the swap")),
                                        ("decline", _("Decline the swap"))])
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class StaffingRuleForm(forms.Form):
    day_type = forms.ChoiceField(label=_("Applies on"), choices=DayType.choices)
    starts_at = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    post = forms.ModelChoiceField(label=_("Post"), queryset=Post.objects.all())
    minimum = forms.IntegerField(label=_("Minimum staff"), min_value=1, max_value=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].label_from_instance = lambda p: p.label


class MonthForm(forms.Form):
    month = forms.RegexField(regex=r"^\d{4}-\d{2}$")
