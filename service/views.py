"""Pages of the service feature, shared by the roles that use them: the norms handbook, the
check on the floor and its acknowledgement, mystery-shopper visits, the violations register
and the month's figures. Each write validates a form and calls one service."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints.models import HandbookArticle
from hallops.actions import run_action
from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.imports import ImportRefused
from hallops.periods import month_nav, query_month
from hallops.permissions import (
    Role,
    get_for_store_or_404,
    may,
    require_store,
    role_required,
    store_filter,
)
from service.exports import CHECKS_EXPORT, MONTHLY_EXPORT, MYSTERY_EXPORT, VIOLATIONS_EXPORT

from . import selectors
from .forms import (
    AcknowledgeForm,
    FollowUpForm,
    ImportForm,
    MysteryVisitForm,
    ServiceCheckForm,
    ViolationForm,
)
from .imports import mystery_import, template_workbook
from .models import CheckForm, CheckItem, MysteryVisit, ServiceCheck, Violation
from .services import (
    mystery_visit_record,
    service_check_acknowledge,
    service_check_record,
    violation_follow_up,
    violation_record,
)

SM, DM, CLERK, CH, FR, SUP = (Role.STORE_MANAGER, Role.DUTY_MANAGER, Role.CLERK,
                              Role.COMPLAINT_HANDLER, Role.FUND_RECEIVER, Role.SUPERVISOR)
FIX_ERRORS = "Please correct the errors below; nothing was saved."


def _stores(request):
    """The acting stores, or the one a supervisor's `?store=` filter names."""
    stores, chosen = store_filter(request)
    return [chosen] if chosen is not None else stores


# --- the norms ----------------------------------------------------------------------------

@role_required(SM, DM, CLERK, CH, FR, SUP)
@require_GET
def handbook(request):
    """The service norms (服务规范, 服务礼仪, 禁止事项, 服务忌语), searchable in both languages."""
    query = (request.GET.get("q") or "").strip()[:100]
    articles = HandbookArticle.objects.filter(is_active=True,
                                              section__in=HandbookArticle.SERVICE_SECTIONS)
    if query:
        articles = articles.filter(Q(title__icontains=query) | Q(body__icontains=query)
                                   | Q(title_en__icontains=query) | Q(body_en__icontains=query))
    articles = list(articles.order_by("section", "sort_order", "code"))
    sections = [(value, label, [a for a in articles if a.section == value])
                for value, label in HandbookArticle.Section.choices
                if value in HandbookArticle.SERVICE_SECTIONS]
    return render(request, "service/handbook.html",
                  {"sections": [s for s in sections if s[2]], "query": query,
                   "found": len(articles)})


# --- checks ---------------------------------------------------------------------------------

@role_required(SM, DM, CLERK, SUP)
@require_GET
def checks(request):
    qs = (ServiceCheck.objects.filter(store__in=_stores(request))
          .select_related("store", "staff", "checked_by").order_by("-checked_at", "-id"))
    if request.acting.role == CLERK:
        qs = qs.filter(staff=request.user)
    if (response := CHECKS_EXPORT.respond(request, qs)) is not None:
        return response
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "service/checks.html",
                  {"page": page, "may_check": may(request, check_new),
                   "several": request.acting.role == SUP})


@role_required(SM, DM)
@require_http_methods(["GET", "POST"])
def check_new(request):
    store = require_store(request)
    form_config = CheckForm.default()
    if form_config is None:
        messages.error(request, _("No service-check form is set up; ask the administrator."))
        return redirect("service:checks")
    items = (CheckItem.objects.filter(form=form_config, is_active=True)
             .select_related("article").order_by("sort_order", "code"))
    initial = {}
    wanted = request.GET.get("staff")
    if wanted and wanted.isdigit():
        initial["staff"] = wanted
    form = ServiceCheckForm(request.POST or None, items=items, initial=initial,
                            staff_queryset=selectors.clerks(store).exclude(pk=request.user.pk))
    if request.method == "POST":
        if form.is_valid():
            response = run_action(
                request,
                lambda: service_check_record(actor=request.user, store=store,
                                             staff=form.cleaned_data["staff"], form=form_config,
                                             answers=form.answers(),
                                             note=form.cleaned_data["note"]),
                form=form,
                success=lambda check: _("Service check saved: %(score)s of %(max)s points.")
                % {"score": check.score, "max": check.max_score},
                redirect_to=lambda check: reverse("service:check", args=[check.pk]),
            )
            if response is not None:
                return response
        else:
            messages.error(request, _(FIX_ERRORS))
    return render(request, "service/check_new.html",
                  {"form": form, "check_form": form_config,
                   "max_score": sum(i.points for i in form.items)},
                  status=400 if form.errors else 200)


