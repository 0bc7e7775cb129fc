from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.forms import IsoDateField
from hallops.forms_bounds import MAX_TARGET
from hallops.models import ServiceRecord


class TargetsForm(forms.Form):
    """A target per product line for the store and per (clerk, product line)."""

    confirm_removals = forms.BooleanField(required=False)

    def __init__(self, *args, clerks, lines, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.clerks, self.lines = list(clerks), list(lines)
        self.rows = []
        for owner in [None, *self.clerks]:
            names = []
            for line in self.lines:
                name = f"t_{owner.pk if owner else 'store'}_{line.pk}"
                self.fields[name] = forms.IntegerField(
                    label=line.label, min_value=0, max_value=MAX_TARGET, required=False,
                    initial=current.get((owner.pk if owner else None, line.pk)),
                    error_messages={"min_value": _("Targets cannot be negative.")},
                )
                names.append(name)
            self.rows.append((owner, names))

    def grid_rows(self):
        return [(owner, [self[n] for n in names]) for owner, names in self.rows]

    def targets(self) -> dict:
        out = {}
        for owner, names in self.rows:
            for line, name in zip(self.lines, names, strict=True):
                out[(owner.pk if owner else None, line.pk)] = self.cleaned_data.get(name)
        return out


class StoreDayConfirmForm(forms.Form):
    date = IsoDateField()
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)


class ServiceRecordFilterForm(forms.Form):
    month = forms.RegexField(regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *ServiceRecord.Kind.choices])
