from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.forms_bounds import MAX_TARGET


class MeetingForm(forms.Form):
    """The morning meeting's minutes plus a target per (rostered clerk, product line)."""

    notices = forms.CharField(label=_("Notices"), widget=forms.Textarea(attrs={"rows": 4}),
                              required=False, max_length=4000)
    training_topic = forms.CharField(label=_("Training topic"), max_length=200, required=False)

    def __init__(self, *args, clerks, lines, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.clerks, self.lines = list(clerks), list(lines)
        self.grid = []
        for clerk in self.clerks:
            cells = []
            for line in self.lines:
                name = f"target_{clerk.pk}_{line.pk}"
                self.fields[name] = forms.IntegerField(
                    label=f"{clerk} {line.label}", min_value=0, max_value=MAX_TARGET, required=False,
                    initial=current.get((clerk.pk, line.pk)),
                    error_messages={"min_value": _("Targets cannot be negative.")},
                )
                cells.append(name)
            self.grid.append((clerk, cells))

    def grid_rows(self):
        return [(clerk, [self[name] for name in cells]) for clerk, cells in self.grid]

    def targets(self) -> dict:
        return {(clerk.pk, line.pk): self.cleaned_data.get(f"target_{clerk.pk}_{line.pk}")
                for clerk in self.clerks for line in self.lines}


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for return"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AmendReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the amendment"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))