def _check(request, pk):
    qs = ServiceCheck.objects.select_related("store", "staff", "checked_by", "form")
    if request.acting.role == CLERK:
        qs = qs.filter(staff=request.user)
    return get_for_store_or_404(qs, request, pk=pk)


@role_required(SM, DM, CLERK, SUP)
@require_GET
def check_detail(request, pk):
    check = _check(request, pk)
    results = list(check.results.select_related("item__article"))
    return render(request, "service/check.html", {
        "check": check, "results": results,
        "may_ack": (may(request, check_ack) and check.staff_id == request.user.pk
                    and check.acknowledged_at is None),
        "ack_form": AcknowledgeForm()})


@role_required(CLERK)
@require_POST
def check_ack(request, pk):
    check = _check(request, pk)
    form = AcknowledgeForm(request.POST)
    form.is_valid()
    return run_action(
        request,
        lambda: service_check_acknowledge(user=request.user, check=check,
                                          comment=form.cleaned_data.get("comment", "")),
        success=_("Service check acknowledged."),
        redirect_to=reverse("service:check", args=[check.pk]))


# --- mystery shoppers ---------------------------------------------------------------------

@role_required(SM, DM, SUP)
@require_GET
def mystery(request):
    qs = (MysteryVisit.objects.filter(store__in=_stores(request))
          .select_related("store", "staff").order_by("-visited_on", "-id"))
    if (response := MYSTERY_EXPORT.respond(request, qs)) is not None:
        return response
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "service/mystery.html", {
        "page": page, "several": request.acting.role == SUP, "may_record": may(request, mystery_new),
        "may_import": may(request, mystery_upload)})


@role_required(SM)
@require_http_methods(["GET", "POST"])
def mystery_new(request):
    store = require_store(request)
    form_config = CheckForm.default()
    if form_config is None:
        messages.error(request, _("No service-check form is set up; ask the administrator."))
        return redirect("service:mystery")
    items = CheckItem.objects.filter(form=form_config, is_active=True).order_by("sort_order")
    form = MysteryVisitForm(request.POST or None, items=items,
                            staff_queryset=selectors.store_staff(store),
                            initial={"visited_on": business_date(store=store)})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            response = run_action(
                request,
                lambda: mystery_visit_record(
                    actor=request.user, store=store, form=form_config,
                    reference=data["reference"], visited_on=data["visited_on"],
                    staff=data["staff"], scores=form.scores(), note=data["note"]),
                form=form, success=_("Mystery-shopper visit saved."),
                redirect_to=lambda visit: reverse("service:mystery_visit", args=[visit.pk]))
            if response is not None:
                return response
        else:
            messages.error(request, _(FIX_ERRORS))
    return render(request, "service/mystery_new.html", {"form": form},
                  status=400 if form.errors else 200)


@role_required(SM, DM, SUP)
@require_GET
def mystery_visit(request, pk):
    visit = get_for_store_or_404(MysteryVisit.objects.select_related("store", "staff"),
                                 request, pk=pk)
    return render(request, "service/mystery_visit.html",
                  {"visit": visit, "scores": list(visit.scores.select_related("item"))})


@role_required(SM)
@require_http_methods(["GET", "POST"])
def mystery_upload(request):
    store = require_store(request)
    errors: list[str] = []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                count = mystery_import(actor=request.user, store=store,
                                       upload=form.cleaned_data["file"])
            except ImportRefused as refused:
                messages.error(request, refused.message)
                errors = refused.errors
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("%(count)d mystery-shopper visits imported.")
                                 % {"count": count})
                return redirect("service:mystery")
        else:
            messages.error(request, _(FIX_ERRORS))
    return render(request, "service/mystery_import.html", {"form": form, "errors": errors},
                  status=400 if request.method == "POST" else 200)


