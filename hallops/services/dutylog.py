"""The duty log (值班经理日志): start, save drafts, submit, amend, countersign, return."""

import datetime
from typing import cast

from django.db import IntegrityError, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import DutyLog, DutyLogStatus
from hallops.people import display_name
from hallops.permissions import Role
from hallops.registry import link
from hallops.services.audit import audit_record, snapshot
from hallops.services.notifications import notification_send, notification_send_to_role

# How far back a forgotten log may still be started.
MAX_DAYS_BACK = 7


def _lock(log: DutyLog) -> DutyLog:
    return DutyLog.objects.select_for_update().select_related("shift_type", "store").get(pk=log.pk)


def _content(log: DutyLog) -> dict:
    return snapshot(log, fields=list(DutyLog.CONTENT_FIELDS))


@transaction.atomic
def duty_log_start(*, actor, store, shift_type, day: datetime.date | None = None) -> DutyLog:
    today = business_date(store=store)
    day = day or today
    if shift_type.store_id != store.pk:
        raise DomainError(_("That shift belongs to another store."), field="shift_type")
    if day > today:
        raise DomainError(_("A log cannot be started for a future day."), field="business_date")
    if day < today - datetime.timedelta(days=MAX_DAYS_BACK):
        raise DomainError(
            _("Logs older than %(days)d days cannot be started any more.")
            % {"days": MAX_DAYS_BACK},
            field="business_date",
        )
    try:
        with transaction.atomic():
            log = DutyLog.objects.create(
                store=store, business_date=day, shift_type=shift_type, duty_manager=actor
            )
    except IntegrityError:
        other = DutyLog.objects.filter(
            store=store, business_date=day, shift_type=shift_type
        ).select_related("duty_manager").first()
        manager = other.duty_manager if other else None
        name = display_name(manager)
        raise DomainError(
            _("%(name)s has already started the log of shift %(shift)s on %(date)s; "
              "open it instead.")
            % {"name": name, "shift": shift_type.code, "date": day},
            code="duplicate",
        )
    audit_record(actor=actor, store=store, action="duty_log.started", obj=log, after=_content(log))
    return log


def _apply(log: DutyLog, data: dict) -> None:
    for name in DutyLog.CONTENT_FIELDS:
        if name in data:
            value = data[name]
            setattr(log, name, value.strip() if isinstance(value, str) else value)


def _locked_error(log: DutyLog) -> DomainError:
    return DomainError(
        _("This log was submitted at %(time)s and is locked; "
          "changes need an amendment with a reason.")
        % {"time": timezone.localtime(log.submitted_at).strftime("%Y-%m-%d %H:%M")},
        code="locked",
    )


@transaction.atomic
def duty_log_save(*, actor, log: DutyLog, data: dict) -> DutyLog:
    """Save the draft (autosave and the save button both come here)."""
    log = _lock(log)
    if not log.is_editable:
        raise _locked_error(log)
    before = _content(log)
    _apply(log, data)
    after = _content(log)
    if before != after:
        log.save()
        audit_record(actor=actor, store=log.store, action="duty_log.saved", obj=log,
                     before=before, after=after)
    return log


def missing_sections(log: DutyLog) -> list[str]:
    labels = []
    for name in DutyLog.REQUIRED_ON_SUBMIT:
        value = getattr(log, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            labels.append(str(cast(Field, DutyLog._meta.get_field(name)).verbose_name))
    return labels


@transaction.atomic
def duty_log_submit(*, actor, log: DutyLog, data: dict | None = None) -> DutyLog:
    log = _lock(log)
    if not log.is_editable:
        raise DomainError(
            _("This log was already submitted at %(time)s.")
            % {"time": timezone.localtime(log.submitted_at).strftime("%H:%M")},
            code="already_submitted",
        )
    before = _content(log)
    if data:
        _apply(log, data)
    missing = missing_sections(log)
    if missing:
        raise DomainError(
            _("Fill in before submitting: %(fields)s.") % {"fields": "、".join(missing)},
            code="incomplete",
        )
    log.status = DutyLogStatus.SUBMITTED
    log.submitted_at = timezone.now()
    log.save()
    audit_record(actor=actor, store=log.store, action="duty_log.submitted", obj=log,
                 before=before, after=_content(log))
    notification_send_to_role(
        store=log.store, role=Role.STORE_MANAGER,
        message=gettext_noop("Duty log %(log)s was submitted for your countersignature."),
        params={"log": str(log)}, url=link("duty_log.review", log.pk),
    )
    return log


@transaction.atomic
def duty_log_amend(*, actor, log: DutyLog, data: dict, reason: str) -> DutyLog:
    """Change a submitted or countersigned log: needs a reason; the audit keeps the difference."""
    log = _lock(log)
    if log.is_editable:
        raise DomainError(_("This log is still a draft; edit it directly."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for the amendment."), field="reason")
    before = _content(log)
    _apply(log, data)
    after = _content(log)
    if before == after:
        raise DomainError(_("Nothing was changed."))
    log._amending = True
    try:
        log.save()
    finally:
        log._amending = False
    audit_record(actor=actor, store=log.store, action="duty_log.amended", obj=log,
                 before={k: v for k, v in before.items() if v != after[k]},
                 after={k: v for k, v in after.items() if v != before[k]}, reason=reason)
    return log


@transaction.atomic
def duty_log_countersign(*, actor, log: DutyLog, comment: str = "") -> DutyLog:
    log = _lock(log)
    if log.status != DutyLogStatus.SUBMITTED:
        raise DomainError(_("Only a submitted log can be countersigned."), code="not_submitted")
    log.status = DutyLogStatus.COUNTERSIGNED
    log.reviewed_by = actor
    log.reviewed_at = timezone.now()
    log.review_comment = comment.strip()
    log.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"])
    audit_record(actor=actor, store=log.store, action="duty_log.countersigned", obj=log,
                 after={"status": log.status, "review_comment": log.review_comment})
    return log


@transaction.atomic
def duty_log_return(*, actor, log: DutyLog, reason: str) -> DutyLog:
    log = _lock(log)
    if log.status != DutyLogStatus.SUBMITTED:
        raise DomainError(_("Only a submitted log can be returned."), code="not_submitted")
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say what needs correcting."), field="reason")
    log.status = DutyLogStatus.RETURNED
    log.returned_reason = reason
    log.reviewed_by = actor
    log.reviewed_at = timezone.now()
    log.save(update_fields=["status", "returned_reason", "reviewed_by", "reviewed_at",
                            "updated_at"])
    audit_record(actor=actor, store=log.store, action="duty_log.returned", obj=log,
                 after={"status": log.status}, reason=reason)
    notification_send(
        recipients=[log.duty_manager], store=log.store,
        message=gettext_noop("Your duty log %(log)s was returned for correction: %(reason)s"),
        params={"log": str(log), "reason": reason},
        url=link("duty_log.own", log.pk),
    )
    return log
