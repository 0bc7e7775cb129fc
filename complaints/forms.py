"""Forms of the complaint desk. Business rules live in the services; forms parse input."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from hallops.forms import Select
from hallops.models import CustomerLevel, Store
from hallops.people import display_name
from hallops.permissions import Role

from .models import (
    BeyondChannel,
    Category,
    ContactAttempt,
    Scenario,
    Source,
    WorkOrder,
)

LOCAL_DT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def _dt_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


def category_choices():
    """Categories grouped under their parent, for one select."""
    cats = list(Category.objects.filter(is_active=True).select_related("parent"))
    tops = [c for c in cats if c.parent_id is None]
    choices = [("", "—")]
    for top in tops:
        children = [(c.pk, c.label) for c in cats if c.parent_id == top.pk]
        choices.append((top.label, [(top.pk, top.label)] + children))
    return choices


class IntakeForm(forms.Form):
    """On-site or dispatched complaint: the few fields first, the rest optional."""

    source = forms.ChoiceField(label=_("Source"), choices=Source.choices, initial=Source.ONSITE)
    customer_number = forms.CharField(
        label=_("Customer number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": True}
        ),
    )
    category = forms.TypedChoiceField(label=_("Category"), coerce=int, widget=Select)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3})
    )
    demand = forms.CharField(
        label=_("What the customer wants"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    customer_name = forms.CharField(label=_("Customer name"), max_length=60, required=False)
    customer_level = forms.ChoiceField(
        label=_("Customer level"), choices=CustomerLevel.choices, initial=CustomerLevel.ORDINARY
    )
    contact_number = forms.CharField(label=_("Contact number"), max_length=20, required=False)
    scenario = forms.ModelChoiceField(
        label=_("Customer type"), queryset=Scenario.objects.filter(is_active=True), required=False
    )
    external_no = forms.CharField(label=_("External order number"), max_length=40, required=False)
    dispatch_unit = forms.CharField(label=_("Dispatching unit"), max_length=80, required=False)
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        input_formats=LOCAL_DT,
        widget=_dt_widget(),
        help_text=_("Leave empty for now."),
    )
    beyond_channel = forms.ChoiceField(
        label=_("Escalated beyond the store"), choices=BeyondChannel.choices, required=False
    )

    staff_member = forms.ModelChoiceField(
        label=_("Staff member complained about"), queryset=None, required=False, widget=Select,
        help_text=_("Only when the customer complains about a person of this store."),
    )

    def __init__(self, *args, store=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        _staff_field(self.fields["staff_member"], store)

    def clean_category(self):
        try:
            return Category.objects.get(pk=self.cleaned_data["category"], is_active=True)
        except Category.DoesNotExist:
            raise forms.ValidationError(_("Choose a category.")) from None


def _staff_field(field, store) -> None:
    from hallops.selectors.roster import store_staff

    field.queryset = store_staff(store) if store is not None else get_user_model().objects.none()
    field.label_from_instance = display_name


class StaffMemberForm(forms.Form):
    """Name (or clear) the member of staff the complaint is about, on the order page."""

    staff_member = forms.ModelChoiceField(
        label=_("Staff member complained about"), queryset=None, required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        _staff_field(self.fields["staff_member"], store)


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactAttempt.Channel.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactAttempt.Outcome.choices)
    at = forms.DateTimeField(
        label=_("When"),
        required=False,
        input_formats=LOCAL_DT,
        widget=_dt_widget(),
        help_text=_("Leave empty for now."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReplyForm(forms.Form):
    result = forms.CharField(
        label=_("Result for the customer"), widget=forms.Textarea(attrs={"rows": 3})
    )
    cause = forms.CharField(label=_("Cause"), widget=forms.Textarea(attrs={"rows": 2}))
    company_at_fault = forms.TypedChoiceField(
        label=_("Company at fault"), choices=YES_NO, coerce=_yes_no, empty_value=None
    )
    compensation = forms.DecimalField(
        label=_("Compensation / refund (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )


class CallbackForm(forms.Form):
    # A blank first option: a preselected "satisfied" was saved whenever nobody chose,
    # inflating satisfaction.
    result = forms.ChoiceField(
        label=_("Customer's verdict"),
        choices=[("", _("— choose the customer's verdict —")),
                 *WorkOrder.CallbackResult.choices],
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TransferForm(forms.Form):
    to_handler = forms.ModelChoiceField(label=_("To handler"), queryset=None, required=False)
    to_store = forms.ModelChoiceField(label=_("Or to store"), queryset=None, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_handler"].queryset = (
            get_user_model()
            .objects.filter(
                role_assignments__store=store,
                role_assignments__role=Role.COMPLAINT_HANDLER,
                role_assignments__is_active=True,
                is_active=True,
            )
            .distinct()
            .order_by("username")
        )
        self.fields["to_handler"].label_from_instance = display_name
        self.fields["to_store"].queryset = Store.objects.filter(is_active=True).exclude(pk=store.pk)


class ExtensionForm(forms.Form):
    new_due_at = forms.DateTimeField(
        label=_("New reply deadline"), input_formats=LOCAL_DT, widget=_dt_widget()
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class BeyondForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Escalated beyond the store"), choices=BeyondChannel.choices, required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Refuse"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How it was settled"), widget=forms.Textarea(attrs={"rows": 2})
    )


class QualityForm(forms.Form):
    qualified = forms.TypedChoiceField(
        label=_("Qualified"), choices=YES_NO, coerce=_yes_no, empty_value=None
    )
    reason = forms.CharField(label=_("Remark"), required=False, max_length=200)


class QueueFilterForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All sources"))] + Source.choices, required=False
    )
    category = forms.TypedChoiceField(
        label=_("Category"), coerce=int, required=False, empty_value=None, widget=Select
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open"))] + list(WorkOrder.Status.choices),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Mine only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = category_choices()
        choices[0] = ("", _("All categories"))
        self.fields["category"].choices = choices


class DeskComplaintForm(forms.Form):
    """A simple complaint at the desk, in a few taps (top-level categories as big buttons)."""

    customer_number = forms.CharField(
        label=_("Customer number"), max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                      "class": "form-control form-control-lg"}))
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(is_active=True, parent__isnull=True),
        widget=forms.RadioSelect, empty_label=None)
    description = forms.CharField(
        label=_("What the customer complained about"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}))
    demand = forms.CharField(
        label=_("What the customer wants"), max_length=500, required=False,
        help_text=_("Needed when it is not settled: the complaint handler takes it from here."))
    action_taken = forms.CharField(
        label=_("What you did"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}))
    settled = forms.TypedChoiceField(
        label=_("Settled at the desk?"), choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect)
