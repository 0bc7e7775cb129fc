"""Filters of the supervisor's pages (query strings: nothing here writes)."""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from roles.common.forms_dutylog import LogFilterForm

from .cockpit import AMBER, COLUMNS, RED


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html in Python."""
    return "".join(f" {conditional_escape(name)}" if value is True else
                   f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
                   for name, value in attrs.items() if value is not False)


class Select(forms.Select):
    """Django's <select>, markup for markup (django/forms/widgets/select.html and
    select_option.html), written in Python: a region's 40-odd stores through the option
    template cost more than the duty-log list's fifty rows. (Named Select as Django's is:
    crispy writes the widget class's name into the CSS classes.)"""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = "".join(
            f'\n  <option value="{conditional_escape(str(o["value"]))}"{_attrs(o["attrs"])}>'
            f'{conditional_escape(o["label"])}</option>\n'
            for _group, group_options, _index in widget["optgroups"] for o in group_options)
        return mark_safe(  # noqa: S308 - every value escaped above
            f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
            f"{options}\n</select>")


class StoreChoiceField(forms.ModelChoiceField):
    widget = Select

    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class RegionLogFilterForm(LogFilterForm):
    """The duty-log filter with a store of the region."""

    store = StoreChoiceField(label=_("Store"), required=False, queryset=None,
                             empty_label=_("All stores"))

    def __init__(self, *args, stores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores.order_by("code")


class CockpitFilterForm(forms.Form):
    """Filter and order of the cockpit's table."""

    q = forms.CharField(label=_("Store"), required=False, max_length=60)
    level = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("All stores")), (AMBER, _("Amber or red")), (RED, _("Red only"))])
    col = forms.ChoiceField(label=_("In column"), required=False,
                            choices=[("", _("Any column")), *COLUMNS])
    sort = forms.ChoiceField(label=_("Sort by"), required=False,
                             choices=[("", _("Store")), ("store", _("Store")), *COLUMNS])
    dir = forms.ChoiceField(label=_("Order"), required=False, choices=[
        ("", _("Worst first")), ("desc", _("Descending")), ("asc", _("Ascending"))])

