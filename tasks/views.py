"""Pages of tasks (领导交办) for every store role and the supervisor, and of the store
manager's weekly and monthly meetings. The supervisor's one write is assigning (and
cancelling) tasks in the stores of their region."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallops.actions import redirect_next, run_action
from hallops.models import MeetingKind, MorningMeeting
from hallops.permissions import (
    STORE_ROLES,
    Role,
    get_for_store_or_404,
    may,
    require_store,
    role_required,
)

from . import selectors, services
from .exports import MEETINGS_EXPORT, TASKS_EXPORT
from .forms import (
    TaskCancelForm,
    TaskCloseForm,
    TaskDeclineForm,
    TaskFilterForm,
    TaskForm,
    TeamMeetingForm,
)
from .models import Task

SM, SUP = Role.STORE_MANAGER, Role.SUPERVISOR
EVERYONE = (*STORE_ROLES, SUP)
PAGE_SIZE = 50


def _visible_task(request, pk) -> Task:
    """A task of the acting scope that this person may open (else 404, as if absent)."""
    queryset = selectors.visible_tasks(request.acting.stores, request.acting).select_related(
        "store", "assignee", "assigned_by", "closed_by", "meeting")
    return get_for_store_or_404(queryset, request, pk=pk)


@role_required(*EVERYONE)
@require_GET
def task_list(request):
    acting = request.acting
    store = None if acting.role == SUP else acting.store
    form = TaskFilterForm(request.GET or None, stores=acting.stores, store=store)
    filters = form.filters() if request.GET else {}
    today = timezone.localdate()
    rows = selectors.task_list(
        selectors.visible_tasks(acting.stores, acting), today=today,
        status=filters.get("status") or "", assignee=filters.get("assignee"),
        priority=filters.get("priority"), store=filters.get("store"), user=request.user,
        roles=selectors.held_roles(acting))
    if (response := TASKS_EXPORT.respond(request, rows)) is not None:
        return response
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tasks/list.html", {
        "form": form, "page": page, "today": today,
        "may_assign": may(request, task_assign), "stores": acting.stores if store is None else None,
    })


def _assign(request, store, *, meeting: MorningMeeting | None = None):
    """The assign page: a task of the store, or an action item of a team meeting (a task
    assigned from the meeting, back to it afterwards). One task_assign call through run_action."""
    if meeting is None:
        back, success = reverse("tasks:list"), _("Task assigned.")
    else:
        back, success = reverse("tasks:meeting", args=[meeting.pk]), _("Action item added; it is a task now.")
    form = TaskForm(request.POST or None, store=store)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = run_action(
            request,
            lambda: services.task_assign(
                actor=request.user, store=store, title=data["title"], details=data["details"],
                due_date=data["due_date"], priority=data["priority"], meeting=meeting,
                **form.assignee()),
            success=success,
            redirect_to=lambda task: back if meeting else reverse("tasks:detail", args=[task.pk]),
            form=form)
        if response is not None:
            return response
    return render(request, "tasks/assign.html", {
        "form": form, "store": store, "meeting": meeting, "back": back})


@role_required(SM)
@require_http_methods(["GET", "POST"])
def task_assign(request):
    return _assign(request, require_store(request))


@role_required(SUP)
@require_http_methods(["GET", "POST"])
def task_assign_for_store(request, store_pk):
    """The supervisor assigns in one store of the region (another region's store: 404)."""
    store = get_object_or_404(request.acting.stores, pk=store_pk)
    return _assign(request, store)


@role_required(*EVERYONE)
@require_GET
def task_detail(request, pk):
    task = _visible_task(request, pk)
    mine = task.is_open and request.acting.role != SUP and services.is_assignee(task, request.user)
    return render(request, "tasks/detail.html", {
        "task": task, "today": timezone.localdate(),
        "may_close": mine,
        "may_cancel": task.is_open and task.assigned_by_id == request.user.pk,
        "close_form": TaskCloseForm(), "decline_form": TaskDeclineForm(),
        "cancel_form": TaskCancelForm(),
    })


def _close(request, pk, *, form_class, call, success: str):
    task = _visible_task(request, pk)
    back = reverse("tasks:detail", args=[task.pk])
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect_next(request, back)
    return run_action(request, lambda: call(task, form.cleaned_data), success=success,
                      redirect_to=back)


@role_required(*STORE_ROLES)
@require_POST
def task_complete(request, pk):
    return _close(request, pk, form_class=TaskCloseForm, success=_("Task done."),
                  call=lambda task, data: services.task_complete(
                      actor=request.user, task=task, note=data["note"]))


@role_required(*STORE_ROLES)
@require_POST
def task_decline(request, pk):
    return _close(request, pk, form_class=TaskDeclineForm,
                  success=_("Task declined; whoever assigned it is told."),
                  call=lambda task, data: services.task_decline(
                      actor=request.user, task=task, reason=data["reason"]))


@role_required(SM, SUP)
@require_POST
def task_cancel(request, pk):
    return _close(request, pk, form_class=TaskCancelForm, success=_("Task cancelled."),
                  call=lambda task, data: services.task_cancel(
                      actor=request.user, task=task, reason=data["reason"]))


# Weekly and monthly meetings --------------------------------------------------------------

@role_required(SM)
@require_http_methods(["GET", "POST"])
def meeting_list(request):
    store = require_store(request)
    form = TeamMeetingForm(request.POST or None, store=store,
                           initial={"kind": MeetingKind.WEEKLY, "day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = run_action(
            request,
            lambda: services.team_meeting_record(
                actor=request.user, store=store, kind=data["kind"], day=data["day"],
                agenda=data["agenda"], minutes=data["minutes"],
                present_ids=[u.pk for u in data["present"]]),
            success=_("Meeting saved; add its action items."),
            redirect_to=lambda meeting: reverse("tasks:meeting", args=[meeting.pk]), form=form)
        if response is not None:
            return response
    rows = selectors.team_meetings(store)
    if (response := MEETINGS_EXPORT.respond(request, rows)) is not None:
        return response
    meetings = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tasks/meetings.html", {"form": form, "page": meetings})


def _team_meeting(request, pk) -> MorningMeeting:
    meeting = get_for_store_or_404(MorningMeeting.objects.select_related("chaired_by"), request,
                                   pk=pk)
    if meeting.kind == MeetingKind.MORNING:
        raise Http404
    return meeting


@role_required(SM)
@require_http_methods(["GET", "POST"])
def meeting_detail(request, pk):
    store = require_store(request)
    meeting = _team_meeting(request, pk)
    attendees = selectors.meeting_people(meeting)
    form = TeamMeetingForm(request.POST or None, store=store, edit=True, initial={
        "agenda": meeting.agenda, "minutes": meeting.minutes,
        "present": [a.user_id for a in attendees if a.present]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = run_action(
            request,
            lambda: services.team_meeting_update(
                actor=request.user, meeting=meeting, agenda=data["agenda"],
                minutes=data["minutes"], present_ids=[u.pk for u in data["present"]]),
            success=_("Minutes saved."),
            redirect_to=reverse("tasks:meeting", args=[meeting.pk]), form=form)
        if response is not None:
            return response
    return render(request, "tasks/meeting.html", {
        "meeting": meeting, "form": form, "attendees": attendees,
        "items": selectors.action_items(meeting),
        "today": timezone.localdate()})


@role_required(SM)
@require_http_methods(["GET", "POST"])
def meeting_action_item(request, pk):
    """An action item of the meeting: a task assigned by the store manager."""
    return _assign(request, require_store(request), meeting=_team_meeting(request, pk))
