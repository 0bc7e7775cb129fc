"""Monthly assessment, training, team activities and management stories pages."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints.models import HandbookArticle
from hallops.actions import run_action
from hallops.periods import month_nav, query_month
from hallops.permissions import (
    STORE_ROLES,
    Role,
    get_for_store_or_404,
    require_store,
    role_required,
)
from hr import selectors
from hr.exports import (
    ACTIVITIES_EXPORT,
    ASSESSMENTS_EXPORT,
    MY_ASSESSMENTS_EXPORT,
    MY_TRAININGS_EXPORT,
    RANKING_EXPORT,
    TRAININGS_EXPORT,
)
from hr.forms import ActivityForm, ActivityReportForm, DisputeForm, MonthOpenForm, TrainingForm
from hr.models import (
    Assessment,
    AssessmentItem,
    AssessmentStatus,
    TeamActivity,
    TrainingAttendance,
    TrainingSession,
)
from hr.services.assessment import (
    assessment_acknowledge,
    assessment_dispute,
    assessment_open_month,
    assessment_score,
)
from hr.services.people_file import (
    team_activity_plan,
    team_activity_report,
    training_attendance_confirm,
    training_session_record,
)

SM = Role.STORE_MANAGER
DM = Role.DUTY_MANAGER


def _last_month():
    first = timezone.localdate().replace(day=1)
    return (first - timezone.timedelta(days=1)).replace(day=1)


# --- assessment ---------------------------------------------------------------------------

@role_required(SM)
@require_GET
def assessments(request):
    store = require_store(request)
    month = query_month(request.GET, "month", _last_month())
    rows = list(selectors.month_assessments([store], month))
    if (response := ASSESSMENTS_EXPORT.respond(request, rows)) is not None:
        return response
    return render(request, "hr/assessments.html", {
        **month_nav(month), "rows": rows,
        "ranking": selectors.ranking([store], month),
        "open_form": MonthOpenForm(initial={"month": f"{month:%Y-%m}"}),
    })


@role_required(SM)
@require_POST
def assessments_open(request):
    store = require_store(request)
    form = MonthOpenForm(request.POST)
    fallback = reverse("hr:assessments")
    if not form.is_valid():
        return run_action(request, lambda: _refuse(_("Choose a month.")), redirect_to=fallback)
    month = form.cleaned_data["month"].replace(day=1)
    return run_action(
        request, lambda: assessment_open_month(actor=request.user, store=store, month=month),
        success=lambda created: _("%(n)d assessments opened for %(month)s.")
        % {"n": len(created), "month": f"{month:%Y-%m}"},
        redirect_to=f"{fallback}?month={month:%Y-%m}")


def _refuse(message):
    from hallops.exceptions import DomainError

    raise DomainError(message)


@role_required(SM, Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def assessment(request, pk):
    item = get_for_store_or_404(Assessment.objects.select_related("user__profile", "scheme"),
                                request, pk=pk)
    scores = list(item.scores.select_related("item"))
    editable = (request.acting.role == SM
                and item.status in (AssessmentStatus.DRAFT, AssessmentStatus.DISPUTED))
    if request.method == "POST":
        store = require_store(request)
        values = {row.pk: (request.POST.get(f"score-{row.pk}", ""),
                           request.POST.get(f"comment-{row.pk}", "")) for row in scores}
        submit = "submit" in request.POST
        response = run_action(
            request, lambda: assessment_score(actor=request.user, store=store, assessment=item,
                                              scores=values, comment=request.POST.get("comment", "")[:2000],
                                              submit=submit),
            success=_("The assessment was sent to the person.") if submit else _("Scores saved."),
            redirect_to=reverse("hr:assessment", args=[item.pk]), render_on_error=False)
        return response
    return render(request, "hr/assessment.html", {
        "item": item, "scores": scores, "editable": editable,
        "judged": AssessmentItem.Kind.JUDGED,
    })


@role_required(SM, Role.SUPERVISOR)
@require_GET
def assessment_ranking(request):
    month = query_month(request.GET, "month", _last_month())
    stores = list(request.acting.stores)
    ranking = selectors.ranking(stores, month)
    if (response := RANKING_EXPORT.respond(request, ranking)) is not None:
        return response
    return render(request, "hr/ranking.html", {
        **month_nav(month), "ranking": ranking,
        "region": request.acting.role == Role.SUPERVISOR,
    })


@role_required(*STORE_ROLES)
@require_GET
def my_assessments(request):
    mine = Assessment.objects.filter(user=request.user).select_related("store").order_by("-month")
    if (response := MY_ASSESSMENTS_EXPORT.respond(request, mine)) is not None:
        return response
    rows = list(mine.prefetch_related("scores__item"))
    return render(request, "hr/my_assessments.html", {"rows": rows, "dispute_form": DisputeForm(),
                                                      "submitted": AssessmentStatus.SUBMITTED})


def _mine(request, pk):
    return get_for_store_or_404(Assessment, request, pk=pk, user=request.user)


@role_required(*STORE_ROLES)
@require_POST
def my_assessment_acknowledge(request, pk):
    item = _mine(request, pk)
    return run_action(request, lambda: assessment_acknowledge(actor=request.user, assessment=item),
                      success=_("You acknowledged your assessment; it is now locked."),
                      redirect_to=reverse("hr:my_assessments"))


@role_required(*STORE_ROLES)
@require_POST
def my_assessment_dispute(request, pk):
    item = _mine(request, pk)
    form = DisputeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return run_action(request, lambda: assessment_dispute(actor=request.user, assessment=item,
                                                          reason=reason),
                      success=_("Your dispute was sent to the store manager."),
                      redirect_to=reverse("hr:my_assessments"))


# --- training -----------------------------------------------------------------------------

@role_required(SM, DM)
@require_http_methods(["GET", "POST"])
def trainings(request):
    store = require_store(request)
    initial = {"held_on": timezone.localdate()}
    meeting_id = request.GET.get("meeting", "")
    form = TrainingForm(request.POST or None, store=store, initial=initial)
    if meeting_id.isdigit() and not request.POST:
        meeting = form.fields["meeting"].queryset.filter(pk=int(meeting_id)).first()
        if meeting is not None:
            present = list(meeting.attendees.filter(present=True).values_list("user_id", flat=True))
            form = TrainingForm(store=store, initial={"meeting": meeting.pk, "held_on": meeting.business_date,
                                                      "topic": meeting.training_topic,
                                                      "attendees": present})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = run_action(
            request, lambda: training_session_record(actor=request.user, store=store, **data),
            success=_("The training session was recorded."),
            redirect_to=lambda session: reverse("hr:training", args=[session.pk]), form=form)
        if response is not None:
            return response
    sessions = (TrainingSession.objects.filter(store=store).select_related("meeting")
                .prefetch_related("attendances__user"))
    if (response := TRAININGS_EXPORT.respond(request, sessions)) is not None:
        return response
    sessions = sessions[:50]
    return render(request, "hr/trainings.html", {"form": form, "sessions": sessions},
                  status=400 if form.errors else 200)


@role_required(SM, DM)
@require_GET
def training(request, pk):
    session = get_for_store_or_404(TrainingSession.objects.select_related("meeting"), request, pk=pk)
    return render(request, "hr/training.html", {
        "session": session,
        "attendances": session.attendances.select_related("user__profile").order_by("user__profile__employee_no"),
    })


@role_required(*STORE_ROLES)
@require_GET
def my_trainings(request):
    rows = (TrainingAttendance.objects.filter(user=request.user).select_related("session")
            .order_by("-session__held_on"))
    if (response := MY_TRAININGS_EXPORT.respond(request, rows)) is not None:
        return response
    return render(request, "hr/my_trainings.html", {"rows": rows, "today": timezone.localdate()})


@role_required(*STORE_ROLES)
@require_POST
def training_confirm(request, pk):
    attendance = get_for_store_or_404(TrainingAttendance, request, store_field="session__store",
                                      pk=pk, user=request.user)
    return run_action(request, lambda: training_attendance_confirm(actor=request.user,
                                                                   attendance=attendance),
                      success=_("Thank you: your attendance is confirmed."),
                      redirect_to=reverse("hr:my_trainings"))


# --- team life ----------------------------------------------------------------------------

@role_required(SM)
@require_http_methods(["GET", "POST"])
def activities(request):
    store = require_store(request)
    form = ActivityForm(request.POST or None, store=store, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        response = run_action(
            request, lambda: team_activity_plan(actor=request.user, store=store, **form.cleaned_data),
            success=_("The team activity was planned."),
            redirect_to=lambda activity: reverse("hr:activity", args=[activity.pk]), form=form)
        if response is not None:
            return response
    rows = TeamActivity.objects.filter(store=store).prefetch_related("participants")
    if (response := ACTIVITIES_EXPORT.respond(request, rows)) is not None:
        return response
    rows = rows[:50]
    return render(request, "hr/activities.html", {"form": form, "rows": rows},
                  status=400 if form.errors else 200)


@role_required(SM)
@require_http_methods(["GET", "POST"])
def activity(request, pk):
    store = require_store(request)
    item = get_for_store_or_404(TeamActivity, request, pk=pk)
    form = ActivityReportForm(request.POST or None, store=store, initial={
        "cost": f"{item.cost:.2f}", "report": item.report,
        "participants": list(item.participants.values_list("pk", flat=True))})
    if request.method == "POST" and form.is_valid():
        response = run_action(
            request, lambda: team_activity_report(actor=request.user, store=store, activity=item,
                                                  **form.cleaned_data),
            success=_("The report was saved."), redirect_to=reverse("hr:activity", args=[item.pk]),
            form=form)
        if response is not None:
            return response
    return render(request, "hr/activity.html", {"item": item, "form": form,
                                                "participants": item.participants.all()},
                  status=400 if form.errors else 200)


# --- management stories (管理小故事) in the handbook ----------------------------------------------

@role_required(*STORE_ROLES, Role.SUPERVISOR)
@require_GET
def stories(request):
    query = (request.GET.get("q") or "").strip()[:100]
    articles = HandbookArticle.objects.filter(section=HandbookArticle.Section.STORIES, is_active=True)
    if query:
        articles = articles.filter(Q(title__icontains=query) | Q(body__icontains=query)
                                   | Q(title_en__icontains=query) | Q(body_en__icontains=query))
    return render(request, "hr/stories.html", {"articles": articles, "query": query})
