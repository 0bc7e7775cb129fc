from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.forms_money import MoneyField
from hallops.formtokens import OnceFormMixin
from hallops.models import DENOMINATIONS, Destination, DiscrepancyKind
from hallops.money import format_face_value
from hallops.services.cash import DESTINATIONS_FOR, MAX_NOTES


class DropForm(OnceFormMixin):
    amount = MoneyField(label=_("Amount dropped into the safe"))
    envelope_no = forms.CharField(label=_("Envelope number"), max_length=40, required=False)


class CountForm(forms.Form):
    """The blind count: notes and coins by denomination, then the non-cash totals."""

    cheque = MoneyField(label=_("Cheques"), required=False)
    card = MoneyField(label=_("Bank card (POS slips)"), required=False)
    mobile = MoneyField(label=_("Mobile payment"), required=False)
    other = MoneyField(label=_("Other"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        notes = {
            name: forms.IntegerField(
                label=_("%(value)s yuan × pieces") % {"value": format_face_value(value)},
                min_value=0, max_value=MAX_NOTES,
                error_messages={"required": _("Enter a count (0 if none).")},
            )
            for name, value in DENOMINATIONS
        }
        self.fields = {**notes, **self.fields}

    def notes(self) -> dict:
        return {name: self.cleaned_data[name] for name, _v in DENOMINATIONS}

    def non_cash(self) -> dict:
        return {m: self.cleaned_data.get(m) or 0 for m in ("cheque", "card", "mobile", "other")}


DESTINATION_LABELS = dict(Destination.choices)


class ExplainForm(forms.Form):
    """A reason code, note and destination for each payment method with a difference."""

    def __init__(self, *args, lines, reasons, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            kind_reasons = [r for r in reasons if not r.applies_to or r.applies_to == line.kind]
            self.fields[f"{line.method}-reason"] = forms.TypedChoiceField(
                label=_("Reason"), choices=[("", "—")] + [(r.pk, r.label) for r in kind_reasons],
                coerce=int,
            )
            self.fields[f"{line.method}-note"] = forms.CharField(
                label=_("Note"), max_length=500, widget=forms.TextInput)
            self.fields[f"{line.method}-destination"] = forms.ChoiceField(
                label=_("Where the money goes"),
                choices=[("", "—")] + [
                    (d, DESTINATION_LABELS[d])
                    for d in sorted(DESTINATIONS_FOR[DiscrepancyKind(line.kind)])],
            )
        self.reasons = {r.pk: r for r in reasons}

    def explanations(self) -> dict:
        out = {}
        for line in self.lines:
            out[line.method] = {
                "reason": self.reasons.get(self.cleaned_data[f"{line.method}-reason"]),
                "note": self.cleaned_data[f"{line.method}-note"],
                "destination": self.cleaned_data[f"{line.method}-destination"],
            }
        return out

    def rows(self):
        for line in self.lines:
            yield line, [self[f"{line.method}-{part}"] for part in ("reason", "note",
                                                                     "destination")]


class HandInForm(forms.Form):
    bag_no = forms.CharField(label=_("Bag number"), max_length=40)
    seal_no = forms.CharField(label=_("Seal number"), max_length=40)

