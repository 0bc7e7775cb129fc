"""The duty log (值班经理日志): start, fill in (autosaved), submit, amend."""

import contextlib

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hallops.actions import attempt, run_action
from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import DutyLog
from hallops.permissions import Role, get_for_store_or_404, require_store, role_required
from hallops.selectors.dutylog import log_page_context, logs_for
from hallops.services.dutylog import (
    duty_log_amend,
    duty_log_save,
    duty_log_start,
    duty_log_submit,
    missing_sections,
)
from roles.common.exports import DUTY_LOGS_EXPORT

from .forms_duty import AmendForm, DutyLogForm, DutyLogStartForm


def _errors(form) -> str:
    return " ".join(f"{form.fields[f].label if f in form.fields else ''} {e}".strip()
                    for f, errs in form.errors.items() for e in errs)


@role_required(Role.DUTY_MANAGER)
@require_GET
def dutylogs(request):
    store = require_store(request)
    logs = logs_for(store)
    if (response := DUTY_LOGS_EXPORT.respond(request, logs)) is not None:
        return response
    page = Paginator(logs, 30).get_page(request.GET.get("page"))
    form = DutyLogStartForm(store=store, initial={"business_date": business_date(store=store)})
    return render(request, "duty_manager/dutylogs.html", {"page": page, "form": form})


@role_required(Role.DUTY_MANAGER)
@require_POST
def dutylog_start(request):
    store = require_store(request)
    form = DutyLogStartForm(request.POST, store=store)
    if not form.is_valid():
        messages.error(request,
                       _("Please correct the form: %(errors)s") % {"errors": _errors(form)})
        return redirect("duty_manager:dutylogs")
    return run_action(
        request,
        lambda: duty_log_start(actor=request.user, store=store,
                               shift_type=form.cleaned_data["shift_type"],
                               day=form.cleaned_data["business_date"]),
        success=_("Duty log started."),
        redirect_to=lambda log: reverse("duty_manager:dutylog", args=[log.pk]),
        error_redirect_to=reverse("duty_manager:dutylogs"),
    )


def _log(request, pk):
    return get_for_store_or_404(
        DutyLog.objects.select_related("store", "shift_type", "duty_manager", "reviewed_by"),
        request, pk=pk,
    )


@role_required(Role.DUTY_MANAGER)
@require_GET
def dutylog(request, pk: int):
    log = _log(request, pk)
    initial = model_to_dict(log, fields=list(DutyLog.CONTENT_FIELDS))
    context = log_page_context(log)
    context.update({
        "form": DutyLogForm(initial=initial) if log.is_editable else None,
        "amend_form": AmendForm(initial=initial) if log.is_locked else None,
        "missing": missing_sections(log),
    })
    return render(request, "duty_manager/dutylog.html", context)


@role_required(Role.DUTY_MANAGER)
@require_POST
def dutylog_save(request, pk: int):
    """Save the draft; an htmx autosave gets a one-line status back instead of a redirect."""
    require_store(request)
    log = _log(request, pk)
    form = DutyLogForm(request.POST)
    if not form.is_valid():
        text, ok = _("Not saved: %(errors)s") % {"errors": _errors(form)}, False
    else:
        # Autosave answers htmx with a status line rather than a message (quiet).
        ok, result = attempt(request, lambda: duty_log_save(actor=request.user, log=log,
                                                            data=form.cleaned_data), quiet=True)
        if ok:
            log = result
            text = _("Draft saved at %(time)s.") % {
                "time": timezone.localtime(log.updated_at).strftime("%H:%M:%S")}
        else:
            text = result.message
    if request.htmx:
        return render(request, "duty_manager/_autosave_status.html", {"text": text, "ok": ok})
    (messages.success if ok else messages.error)(request, text)
    return redirect("duty_manager:dutylog", pk=log.pk)


@role_required(Role.DUTY_MANAGER)
@require_POST
def dutylog_submit(request, pk: int):
    require_store(request)
    log = _log(request, pk)
    form = DutyLogForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not submitted: %(errors)s") % {"errors": _errors(form)})
        return redirect("duty_manager:dutylog", pk=log.pk)

    def keep_draft(error):
        if error.code == "incomplete":
            # Keep what was typed: the draft is saved even though submitting was refused.
            with contextlib.suppress(DomainError):
                duty_log_save(actor=request.user, log=log, data=form.cleaned_data)

    return run_action(
        request, lambda: duty_log_submit(actor=request.user, log=log, data=form.cleaned_data),
        success=_("Duty log submitted to the store manager."), on_error=keep_draft,
        redirect_to=reverse("duty_manager:dutylog", args=[log.pk]),
    )


@role_required(Role.DUTY_MANAGER)
@require_POST
def dutylog_amend(request, pk: int):
    require_store(request)
    log = _log(request, pk)
    form = AmendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Amendment not saved: %(errors)s") % {"errors": _errors(form)})
        return redirect("duty_manager:dutylog", pk=log.pk)
    data = dict(form.cleaned_data)
    reason = data.pop("reason")
    return run_action(
        request, lambda: duty_log_amend(actor=request.user, log=log, data=data, reason=reason),
        success=_("Amendment saved; it is kept in the log's history."),
        redirect_to=reverse("duty_manager:dutylog", args=[log.pk]),
    )
