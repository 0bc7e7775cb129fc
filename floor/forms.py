"""Forms of the floor board, the thresholds and the desk-ready check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.forms import IsoDateField
from hallops.imports import MAX_BYTES
from hallops.models.base import MAX_MINUTES_IN_DAY

from .models import MAX_DESKS, MAX_WAITING, ActionKind, QueueType


def _number(label, maximum):
    return forms.IntegerField(
        label=label, min_value=0, max_value=maximum,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control stepper-input",
                                        "min": 0, "max": maximum}))


class BoardForm(forms.Form):
    """Desks open, tickets waiting and the longest wait of every active queue, in one submit."""

    def __init__(self, *args, queues, **kwargs):
        super().__init__(*args, **kwargs)
        self.queues = list(queues)
        for queue in self.queues:
            self.fields[f"desks_{queue.pk}"] = _number(_("Desks open"), MAX_DESKS)
            self.fields[f"waiting_{queue.pk}"] = _number(_("Tickets waiting"), MAX_WAITING)
            self.fields[f"wait_{queue.pk}"] = _number(_("Longest wait (minutes)"), MAX_MINUTES_IN_DAY)

    def rows(self):
        return [(queue, self[f"desks_{queue.pk}"], self[f"waiting_{queue.pk}"], self[f"wait_{queue.pk}"])
                for queue in self.queues]

    def readings(self) -> list[dict]:
        data = self.cleaned_data
        return [{"queue_type": q, "desks_open": data[f"desks_{q.pk}"], "waiting": data[f"waiting_{q.pk}"],
                 "longest_wait_minutes": data[f"wait_{q.pk}"]} for q in self.queues]


class ActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Action"), choices=ActionKind.choices)
    queue_type = forms.ModelChoiceField(label=_("Queue"), queryset=QueueType.objects.filter(is_active=True),
                                        required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ImportForm(forms.Form):
    day = IsoDateField(label=_("Business date"))
    file = forms.FileField(label=_("Queue machine export (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.")
                                        % {"mb": MAX_BYTES // (1024 * 1024)})
        return upload


class ThresholdForm(forms.Form):
    amber_waiting = forms.IntegerField(label=_("Amber when more than this many are waiting"),
                                       min_value=0, max_value=MAX_WAITING)
    amber_wait_minutes = forms.IntegerField(label=_("Amber when the longest wait is over (minutes)"),
                                            min_value=0, max_value=MAX_MINUTES_IN_DAY)
    red_waiting = forms.IntegerField(label=_("Red when more than this many are waiting"),
                                     min_value=0, max_value=MAX_WAITING)
    red_wait_minutes = forms.IntegerField(label=_("Red when the longest wait is over (minutes)"),
                                          min_value=0, max_value=MAX_MINUTES_IN_DAY)


class DeskReadyForm(forms.Form):
    ready = forms.MultipleChoiceField(
        label=_("Ready"), required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    desk = forms.CharField(label=_("Desk"), max_length=20, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-lg"}))
    note = forms.CharField(label=_("What is missing and what you did"), max_length=300,
                           required=False,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-lg"}))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ready"].choices = [(str(i.pk), i.label) for i in items]
