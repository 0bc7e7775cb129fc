"""The periodic watch for urgent events nobody's action raises: something did NOT happen in
time. Run by the beat job `hallops.event_sweeps` in the caller's scope (the task enters the
named all-stores scope). Each event is raised once: its key names the row (and the deadline),
and `emit` records a key once, so running a sweep again or twice at once tells nobody twice.
"""

import datetime

from django.utils import timezone

from hallops.events import emit
from hallops.models import (
    CashHandIn,
    ChecklistRun,
    DutyLog,
    DutyLogStatus,
    DutySettings,
    Event,
    EventCode,
    Store,
)
from hallops.people import display_name
from hallops.registry import link
from hallops.selectors.checklists import close_moment, run_rows
from hallops.selectors.dutylog import submission_deadline
from hallops.selectors.opinions import overdue_opinions

LOOK_BACK = datetime.timedelta(days=3)  # older misses were told of long ago (or never will be)


def _fmt(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _raised(code: str, now: datetime.datetime) -> set[str]:
    """The keys of this kind already raised lately (one query, instead of one per row)."""
    since = min(now, timezone.now()) - LOOK_BACK - datetime.timedelta(days=2)
    return set(Event.objects.filter(code=code, created_at__gte=since)
               .values_list("key", flat=True))


def handins_unconfirmed(*, now: datetime.datetime) -> int:
    """Takings handed in to the duty manager and still not confirmed after the store closed."""
    raised = _raised(EventCode.HANDIN_UNCONFIRMED, now)
    count = 0
    handins = (CashHandIn.objects.filter(confirmed_at__isnull=True,
                                         handed_in_at__gte=now - LOOK_BACK)
               .select_related("session__store", "session__clerk"))
    for handin in handins:
        session = handin.session
        if now <= close_moment(session.store, session.business_date):
            continue
        if f"{EventCode.HANDIN_UNCONFIRMED}:{handin.pk}" in raised:
            continue
        count += bool(emit(
            EventCode.HANDIN_UNCONFIRMED, store=session.store, key=str(handin.pk),
            params={"store": session.store.name, "clerk": display_name(session.clerk),
                    "date": session.business_date.isoformat(), "bag": handin.bag_no}))
    return count


def checklist_items_overdue(*, now: datetime.datetime) -> int:
    """Checklist items (a day's checklist or an incident's playbook) past due and not ticked."""
    raised = _raised(EventCode.CHECKLIST_OVERDUE, now)
    count = 0
    # Items are overdue only until the day closes (then they are missed) or the incident ends:
    # the runs of today's and yesterday's dates (a business day may cross midnight) suffice.
    since = (timezone.localtime(now) - datetime.timedelta(days=1)).date()
    runs = (ChecklistRun.objects.filter(business_date__gte=since)
            .select_related("store", "template", "incident")
            .prefetch_related("template__items", "ticks"))
    for run in runs:
        if run.incident is not None and run.incident.ended_at is not None:
            continue
        for row in run_rows(run, now):
            if row.state != "overdue":
                continue
            key = f"{run.pk}:{row.item.pk}"
            if f"{EventCode.CHECKLIST_OVERDUE}:{key}" in raised:
                continue
            count += bool(emit(
                EventCode.CHECKLIST_OVERDUE, store=run.store, key=key,
                params={"store": run.store.name, "item": str(row.item)[:80],
                        "due": _fmt(row.due_at) if row.due_at else ""}))
    return count


def opinions_overdue(*, now: datetime.datetime) -> int:
    raised = _raised(EventCode.OPINION_OVERDUE, now)
    count = 0
    for opinion in overdue_opinions(Store.objects.all(), now).filter(
            reply_due_at__gte=now - LOOK_BACK):
        if f"{EventCode.OPINION_OVERDUE}:{opinion.pk}" in raised:
            continue
        count += bool(emit(
            EventCode.OPINION_OVERDUE, store=opinion.store, key=str(opinion.pk),
            params={"store": opinion.store.name, "received": _fmt(opinion.received_at),
                    "due": _fmt(opinion.reply_due_at)}))
    return count


def duty_logs_late(*, now: datetime.datetime) -> int:
    """Duty logs still a draft (or returned) past the next morning's deadline."""
    raised = _raised(EventCode.DUTY_LOG_LATE, now)
    count = 0
    logs = (DutyLog.objects.filter(status__in=[DutyLogStatus.DRAFT, DutyLogStatus.RETURNED],
                                   business_date__gte=(now - LOOK_BACK).date())
            .select_related("store"))
    settings_of: dict[int, DutySettings] = {}
    for log in logs:
        if log.store_id not in settings_of:
            settings_of[log.store_id] = DutySettings.for_store(log.store)
        due = submission_deadline(log, settings_of[log.store_id])
        if now <= due or f"{EventCode.DUTY_LOG_LATE}:{log.pk}" in raised:
            continue
        count += bool(emit(
            EventCode.DUTY_LOG_LATE, store=log.store, key=str(log.pk),
            params={"store": log.store.name, "date": log.business_date.isoformat(),
                    "due": _fmt(due)},
            url=link("duty_log.own", log.pk)))
    return count


def event_sweeps(*, now: datetime.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "handin_unconfirmed": handins_unconfirmed(now=now),
        "checklist_overdue": checklist_items_overdue(now=now),
        "opinion_overdue": opinions_overdue(now=now),
        "duty_log_late": duty_logs_late(now=now),
    }


__all__ = ["event_sweeps"]
