"""Forms and page helpers of the materials pages the store manager, duty manager and clerk
share. Quantities and serials are plain text here: the services parse them and refuse bad
ones with a message that names the problem (negative, fractional, wrong length…)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from hallops.forms import Select
from hallops.models import Store
from hallops.people import display_name
from materials.models import WRITE_OFF_KINDS, ItemType, MovementKind, StockTake
from materials.selectors import active_items, clerks_of


class _ListedChoice(forms.ModelChoiceField):
    """A model <select> that can list rows the page has read already (`shown`, the rows of
    `queryset` in its order) instead of reading them again: the store manager's materials page
    read the active items five times and its clerks twice, a query each. What is posted is
    still looked up in `queryset`."""

    widget = Select

    def __init__(self, *args, shown=None, **kwargs):
        super().__init__(*args, **kwargs)
        if shown is not None:
            empty = [] if self.empty_label is None else [("", self.empty_label)]
            self.widget.choices = [*empty, *((o.pk, self.label_from_instance(o)) for o in shown)]


class _ItemChoice(_ListedChoice):
    def label_from_instance(self, obj):
        return obj.label


class _PersonChoice(_ListedChoice):
    def label_from_instance(self, obj):
        return display_name(obj)


class _StoreOptions(forms.models.ModelChoiceIterator):
    """Another store's options read as two columns (Store.__str__'s code and name): 50 Store
    rows of 14 fields each were built for the options alone. (Django's documented hook:
    ModelChoiceField.iterator.)"""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, code, name in self.queryset.values_list("pk", "code", "name"):
            yield (pk, f"{code} {name}")


class _StoreChoice(forms.ModelChoiceField):
    widget = Select
    iterator = _StoreOptions


def _amount_fields(form, items=None) -> None:
    form.fields["item"] = _ItemChoice(queryset=active_items(), label=_("Item"), shown=items)
    form.fields["quantity"] = forms.CharField(
        label=_("Quantity"), required=False, max_length=12,
        help_text=_("For counted items; serial items count their range."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    form.fields["first_serial"] = forms.CharField(label=_("First serial"), required=False,
                                                  max_length=40)
    form.fields["last_serial"] = forms.CharField(
        label=_("Last serial"), required=False, max_length=40,
        help_text=_("Leave empty for a single serial."))


class ReceiveForm(forms.Form):
    prefix = "receive"

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"] = forms.CharField(label=_("Delivery note no."), max_length=60)
        _amount_fields(self, items)


class ClerkMovementForm(forms.Form):
    """Issue to a clerk, or take back from one."""

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clerk"] = _PersonChoice(queryset=clerks_of(store), label=_("Clerk"))
        _amount_fields(self)


class SellForm(forms.Form):
    prefix = "sell"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _amount_fields(self)
        self.fields["reference"] = forms.CharField(
            label=_("Order or receipt no."), required=False, max_length=60)


class WriteOffForm(forms.Form):
    prefix = "writeoff"

    def __init__(self, *args, store, items=None, clerks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label=_("What happened"),
            choices=[(k.value, k.label) for k in WRITE_OFF_KINDS], widget=Select)
        self.fields["clerk"] = _PersonChoice(
            queryset=clerks_of(store), label=_("Held by clerk"), required=False,
            help_text=_("Empty: from the storeroom."), shown=clerks)
        _amount_fields(self, items)
        self.fields["reason"] = forms.CharField(label=_("Reason"), max_length=300)


class TransferForm(forms.Form):
    prefix = "transfer"

    def __init__(self, *args, store, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_store"] = _StoreChoice(
            queryset=Store.objects.filter(is_active=True).exclude(pk=store.pk).order_by("code"),
            label=_("To store"))
        _amount_fields(self, items)


class PublicityForm(forms.Form):
    prefix = "publicity"
    title = forms.CharField(label=_("Title"), max_length=120)
    location = forms.CharField(label=_("Where it is displayed"), max_length=120)
    valid_from = forms.DateField(label=_("Valid from"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"),
                                  widget=forms.DateInput(attrs={"type": "date"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class StockTakeStartForm(forms.Form):
    scope = forms.ChoiceField(label=_("Items"), choices=StockTake.Scope.choices)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        from hallops.models import RoleAssignment

        ids = RoleAssignment.objects.filter(store=store, is_active=True).values_list(
            "user_id", flat=True)
        from django.contrib.auth import get_user_model

        self.fields["counter"] = _PersonChoice(
            queryset=get_user_model().objects.filter(pk__in=ids, is_active=True)
            .order_by("first_name"), label=_("Counted by"),
            help_text=_("Signs first; the duty manager and the store manager sign after."))


def amount_kwargs(data: dict) -> dict:
    return {"item": data["item"], "quantity": data.get("quantity") or None,
            "first_serial": data.get("first_serial", ""),
            "last_serial": data.get("last_serial", "")}


def form_refused(request, form) -> None:
    """An invalid form on a POST-only view: its errors as one message (nothing saved)."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def stocktake_counts(post) -> dict:
    """{line id: {"quantity", "ranges", "reason"}} from the count form's inputs."""
    counts: dict = {}
    for key, value in post.items():
        for prefix, name in (("q-", "quantity"), ("r-", "ranges"), ("why-", "reason")):
            if key.startswith(prefix) and key[len(prefix):].isdigit():
                counts.setdefault(int(key[len(prefix):]), {})[name] = value[:20000]
    return counts


__all__ = ["ClerkMovementForm", "ItemType", "MovementKind", "PublicityForm", "ReasonForm", "ReceiveForm",
           "SellForm", "StockTakeStartForm", "TransferForm", "WriteOffForm", "amount_kwargs",
           "form_refused", "stocktake_counts"]
