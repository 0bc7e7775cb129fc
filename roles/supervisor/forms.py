"""Filters of the supervisor's pages (query strings: nothing here writes)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.forms import Select
from roles.common.forms_dutylog import LogFilterForm

from .cockpit import AMBER, COLUMNS, RED


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

