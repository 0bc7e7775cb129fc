import copy
import re

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hallops.audit_labels import ACTION_LABELS
from hallops.forms import IsoDateField, Select
from hallops.models import Post, ShiftType

CELL_NAME = re.compile(r"^cell-(\d+)-(\d{8})$")


class WeekForm(forms.Form):
    """?week=YYYY-MM-DD picks the week containing that date."""

    week = IsoDateField(required=False)


class RosterGridForm(forms.Form):
    """One select per (person, day): a shift at a post, or a day off.

    Field names are cell-<user id>-<yyyymmdd>; values are "<shift id>:<post id>" or "".
    """

    def __init__(self, *args, store, days, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = days
        self.staff = list(staff)
        self.shift_types = {s.pk: s for s in ShiftType.objects.filter(store=store, is_active=True)}
        self.posts = {p.pk: p for p in Post.objects.all()}
        self.choices = [("", "—")] + [
            (f"{s.pk}:{p.pk}", f"{s.code} · {p.label}")
            for s in self.shift_types.values()
            for p in self.posts.values()
        ]
        # One field normalises the choices; each cell gets a shallow copy sharing them (a
        # ChoiceField per cell normalised the same list ~100 times a page). The grid renders
        # its own <select>s (options_html), so the shared widget is never rendered.
        prototype = forms.ChoiceField(choices=self.choices, required=False)
        for user in self.staff:
            for day in days:
                self.fields[self.cell_name(user, day)] = copy.copy(prototype)
        self._options = None

    def options_html(self, selected: str) -> SafeString:
        """The <option>s of one cell's <select>, `selected` chosen; escaped once a page."""
        if self._options is None:
            self._options = [
                (value, f'<option value="{escape(value)}"', f">{escape(label)}</option>")
                for value, label in self.choices
            ]
        return mark_safe("".join(  # noqa: S308 - built from escaped values and labels
            f"{head} selected{tail}" if value == selected else f"{head}{tail}"
            for value, head, tail in self._options
        ))

    def clean(self):
        # A cell for someone outside this store's staff is refused, not silently dropped; the
        # message names nobody, so posting ids cannot read other stores' staff names.
        staff_ids = {user.pk for user in self.staff}
        for key in self.data:
            match = CELL_NAME.match(key)
            if match and int(match.group(1)) not in staff_ids:
                raise forms.ValidationError(gettext("That person does not work in this store."))
        return super().clean()

    @staticmethod
    def cell_name(user, day) -> str:
        return f"cell-{user.pk}-{day:%Y%m%d}"

    def cells(self) -> dict:
        """(user, day) → (shift_type, post) or None, for every cell of the grid."""
        result = {}
        for user in self.staff:
            for day in self.days:
                value = self.cleaned_data.get(self.cell_name(user, day)) or ""
                if not value:
                    result[(user, day)] = None
                    continue
                shift_id, post_id = (int(x) for x in value.split(":"))
                result[(user, day)] = (self.shift_types[shift_id], self.posts[post_id])
        return result


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, widget=Select)
    date = IsoDateField(label=_("Date"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Picked by what the action means, never by its code.
        labels = sorted(((code, str(label)) for code, label in ACTION_LABELS.items()),
                        key=lambda item: item[1])
        self.fields["action"].choices = [("", gettext("All actions")), *labels]
