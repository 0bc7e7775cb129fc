"""The monthly assessment (绩效考核): the store manager opens the month's assessments (measured
figures prefilled), scores the judged items and submits; the person acknowledges (it locks) or
disputes with a reason (it returns to the manager)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.exceptions import DomainError
from hallops.models import RoleAssignment
from hallops.people import display_name
from hallops.permissions import Role
from hallops.services.audit import audit_record, snapshot
from hr.measures import month_figures, points
from hr.models import (
    Assessment,
    AssessmentItem,
    AssessmentScheme,
    AssessmentScore,
    AssessmentStatus,
)

# The role a person is assessed in when they hold several in the store (the fund-receiver
# role rides on another one; the store manager is not assessed by themselves).
ROLE_PRIORITY = (Role.DUTY_MANAGER, Role.COMPLAINT_HANDLER, Role.CLERK)


def scheme_check(scheme: AssessmentScheme) -> list[AssessmentItem]:
    """The scheme's items; refused unless their weights add up to 100."""
    items = list(scheme.items.all())
    total = sum(item.weight for item in items)
    if total != 100:
        raise DomainError(_("The weights of “%(scheme)s” add up to %(total)d, not 100; the "
                            "administrator has to correct the scheme first.")
                          % {"scheme": scheme.label, "total": total})
    return items


def _month(month: datetime.date) -> datetime.date:
    first = month.replace(day=1)
    if first > timezone.localdate().replace(day=1):
        raise DomainError(_("A month that has not started cannot be assessed."), field="month")
    return first


def assessed_role(user, store) -> str | None:
    held = set(RoleAssignment.objects.filter(user=user, store=store, is_active=True)
               .values_list("role", flat=True))
    return next((role for role in ROLE_PRIORITY if role in held), None)


def _scheme_for(role: str) -> AssessmentScheme | None:
    return AssessmentScheme.objects.filter(role=role, is_active=True).first()


def _prefill(assessment: Assessment, items: list[AssessmentItem], figures: dict) -> None:
    rows = []
    for item in items:
        figure = figures.get(item.measure) if item.kind == AssessmentItem.Kind.MEASURED else None
        score = figure.score(item.weight, item.deduction, item.min_score) if figure else None
        rows.append(AssessmentScore(
            assessment=assessment, item=item,
            figure=figure.figure if figure else None,
            figure_text=(figure.text if figure and figure.has_data else "")[:200],
            score=score))
    AssessmentScore.objects.bulk_create(rows)


def _create(*, actor, store, user, month: datetime.date, figures: dict) -> Assessment:
    role = assessed_role(user, store)
    if role is None:
        raise DomainError(_("%(name)s holds no role in this store that is assessed.")
                          % {"name": display_name(user)})
    scheme = _scheme_for(role)
    if scheme is None:
        raise DomainError(_("There is no assessment scheme for the role %(role)s.")
                          % {"role": Role(role).label})
    items = scheme_check(scheme)
    if Assessment.objects.filter(user=user, month=month).exists():
        raise DomainError(_("%(name)s already has an assessment for %(month)s.")
                          % {"name": display_name(user), "month": f"{month:%Y-%m}"})
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(store=store, user=user, month=month,
                                                   scheme=scheme, role=role, opened_by=actor)
    except IntegrityError:
        raise DomainError(_("%(name)s already has an assessment for %(month)s.")
                          % {"name": display_name(user), "month": f"{month:%Y-%m}"}) from None
    _prefill(assessment, items, figures)
    audit_record(actor=actor, store=store, action="assessment.opened", obj=assessment,
                 after=snapshot(assessment))
    return assessment


@transaction.atomic
def assessment_open(*, actor, store, user, month: datetime.date) -> Assessment:
    """Open one person's assessment of `month` (refused when they already have one)."""
    month = _month(month)
    figures = month_figures(store, month, [user.pk])[user.pk]
    return _create(actor=actor, store=store, user=user, month=month, figures=figures)


@transaction.atomic
def assessment_open_month(*, actor, store, month: datetime.date) -> list[Assessment]:
    """Open the month's assessment of everyone assessed in the store who has none yet."""
    month = _month(month)
    from hallops.selectors.roster import store_staff

    people = [u for u in store_staff(store)
              if assessed_role(u, store) is not None
              and not Assessment.objects.filter(user=u, month=month).exists()]
    if not people:
        raise DomainError(_("Everyone in this store already has an assessment for %(month)s.")
                          % {"month": f"{month:%Y-%m}"})
    figures = month_figures(store, month, [u.pk for u in people])
    return [_create(actor=actor, store=store, user=u, month=month, figures=figures[u.pk])
            for u in people]


