"""Writes of the service feature: checks, their acknowledgement, mystery-shopper visits (typed
or imported), and the violations register with its follow-up. Each is atomic and audited."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import Notification, RoleAssignment
from hallops.people import display_name
from hallops.registry import link
from hallops.services.audit import audit_record, snapshot
from hallops.services.notifications import notification_send

from .models import (
    CheckForm,
    CheckItem,
    CheckResult,
    FollowUp,
    MysteryScore,
    MysteryVisit,
    ServiceCheck,
    Violation,
)

NOTE_MAX = 300


def store_staff_ids(store) -> set[int]:
    """The people who hold an active role in the store."""
    return set(RoleAssignment.objects.filter(store=store, is_active=True, user__is_active=True)
               .values_list("user_id", flat=True))


def _require_staff(store, staff, *, field: str = "staff") -> None:
    if staff is None or staff.pk not in store_staff_ids(store):
        raise DomainError(_("Choose a member of this store's staff."), field=field)


def _require_not_future(store, day: datetime.date, *, field: str) -> None:
    if day > business_date(store=store):
        raise DomainError(_("The date cannot be in the future."), field=field)


def _items(form: CheckForm) -> list[CheckItem]:
    return list(form.items.filter(is_active=True).select_related("article"))


@transaction.atomic
def service_check_record(*, actor, store, staff, form: CheckForm,
                         answers: Mapping[int, tuple[bool, str]], note: str = "",
                         now: datetime.datetime | None = None) -> ServiceCheck:
    """Record a check of `staff`: `answers` maps every active item's id to (passed, note).

    The score is the form's points less the points of each fault; each fault enters the
    violations register, and the staff member is told to read and acknowledge the result."""
    _require_staff(store, staff)
    if staff.pk == actor.pk:
        raise DomainError(_("You cannot check yourself."), field="staff")
    if not form.is_active:
        raise DomainError(_("This service-check form is no longer in use."))
    items = _items(form)
    if not items:
        raise DomainError(_("This service-check form has no items."))
    missing = [item.label for item in items if item.pk not in answers]
    if missing:
        raise DomainError(_("Mark every item as passed or a fault: %(items)s")
                          % {"items": "、".join(missing)})
    day = business_date(now, store=store)
    max_score = sum(item.points for item in items)
    lost = sum(item.points for item in items if not answers[item.pk][0])
    check = ServiceCheck.objects.create(
        store=store, form=form, staff=staff, checked_by=actor, business_date=day,
        score=max_score - lost, max_score=max_score, note=note.strip())
    results = CheckResult.objects.bulk_create(
        CheckResult(check_run=check, item=item, passed=answers[item.pk][0], points=item.points,
                    note=(answers[item.pk][1] or "").strip()[:NOTE_MAX])
        for item in items)
    for result, item in zip(results, items, strict=True):
        if not result.passed:
            Violation.objects.create(
                store=store, staff=staff, occurred_on=day, source=Violation.Source.CHECK,
                item=item, check_result=result, points=item.points,
                description=_fault_text(item, result.note), recorded_by=actor)
    notification_send(
        recipients=[staff], store=store,
        message=gettext_noop("Service check by %(by)s: %(score)s of %(max)s points. "
                             "Please read it and acknowledge."),
        params={"by": display_name(actor), "score": check.score, "max": max_score},
        url=link("service_check.own", check.pk),
        level=Notification.Level.WARNING if lost else Notification.Level.INFO)
    audit_record(actor=actor, store=store, action="service_check.recorded", obj=check,
                 after={**snapshot(check), "faults": [i.code for i in items
                                                      if not answers[i.pk][0]]})
    return check


def _fault_text(item: CheckItem, note: str) -> str:
    text = f"{item.name}：{note}" if note else f"{item.name}：{item.fault}"
    return text[:500]


@transaction.atomic
def service_check_acknowledge(*, user, check: ServiceCheck, comment: str = "") -> ServiceCheck:
    """The checked staff member confirms having read the result (once)."""
    check = ServiceCheck.objects.select_for_update().get(pk=check.pk)
    if check.staff_id != user.pk:
        raise DomainError(_("Only the person checked can acknowledge this check."))
    if check.acknowledged_at is not None:
        raise DomainError(_("This check is already acknowledged."))
    before = snapshot(check)
    check.acknowledged_at = timezone.now()
    check.staff_comment = comment.strip()[:500]
    check.save(update_fields=["acknowledged_at", "staff_comment"])
    Notification.objects.filter(recipient=user, read_at__isnull=True,
                                url=link("service_check.own", check.pk)
                                ).update(read_at=check.acknowledged_at)
    if check.checked_by_id != user.pk:
        notification_send(
            recipients=[check.checked_by], store=check.store,
            message=gettext_noop("%(person)s acknowledged the service check of %(day)s."),
            params={"person": display_name(user), "day": check.business_date.isoformat()},
            url=link("service_check.manager", check.pk))
    audit_record(actor=user, store=check.store, action="service_check.acknowledged", obj=check,
                 before=before, after=snapshot(check))
    return check


def parse_score(value, points: int) -> Decimal:
    """A score between 0 and `points` with at most one decimal, or DomainError."""
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        raise DomainError(_("no score"))
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("the score is not a number")) from None
    if not score.is_finite():
        raise DomainError(_("the score is not a number"))
    if score < 0 or score > points:
        raise DomainError(_("the score must be between 0 and %(points)d") % {"points": points})
    if score != score.quantize(Decimal("0.1")):
        raise DomainError(_("a score has at most one decimal"))
    return score.quantize(Decimal("0.1"))


@transaction.atomic
def mystery_visit_record(*, actor, store, form: CheckForm, reference: str,
                         visited_on: datetime.date, staff=None,
                         scores: Mapping[int, tuple[Decimal, str]], note: str = "",
                         source: str = MysteryVisit.Source.TYPED) -> MysteryVisit:
    """Record one visit; `scores` maps item ids to (score, note) — items not scored are left out.

    Items scoring under the form's threshold enter the violations register (against the
    staff member served when known, else the store)."""
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(_("Give the visit number."), field="reference")
    if len(reference) > 40:
        raise DomainError(_("The visit number has at most 40 characters."), field="reference")
    _require_not_future(store, visited_on, field="visited_on")
    if staff is not None:
        _require_staff(store, staff)
    if MysteryVisit.objects.filter(store=store, reference=reference).exists():
        raise DomainError(_("Visit %(ref)s is already recorded for this store.")
                          % {"ref": reference}, field="reference")
    items = {item.pk: item for item in _items(form)}
    unknown = [pk for pk in scores if pk not in items]
    if unknown or not scores:
        raise DomainError(_("Score at least one item of the form."))
    for pk, (score, _note) in scores.items():
        if score < 0 or score > items[pk].points:
            raise DomainError(_("%(item)s: the score must be between 0 and %(points)d")
                              % {"item": items[pk].label, "points": items[pk].points})
    visit = MysteryVisit.objects.create(
        store=store, form=form, reference=reference, visited_on=visited_on, staff=staff,
        score=sum((s for s, _n in scores.values()), Decimal("0")),
        max_score=sum(items[pk].points for pk in scores), note=(note or "").strip()[:500],
        source=source, recorded_by=actor)
    rows = MysteryScore.objects.bulk_create(
        MysteryScore(visit=visit, item=items[pk], score=score, points=items[pk].points,
                     note=(item_note or "").strip()[:NOTE_MAX])
        for pk, (score, item_note) in scores.items())
    threshold = Decimal(form.mystery_low_percent) / 100
    for row in rows:
        if row.score < row.item.points * threshold:
            Violation.objects.create(
                store=store, staff=staff, occurred_on=visited_on,
                source=Violation.Source.MYSTERY, item=row.item, mystery_score=row,
                points=int(row.points - row.score),
                description=_fault_text(row.item, row.note), recorded_by=actor)
    if staff is not None:
        notification_send(
            recipients=[staff], store=store,
            message=gettext_noop("A mystery shopper's visit of %(day)s scored %(score)s of "
                                 "%(max)s points."),
            params={"day": visited_on.isoformat(), "score": str(visit.score),
                    "max": visit.max_score})
    audit_record(actor=actor, store=store, action="mystery_visit.recorded", obj=visit,
                 after=snapshot(visit))
    return visit


@transaction.atomic
def violation_record(*, actor, store, staff, occurred_on: datetime.date, description: str,
                     item: CheckItem | None = None) -> Violation:
    """A violation entered by hand (seen on the floor, reported by a customer…)."""
    _require_staff(store, staff)
    _require_not_future(store, occurred_on, field="occurred_on")
    description = (description or "").strip()
    if not description:
        raise DomainError(_("Describe what happened."), field="description")
    violation = Violation.objects.create(
        store=store, staff=staff, occurred_on=occurred_on, source=Violation.Source.MANUAL,
        item=item, points=item.points if item else 0, description=description[:500],
        recorded_by=actor)
    audit_record(actor=actor, store=store, action="violation.recorded", obj=violation,
                 after=snapshot(violation))
    return violation


@transaction.atomic
def violation_follow_up(*, actor, violation: Violation, kind: str, done_on: datetime.date,
                        note: str, closes: bool = False) -> FollowUp:
    """Note a talk, training or re-check; the violation is then being followed up, or closed."""
    violation = Violation.objects.select_for_update().get(pk=violation.pk)
    if violation.state == Violation.State.CLOSED:
        raise DomainError(_("This violation is already closed."))
    if kind not in FollowUp.Kind.values:
        raise DomainError(_("Choose the kind of follow-up."), field="kind")
    _require_not_future(violation.store, done_on, field="done_on")
    if done_on < violation.occurred_on:
        raise DomainError(_("The follow-up cannot be before the violation."), field="done_on")
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Say what was done."), field="note")
    before = snapshot(violation)
    follow_up = FollowUp.objects.create(violation=violation, kind=kind, done_on=done_on,
                                        note=note[:500], closes=closes, by=actor)
    if closes:
        violation.state = Violation.State.CLOSED
        violation.closed_at = timezone.now()
    else:
        violation.state = Violation.State.FOLLOWING_UP
    violation.save(update_fields=["state", "closed_at"])
    audit_record(actor=actor, store=violation.store, action="violation.followed_up",
                 obj=violation, before=before,
                 after={**snapshot(violation), "follow_up": kind, "note": follow_up.note})
    return follow_up