@role_required(SM)
@require_GET
def mystery_template(request):
    response = HttpResponse(
        template_workbook(CheckForm.default(), require_store(request)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="mystery-shopper-template.xlsx"'
    return response


# --- the violations register -----------------------------------------------------------------

def _violation_form(request, store, data=None):
    form_config = CheckForm.default()
    items = (CheckItem.objects.filter(form=form_config, is_active=True) if form_config
             else CheckItem.objects.none())
    return ViolationForm(data, staff_queryset=selectors.store_staff(store), items=items,
                         initial={"occurred_on": business_date(store=store)})


@role_required(SM, DM, SUP)
@require_GET
def violations(request):
    qs = (Violation.objects.filter(store__in=_stores(request))
          .select_related("store", "staff", "item").order_by("-occurred_on", "-id"))
    state = request.GET.get("state")
    if state in Violation.State.values:
        qs = qs.filter(state=state)
    if (response := VIOLATIONS_EXPORT.respond(request, qs)) is not None:
        return response
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    may_record = may(request, violation_new)
    return render(request, "service/violations.html", {
        "page": page, "state": state, "states": Violation.State.choices,
        "form": _violation_form(request, request.acting.store) if may_record else None})


@role_required(SM, DM)
@require_POST
def violation_new(request):
    store = require_store(request)
    form = _violation_form(request, store, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        response = run_action(
            request,
            lambda: violation_record(actor=request.user, store=store, staff=data["staff"],
                                     occurred_on=data["occurred_on"], item=data["item"],
                                     description=data["description"]),
            form=form, success=_("Violation entered in the register."),
            redirect_to=lambda v: reverse("service:violation", args=[v.pk]))
        if response is not None:
            return response
    else:
        messages.error(request, _(FIX_ERRORS))
    qs = (Violation.objects.filter(store=store).select_related("store", "staff", "item")
          .order_by("-occurred_on", "-id"))
    return render(request, "service/violations.html", {
        "page": Paginator(qs, 25).get_page(1), "state": None, "states": Violation.State.choices,
        "form": form}, status=400)


def _violation(request, pk):
    return get_for_store_or_404(
        Violation.objects.select_related("store", "staff", "item", "recorded_by",
                                         "check_result__check_run", "mystery_score__visit"),
        request, pk=pk)


@role_required(SM, DM, SUP)
@require_GET
def violation(request, pk):
    obj = _violation(request, pk)
    form = None
    if may(request, violation_follow) and obj.state != Violation.State.CLOSED:
        form = FollowUpForm(initial={"done_on": business_date(store=obj.store)})
    return render(request, "service/violation.html", {
        "violation": obj, "follow_ups": list(obj.follow_ups.select_related("by")),
        "form": form, "may_recheck": may(request, check_new)})


@role_required(SM, DM)
@require_POST
def violation_follow(request, pk):
    obj = _violation(request, pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("service:violation", pk=obj.pk)
    return run_action(
        request,
        lambda: violation_follow_up(actor=request.user, violation=obj, **form.cleaned_data),
        success=_("Follow-up noted."), redirect_to=reverse("service:violation", args=[obj.pk]))


# --- the month ----------------------------------------------------------------------------

@role_required(SM, SUP)
@require_GET
def monthly(request):
    stores = _stores(request)
    today = business_date(store=stores[0]) if stores else None
    month = query_month(request.GET, "month", today) if today else None
    rows, store_rows = [], []
    if month is not None:
        people, totals = selectors.month_figures(stores, month)
        users = {u.pk: u for u in selectors.people_named(
            [p for by_person in people.values() for p in by_person if p is not None])}
        for store in stores:
            if store.pk in totals:
                store_rows.append((store, totals[store.pk]))
            for person, figures in sorted(
                    people.get(store.pk, {}).items(),
                    key=lambda kv: (kv[0] is None, -kv[1].violations)):
                rows.append((store, users.get(person) if person else None, figures))
    if (response := MONTHLY_EXPORT.respond(request, rows)) is not None:
        return response
    return render(request, "service/monthly.html", {
        **(month_nav(month) if month else {}), "rows": rows, "store_rows": store_rows,
        "several": len(stores) > 1})
