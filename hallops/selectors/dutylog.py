"""Reads of duty logs: a store's logs, the review queue with its flags, the previous handover."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from hallops.audit_display import describe_entries
from hallops.models import AuditEntry, DutyLog, DutyLogStatus, DutySettings

# What a list of logs shows of each (store, shift, the duty manager, the reviewer).
LOG_RELATED = ("store", "shift_type", "duty_manager", "reviewed_by")


def logs_for(stores):
    qs = DutyLog.objects.filter(store__in=stores) if hasattr(stores, "model") else (
        DutyLog.objects.filter(store=stores)
    )
    return qs.select_related(*LOG_RELATED).order_by(
        "-business_date", "-shift_type__starts_at", "store__code"
    )


def previous_log(log: DutyLog) -> DutyLog | None:
    """The log of the shift before this one in the same store (for its handover note)."""
    return (
        DutyLog.objects.filter(store=log.store)
        .filter(
            Q(business_date__lt=log.business_date)
            | Q(business_date=log.business_date, shift_type__starts_at__lt=log.shift_type.starts_at)
        )
        .select_related("duty_manager", "shift_type")
        .order_by("-business_date", "-shift_type__starts_at")
        .first()
    )


def log_audit(log: DutyLog):
    return AuditEntry.objects.filter(
        object_type="hallops.dutylog", object_id=str(log.pk)
    ).select_related("actor")


@dataclass
class QueueRow:
    log: DutyLog
    late_submission: bool
    review_overdue: bool


def submission_deadline(log: DutyLog, settings: DutySettings) -> datetime.datetime:
    return datetime.datetime.combine(
        log.business_date + datetime.timedelta(days=1),
        settings.log_due_next_morning,
        tzinfo=timezone.get_current_timezone(),
    )


def review_queue(store, now=None) -> list[QueueRow]:
    """Logs waiting for the store manager: submitted ones to review, unsubmitted ones flagged.

    Flags are computed at read time from the store's DutySettings: a draft or returned log past
    the next-morning deadline, and a submitted log waiting longer than the review limit.
    """
    now = now or timezone.now()
    settings = DutySettings.for_store(store)
    logs = logs_for(store).filter(
        status__in=[DutyLogStatus.SUBMITTED, DutyLogStatus.DRAFT, DutyLogStatus.RETURNED]
    )
    rows = []
    review_limit = datetime.timedelta(hours=settings.review_pending_hours)
    for log in logs[:200]:
        late = log.status != DutyLogStatus.SUBMITTED and now > submission_deadline(log, settings)
        overdue = (
            log.status == DutyLogStatus.SUBMITTED
            and log.submitted_at is not None
            and now - log.submitted_at > review_limit
        )
        rows.append(QueueRow(log=log, late_submission=late, review_overdue=overdue))
    rows.sort(key=lambda r: (r.log.status != DutyLogStatus.SUBMITTED, r.log.business_date))
    return rows


def log_page_context(log: DutyLog) -> dict:
    """Everything a duty log page shows, whichever role reads it."""
    from hallops.registry import duty_log_sections

    return {
        "log": log,
        "previous": previous_log(log),
        "sections": duty_log_sections(log.store, log.business_date, log.shift_type),
        "history": describe_entries(log_audit(log).filter(
            action__in=["duty_log.submitted", "duty_log.amended", "duty_log.returned",
                        "duty_log.countersigned"])),
    }


@dataclass
class MissingLog:
    business_date: datetime.date
    shift_type: object
    duty_manager: object


def missing_logs(store, now=None, days: int = 14) -> list[MissingLog]:
    """Shifts with a rostered duty manager but no log at all, past the next-morning deadline.

    A draft that was never submitted is flagged in the review queue; a log that was never even
    started has no row to flag, so it is found here from the roster.
    """
    from hallops.models import PostKind, RosterEntry

    now = now or timezone.now()
    settings = DutySettings.for_store(store)
    today = timezone.localdate(now)
    entries = (
        RosterEntry.objects.filter(
            store=store,
            post__kind=PostKind.DUTY_MANAGER,
            date__gte=today - datetime.timedelta(days=days),
            date__lt=today,
        )
        .select_related("shift_type", "user")
        .order_by("date", "shift_type__starts_at")
    )
    written = set(
        DutyLog.objects.filter(store=store, business_date__gte=today - datetime.timedelta(days=days))
        .values_list("business_date", "shift_type_id")
    )
    missing, seen = [], set()
    for entry in entries:
        key = (entry.date, entry.shift_type_id)
        if key in written or key in seen:
            continue
        deadline = datetime.datetime.combine(
            entry.date + datetime.timedelta(days=1), settings.log_due_next_morning,
            tzinfo=timezone.get_current_timezone(),
        )
        if now > deadline:
            seen.add(key)
            missing.append(MissingLog(entry.date, entry.shift_type, entry.user))
    return missing


def logs_between(store, start: datetime.date, end: datetime.date):
    """A store's duty logs of the business dates [start, end], in date and shift order."""
    return logs_for(store).filter(business_date__gte=start, business_date__lte=end).order_by(
        "business_date", "shift_type__starts_at")


SIGNED_OFF = (DutyLogStatus.SUBMITTED, DutyLogStatus.COUNTERSIGNED)


def log_counts(stores, start: datetime.date, end: datetime.date, *, by_day: bool = False) -> dict:
    """{store id (or (store id, date)): {"logs", "submitted"}}: logs written and signed off
    (submitted or countersigned), one grouped query for all stores."""
    from django.db.models import Count

    group = ["store_id", "business_date"] if by_day else ["store_id"]
    rows = (DutyLog.objects.filter(store_id__in=[s.pk for s in stores],
                                   business_date__gte=start, business_date__lte=end)
            .values(*group)
            .annotate(logs=Count("id"), submitted=Count("id", filter=Q(status__in=SIGNED_OFF)))
            .order_by())
    return {(tuple(r[g] for g in group) if by_day else r["store_id"]):
            {"logs": r["logs"], "submitted": r["submitted"]} for r in rows}
