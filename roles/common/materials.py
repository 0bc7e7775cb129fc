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


class _ItemChoice(forms.ModelChoiceField):
    widget = Select

    def label_from_instance(self, obj):
        return obj.label


class _PersonChoice(forms.ModelChoiceField):
    widget = Select

    def label_from_instance(self, obj):
        return display_name(obj)


def _amount_fields(form) -> None:
    form.fields["item"] = _ItemChoice(queryset=active_items(), label=_("Item"))
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"] = forms.CharField(label=_("Delivery note no."), max_length=60)
        _amount_fields(self)


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

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label=_("What happened"),
            choices=[(k.value, k.label) for k in WRITE_OFF_KINDS])
        self.fields["clerk"] = _PersonChoice(
            queryset=clerks_of(store), label=_("Held by clerk"), required=False,
            help_text=_("Empty: from the storeroom."))
        _amount_fields(self)
        self.fields["reason"] = forms.CharField(label=_("Reason"), max_length=300)


class TransferForm(forms.Form):
    prefix = "transfer"

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_store"] = forms.ModelChoiceField(
            queryset=Store.objects.filter(is_active=True).exclude(pk=store.pk).order_by("code"),
            label=_("To store"), widget=Select)
        _amount_fields(self)


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
