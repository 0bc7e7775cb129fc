"""The store manager's review of duty logs (厅经理 countersigns) and the day's follow-ups."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hallops.actions import run_action
from hallops.models import DutyLog, DutyLogStatus
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.selectors.dutylog import log_page_context, logs_for, missing_logs
from hallops.selectors.dutylog import review_queue as queue_rows
from hallops.selectors.equipment import open_faults
from hallops.selectors.opinions import overdue_opinions
from hallops.services.dutylog import duty_log_countersign, duty_log_return
from roles.common.exports import REVIEW_QUEUE_EXPORT
from roles.common.forms_dutylog import ReturnForm, ReviewForm

from .exports import FOLLOWUPS_EXPORT


@role_required(Role.STORE_MANAGER)
@require_GET
def review_queue(request):
    store = require_store(request)
    rows = queue_rows(store)
    if (response := REVIEW_QUEUE_EXPORT.respond(request, rows)) is not None:
        return response
    done = Paginator(
        logs_for(store).filter(status=DutyLogStatus.COUNTERSIGNED), 20
    ).get_page(request.GET.get("page"))
    return render(request, "store_manager/dutylog_queue.html",
                  {"rows": rows, "missing": missing_logs(store), "done": done})


@role_required(Role.STORE_MANAGER)
@require_GET
def dutylog(request, pk: int):
    log = get_for_store_or_404(
        DutyLog.objects.select_related("store", "shift_type", "duty_manager", "reviewed_by"),
        request, pk=pk,
    )
    context = log_page_context(log)
    context.update({"review_form": ReviewForm(), "return_form": ReturnForm()})
    return render(request, "store_manager/dutylog.html", context)


@role_required(Role.STORE_MANAGER)
@require_POST
def countersign(request, pk: int):
    require_store(request)
    log = get_for_store_or_404(DutyLog, request, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The comment is too long."))
        return redirect("store_manager:dutylog", pk=log.pk)
    return run_action(
        request,
        lambda: duty_log_countersign(actor=request.user, log=log,
                                     comment=form.cleaned_data["comment"]),
        success=_("Duty log countersigned."), redirect_to=reverse("store_manager:dutylog_queue"),
        error_redirect_to=reverse("store_manager:dutylog", args=[log.pk]),
    )


@role_required(Role.STORE_MANAGER)
@require_POST
def send_back(request, pk: int):
    require_store(request)
    log = get_for_store_or_404(DutyLog, request, pk=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what needs correcting."))
        return redirect("store_manager:dutylog", pk=log.pk)
    return run_action(
        request,
        lambda: duty_log_return(actor=request.user, log=log, reason=form.cleaned_data["reason"]),
        success=_("Duty log returned to the duty manager for correction."),
        redirect_to=reverse("store_manager:dutylog_queue"),
        error_redirect_to=reverse("store_manager:dutylog", args=[log.pk]),
    )


@role_required(Role.STORE_MANAGER)
@require_GET
def followups(request):
    """Open equipment faults and overdue customer-opinion replies."""
    store = require_store(request)
    faults, opinions = open_faults(store), overdue_opinions(store)[:100]
    # The export: every open fault (the page pages them), then the overdue replies shown.
    if (response := FOLLOWUPS_EXPORT.respond(request, lambda: [*faults, *opinions])) is not None:
        return response
    return render(request, "store_manager/followups.html", {
        "faults": Paginator(faults, 50).get_page(request.GET.get("page")),
        "opinions": opinions,
        "now": timezone.now(),
    })
