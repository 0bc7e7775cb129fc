from django import forms
from django.utils.translation import gettext_lazy as _

from hallops.forms import IsoDateField
from hallops.people import display_name
from hallops.permissions import Role
from hallops.selectors.roster import store_staff

from .models import TaskPriority, TaskStatus
from .selectors import MINE, OVERDUE

# Roles a task may go to as a whole (one of their holders answers it).
ASSIGNABLE_ROLES = (Role.DUTY_MANAGER, Role.CLERK, Role.COMPLAINT_HANDLER, Role.FUND_RECEIVER)
TEXT_MAX = 4000


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return display_name(obj)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    details = forms.CharField(label=_("Details"), max_length=TEXT_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    assign_to = forms.ChoiceField(label=_("Assign to"))
    due_date = IsoDateField(label=_("Due date"))
    priority = forms.TypedChoiceField(label=_("Priority"), choices=TaskPriority.choices,
                                      coerce=int, initial=TaskPriority.NORMAL)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in store_staff(store)}
        self.fields["assign_to"].choices = [
            ("", "---------"),
            (_("A role (any one of them answers)"),
             [(f"role:{r.value}", r.label) for r in ASSIGNABLE_ROLES]),
            (_("A person"),
             [(f"user:{pk}", display_name(u)) for pk, u in self.people.items()]),
        ]

    def assignee(self) -> dict:
        """The service's arguments for the chosen person or role."""
        kind, _sep, value = self.cleaned_data["assign_to"].partition(":")
        if kind == "role":
            return {"assignee": None, "assignee_role": value}
        return {"assignee": self.people[value], "assignee_role": ""}


class TaskCloseForm(forms.Form):
    """Done with a note. Attachments (the attachment model, when it lands) join this form."""

    note = forms.CharField(label=_("Note"), max_length=TEXT_MAX, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class TaskDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why it cannot be done"), max_length=TEXT_MAX,
                             widget=forms.Textarea(attrs={"rows": 2}))


class TaskCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=TEXT_MAX, required=False)


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", TaskStatus.OPEN.label), (OVERDUE, _("Overdue")), (MINE, _("For me")),
        (TaskStatus.DONE.value, TaskStatus.DONE.label),
        (TaskStatus.DECLINED.value, TaskStatus.DECLINED.label),
        (TaskStatus.CANCELLED.value, TaskStatus.CANCELLED.label), ("all", _("All"))])
    priority = forms.TypedChoiceField(label=_("Priority"), required=False, coerce=int,
                                      empty_value=None,
                                      choices=[("", _("Any")), *TaskPriority.choices])
    assignee = PersonChoiceField(label=_("Person"), required=False, queryset=None,
                                 empty_label=_("Anyone"))
    store = forms.ModelChoiceField(label=_("Store"), required=False, queryset=None,
                                   empty_label=_("Every store"))

    def __init__(self, *args, stores, store=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores
        if store is not None:
            self.fields["assignee"].queryset = store_staff(store)
            del self.fields["store"]
        else:
            del self.fields["assignee"]

    def filters(self) -> dict:
        """The valid filters (a bad value falls back to none)."""
        if not self.is_valid():
            return {}
        return dict(self.cleaned_data)


class TeamMeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Meeting"))
    day = IsoDateField(label=_("Date"))
    agenda = forms.CharField(label=_("Agenda"), max_length=TEXT_MAX,
                             widget=forms.Textarea(attrs={"rows": 4}))
    minutes = forms.CharField(label=_("Minutes"), max_length=TEXT_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 6}))
    present = PeopleChoiceField(label=_("Present"), required=False, queryset=None)

    def __init__(self, *args, store, edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        from hallops.models import MeetingKind

        self.fields["kind"].choices = [(k.value, k.label) for k in
                                       (MeetingKind.WEEKLY, MeetingKind.MONTHLY)]
        self.fields["present"].queryset = store_staff(store)
        if edit:
            del self.fields["kind"]
            del self.fields["day"]
