from django import forms
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

ISO_DATE = "%Y-%m-%d"


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html in Python."""
    return "".join(f" {conditional_escape(name)}" if value is True else
                   f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
                   for name, value in attrs.items() if value is not False)


class Select(forms.Select):
    """Django's <select>, markup for markup (django/forms/widgets/select.html,
    select_option.html and attrs.html), written in Python: a filter's 25–45 options through
    the option template cost a page more than its table rows (a region's stores, the
    complaint categories). Named Select as Django's is: crispy writes the widget class's
    name into the CSS classes."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            out.extend(f'\n  <option value="{conditional_escape(str(o["value"]))}"{_attrs(o["attrs"])}>'
                       f'{conditional_escape(o["label"])}</option>\n' for o in options)
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - every value escaped above


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


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class ActingForm(forms.Form):
    assignment = forms.IntegerField()


class ClockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (if late or leaving early)"), max_length=200, required=False
    )
