"""The recurring checklists configured in the admin (ChecklistKind: daily, weekly, monthly,
for a role), run and ticked by the role they are for: today's run, one run, the history.

Shared by every store role (the store manager's day, a weekly stock-take, a monthly
fire-safety check…), with the duty manager's tick service and rules; the duty manager's own
three daily kinds keep their page in roles/duty_manager (inspections, faults, publicity)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from hallops.actions import redirect_next, run_action
from hallops.businessdate import business_date
from hallops.models import ChecklistItem, ChecklistKind, ChecklistRun, Recurrence, TickStatus
from hallops.periods import month_dates, month_nav, query_month
from hallops.permissions import STORE_ROLES, get_for_store_or_404, require_store, role_required
from hallops.selectors.checklists import role_history, run_rows, template_for
from hallops.services.checklists import checklist_item_tick, checklist_run_for_day
from roles.common.exports import CHECKLIST_HISTORY_EXPORT


class RoutineTickForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Result"), choices=TickStatus.choices)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)
    reading = forms.CharField(label=gettext_lazy("Reading"), max_length=60, required=False)


def _own_kind(request, kind: ChecklistKind) -> ChecklistKind:
    """A recurring kind the acting role runs; another role's → 403, a playbook → 404."""
    if kind.recurrence == Recurrence.INCIDENT:
        raise Http404
    if kind.role != request.acting.role:
        raise PermissionDenied(_("This checklist is run by another role."))
    return kind


def _page(request, *, kind, run, day, can_tick):
    rows = run_rows(run) if run else []
    return render(request, "checklists/run.html", {
        "kind": kind, "run": run, "rows": rows, "day": day, "can_tick": can_tick,
        "done": sum(1 for r in rows if r.tick), "tick_url": "checklists:tick",
        "is_due": kind.occurs_on(day),
    })


@role_required(*STORE_ROLES)
@require_GET
def today(request, code: str):
    """Today's run of a recurring checklist of the acting role (started when first opened on
    a day it falls on)."""
    store = require_store(request)
    kind = _own_kind(request, get_object_or_404(ChecklistKind, code=code, is_active=True))
    day = business_date(store=store)
    run = (ChecklistRun.objects.filter(store=store, kind=kind, business_date=day,
                                       incident__isnull=True)
           .select_related("template", "store", "kind").first())
    if run is None and kind.occurs_on(day) and template_for(store, kind.code) is not None:
        run = checklist_run_for_day(actor=request.user, store=store, kind=kind, day=day)
    return _page(request, kind=kind, run=run, day=day, can_tick=run is not None)


@role_required(*STORE_ROLES)
@require_GET
def run_detail(request, pk: int):
    """One run (from the history): its items ticked, late or missed."""
    run = get_for_store_or_404(
        ChecklistRun.objects.filter(incident__isnull=True).select_related("template", "store",
                                                                           "kind"),
        request, pk=pk)
    kind = _own_kind(request, run.kind)
    today_ = business_date(store=run.store)
    return _page(request, kind=kind, run=run, day=run.business_date,
                 can_tick=run.business_date == today_)


@role_required(*STORE_ROLES)
@require_POST
def tick(request, run_pk: int, item_pk: int):
    require_store(request)  # a supervisor never ticks
    run = get_for_store_or_404(
        ChecklistRun.objects.filter(incident__isnull=True).select_related("store", "kind"),
        request, pk=run_pk)
    _own_kind(request, run.kind)
    return tick_item(request, run, item_pk, form=RoutineTickForm(request.POST),
                     fallback=reverse("checklists:run", args=[run.pk]))


def tick_item(request, run: ChecklistRun, item_pk: int, *, form: RoutineTickForm, fallback: str,
              extra_fields: tuple[str, ...] = ()) -> HttpResponseRedirect:
    """Tick one item of `run` from a posted RoutineTickForm (or a form built on it): the one
    tick step of every role's checklist page, after the view has checked who may tick the run.

    An item of another template → 404; an invalid form → its errors in one message and back
    to `fallback` (a safe `next` first); else the tick service through run_action, back to the
    item. `extra_fields` are further fields of the form handed to the service as they are (the
    duty manager's inspections: `open_fault`, `equipment`)."""
    try:
        item = ChecklistItem.objects.get(template_id=run.template_id, pk=item_pk)
    except ChecklistItem.DoesNotExist:
        raise Http404 from None
    if not form.is_valid():
        messages.error(request, _("The tick was not saved: %(errors)s") % {
            "errors": " ".join(str(e) for errs in form.errors.values() for e in errs)})
        return redirect_next(request, fallback)
    data = form.cleaned_data
    return run_action(
        request,
        lambda: checklist_item_tick(
            actor=request.user, run=run, item=item, status=data["status"], note=data["note"],
            reading=data["reading"], **{name: data[name] for name in extra_fields},
        ),
        success=_("Ticked: %(item)s") % {"item": item.label},
        redirect_to=fallback, anchor=f"item-{item.pk}",
    )


@role_required(*STORE_ROLES)
@require_GET
def history(request):
    """The month's occurrences of the acting role's recurring checklists: ticked and missed."""
    store = require_store(request)
    month = query_month(request.GET, "month", business_date(store=store))
    start, end = month_dates(month)
    rows = role_history(store, request.acting.role, start, end)
    if (response := CHECKLIST_HISTORY_EXPORT.respond(request, rows)) is not None:
        return response
    return render(request, "checklists/history.html", {
        "rows": rows, **month_nav(month),
        "missed": sum(r.missed for r in rows),
    })
