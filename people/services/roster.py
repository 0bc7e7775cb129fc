"""Roster planning: minimum staffing per post and time band, the month's publication, and the
changes made to a published month (recorded and told to the person)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hallops.exceptions import DomainError
from hallops.periods import month_dates
from hallops.services.audit import audit_record, snapshot
from people.models import (
    PeopleRules,
    RosterChange,
    RosterChangeKind,
    RosterPublication,
    StaffingRule,
)

from ._common import store_people, tell


@transaction.atomic
def staffing_rule_create(*, actor, store, day_type: str, starts_at: datetime.time,
                         ends_at: datetime.time, post, minimum: int) -> StaffingRule:
    if ends_at <= starts_at:
        raise DomainError(_("The band must end after it starts."), field="ends_at")
    if not 1 <= minimum <= 50:
        raise DomainError(_("The minimum is between 1 and 50."), field="minimum")
    if StaffingRule.objects.filter(store=store, day_type=day_type, starts_at=starts_at,
                                   ends_at=ends_at, post=post).exists():
        raise DomainError(_("This band already has a minimum for that post."))
    rule = StaffingRule.objects.create(store=store, day_type=day_type, starts_at=starts_at,
                                       ends_at=ends_at, post=post, minimum=minimum)
    audit_record(actor=actor, store=store, action="staffing_rule.created", obj=rule,
                 after=snapshot(rule))
    return rule


@transaction.atomic
def staffing_rule_delete(*, actor, store, rule: StaffingRule) -> None:
    if rule.store_id != store.pk:
        raise DomainError(_("This belongs to another store."))
    audit_record(actor=actor, store=store, action="staffing_rule.deleted", obj=rule,
                 before=snapshot(rule))
    rule.delete()


def publish_due_date(month: datetime.date) -> datetime.date:
    """The day of the month before `month` by which its roster is due."""
    previous_last = month - datetime.timedelta(days=1)
    return previous_last.replace(day=min(PeopleRules.current().publish_due_day, previous_last.day))


@transaction.atomic
def roster_month_publish(*, actor, store, month: datetime.date) -> RosterPublication:
    first, last = month_dates(month)
    today = timezone.localdate()
    this_month = today.replace(day=1)
    if first < this_month:
        raise DomainError(_("%(month)s has passed; it cannot be published.")
                          % {"month": first.strftime("%Y-%m")})
    if first > (this_month + datetime.timedelta(days=32)).replace(day=1):
        raise DomainError(_("Only this month's or next month's roster can be published."))
    from hallops.models import RosterEntry

    if not RosterEntry.objects.filter(store=store, date__gte=first, date__lte=last).exists():
        raise DomainError(_("%(month)s has no roster yet; plan it before publishing.")
                          % {"month": first.strftime("%Y-%m")})
    try:
        with transaction.atomic():
            publication = RosterPublication.objects.create(
                store=store, month=first, published_at=timezone.now(), published_by=actor)
    except IntegrityError:
        raise DomainError(_("%(month)s is already published.") % {"month": first.strftime("%Y-%m")})
    audit_record(actor=actor, store=store, action="roster_month.published", obj=publication,
                 after=snapshot(publication))
    tell(store_people(store), store=store,
         message=gettext_noop("The roster of %(month)s is published."),
         params={"month": first.strftime("%Y-%m")}, page="people.my_roster")
    return publication


def roster_changes_record(*, store, actor, changes, notify: bool = True) -> int:
    """Record changes to published months and tell each person of theirs.

    `changes`: (user, date, shift code, kind) tuples; kinds of RosterChangeKind. Changes to a
    month not published are plans still being made: nothing is recorded."""
    if not changes:
        return 0
    months = {day.replace(day=1) for _u, day, _c, _k in changes}
    publications = {p.month: p for p in RosterPublication.objects.filter(store=store,
                                                                           month__in=months)}
    rows = []
    for user, day, code, kind in changes:
        publication = publications.get(day.replace(day=1))
        if publication is None:
            continue
        rows.append(RosterChange(store=store, publication=publication, user=user, date=day,
                                 kind=RosterChangeKind(kind), shift_code=code, changed_by=actor))
    RosterChange.objects.bulk_create(rows)
    if notify:
        for row in rows:
            tell([row.user], store=store,
                 message=gettext_noop("Your published roster changed on %(date)s: %(change)s %(shift)s."),
                 params={"date": str(row.date), "change": str(RosterChangeKind(row.kind).label),
                         "shift": row.shift_code}, page="people.my_roster")
    return len(rows)


def _minutes(t: datetime.time) -> int:
    return t.hour * 60 + t.minute


def staffing_warnings(*, store, days, entries) -> list:
    """Warnings per post and time band: a band with fewer people at its post than the store's
    minimum. `entries`: the roster entries working those days (not on leave)."""
    from hallops.selectors.roster import DayWarning

    rules = list(StaffingRule.objects.filter(store=store).select_related("post"))
    if not rules:
        return []
    warnings = []
    for day in days:
        todays = [e for e in entries if e.date == day]
        for rule in rules:
            if not rule.applies_to(day):
                continue
            lo, hi = _minutes(rule.starts_at), _minutes(rule.ends_at)
            count = 0
            for e in todays:
                start, end = _minutes(e.shift_type.starts_at), _minutes(e.shift_type.ends_at)
                if end <= start:
                    end += 24 * 60
                if e.post_id == rule.post_id and start <= lo and end >= hi:
                    count += 1
            if count < rule.minimum:
                warnings.append(DayWarning(day, _(
                    "%(start)s–%(end)s %(post)s: %(count)d rostered, at least %(min)d needed.")
                    % {"start": rule.starts_at.strftime("%H:%M"),
                       "end": rule.ends_at.strftime("%H:%M"), "post": rule.post.label,
                       "count": count, "min": rule.minimum}))
    return warnings


def staffing_warnings_between(*, store, start: datetime.date, end: datetime.date) -> list:
    """The band warnings of [start, end] (the manager's home): one query when the store has
    set no band, two otherwise."""
    from hallops.models import RosterEntry

    if not StaffingRule.objects.filter(store=store).exists():
        return []
    entries = list(RosterEntry.objects.filter(store=store, date__gte=start, date__lte=end,
                                              on_leave=False).select_related("shift_type"))
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    return staffing_warnings(store=store, days=days, entries=entries)
