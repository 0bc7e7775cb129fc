from django import forms
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    """<input type=date> always takes an ISO value (2026-11-29), whatever the language; the
    Chinese date format (2026/11/29) would leave the field empty in the browser."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's argument name
        super().__init__(attrs, format or ISO_DATE)


class IsoDateField(forms.DateField):
    """A date field shown as a date picker: the one date field every form uses."""

    widget = IsoDateInput


class IsoMonthInput(forms.DateInput):
    """<input type=month>: a month as 2026-11 in every language."""

    input_type = "month"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's argument name
        super().__init__(attrs, format or "%Y-%m")


class IsoMonthField(forms.DateField):
    """A month picker (2026-11), read as the month's first day."""

    widget = IsoMonthInput
    input_formats = ["%Y-%m", ISO_DATE]


def _attrs_html(attrs: dict) -> str:
    """What django/forms/widgets/attrs.html renders: ` name="value"`, ` name` for True,
    nothing for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"')
    return "".join(out)


class LightSelect(forms.Select):
    """A <select> rendered in Python, the same HTML as Django's select templates (which
    include one template per option: ~0.1 ms an option, 15 ms for the 146 audit actions).
    For long choice lists on pages that must stay cheap; option groups fall back to Django."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _choices, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = "".join(
            f'\n  <option value="{conditional_escape(str(option["value"]))}"'
            f'{_attrs_html(option["attrs"])}>{conditional_escape(option["label"])}</option>\n'
            for _group, choices, _index in widget["optgroups"] for option in choices)
        return mark_safe(f'<select name="{conditional_escape(widget["name"])}"'  # noqa: S308 - every part escaped
                         f'{_attrs_html(widget["attrs"])}>{options}\n</select>')


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class ActingForm(forms.Form):
    assignment = forms.IntegerField()


class ClockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (if late or leaving early)"), max_length=200, required=False
    )