def _locked(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    return locked


def _score_value(raw, item: AssessmentItem) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise DomainError(_("“%(item)s”: enter a number.") % {"item": item.label}) from None
    if not value.is_finite() or value < item.min_score or value > item.weight:
        raise DomainError(_("“%(item)s” is scored from %(low)s to %(high)d.")
                          % {"item": item.label, "low": points(item.min_score), "high": item.weight})
    if value != points(value):
        raise DomainError(_("“%(item)s”: one decimal place at most.") % {"item": item.label})
    return value


@transaction.atomic
def assessment_score(*, actor, store, assessment: Assessment, scores: dict,
                     comment: str = "", submit: bool = False) -> Assessment:
    """Save the manager's scores and comments ({score id: (score, comment)}); `submit` sends
    it to the person once every item is scored. Measured items with data keep their figures."""
    locked = _locked(assessment)
    if locked.store_id != store.pk:
        raise DomainError(_("That assessment belongs to another store."))
    if locked.status not in (AssessmentStatus.DRAFT, AssessmentStatus.DISPUTED):
        raise DomainError(_("This assessment is with %(name)s or locked; it cannot be changed.")
                          % {"name": display_name(locked.user)})
    before = snapshot(locked)
    rows = list(locked.scores.select_related("item"))
    changed = []
    for row in rows:
        if row.pk not in scores:
            continue
        raw, note = scores[row.pk]
        fixed = row.item.kind == AssessmentItem.Kind.MEASURED and row.figure is not None
        if not fixed:
            row.score = _score_value(raw, row.item)
        row.comment = (note or "").strip()[:300]
        changed.append(row)
    AssessmentScore.objects.bulk_update(changed, ["score", "comment"])
    locked.comment = comment.strip()
    if submit:
        missing = [row.item.label for row in rows if row.score is None]
        if missing:
            raise DomainError(_("Score every item before submitting: %(items)s.")
                              % {"items": ", ".join(missing)})
        locked.total = points(sum((row.score for row in rows), Decimal(0)))
        locked.status = AssessmentStatus.SUBMITTED
        locked.submitted_at = timezone.now()
    locked.save()
    audit_record(actor=actor, store=store,
                 action="assessment.submitted" if submit else "assessment.scored", obj=locked,
                 before=before, after={**snapshot(locked), "scores": {
                     row.item.code: [row.score, row.comment] for row in rows}})
    return locked


def _own(actor, assessment: Assessment) -> Assessment:
    locked = _locked(assessment)
    if locked.user_id != actor.pk:
        raise DomainError(_("Only the person assessed can answer their assessment."))
    if locked.status != AssessmentStatus.SUBMITTED:
        raise DomainError(_("This assessment is not waiting for your answer."))
    return locked


@transaction.atomic
def assessment_acknowledge(*, actor, assessment: Assessment) -> Assessment:
    """The person accepts their assessment; it locks."""
    locked = _own(actor, assessment)
    before = snapshot(locked)
    locked.status = AssessmentStatus.LOCKED
    locked.acknowledged_at = timezone.now()
    locked.dispute_reason = ""
    locked.save(update_fields=["status", "acknowledged_at", "dispute_reason"])
    audit_record(actor=actor, store=locked.store, action="assessment.acknowledged", obj=locked,
                 before=before, after=snapshot(locked))
    return locked


@transaction.atomic
def assessment_dispute(*, actor, assessment: Assessment, reason: str) -> Assessment:
    """The person disputes their assessment with a reason; it returns to the store manager."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why you dispute the assessment."), field="reason")
    locked = _own(actor, assessment)
    before = snapshot(locked)
    locked.status = AssessmentStatus.DISPUTED
    locked.dispute_reason = reason[:2000]
    locked.save(update_fields=["status", "dispute_reason"])
    audit_record(actor=actor, store=locked.store, action="assessment.disputed", obj=locked,
                 before=before, after=snapshot(locked), reason=reason[:2000])
    return locked
