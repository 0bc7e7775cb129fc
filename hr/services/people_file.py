"""The staff file's certificates, training sessions and team activities (issue 13)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.exceptions import DomainError
from hallops.models import MorningMeeting
from hallops.money import to_money
from hallops.people import display_name
from hallops.selectors.roster import store_staff
from hallops.services.audit import audit_record, snapshot
from hr.models import Certificate, StaffFile, TeamActivity, TrainingAttendance, TrainingSession
from hr.services.staff import works_here


def _staff_file(store, user) -> StaffFile:
    if not works_here(user, store):
        raise DomainError(_("That person does not work in this store."))
    file, _created = StaffFile.objects.get_or_create(user=user, defaults={"store": store})
    return file


@transaction.atomic
def certificate_add(*, actor, store, user, kind: str, name: str = "", number: str = "",
                    issued_on: datetime.date | None = None,
                    expires_on: datetime.date | None = None) -> Certificate:
    if issued_on and expires_on and expires_on < issued_on:
        raise DomainError(_("A certificate cannot expire before it was issued."), field="expires_on")
    file = _staff_file(store, user)
    certificate = Certificate.objects.create(staff_file=file, kind=kind, name=name.strip(),
                                             number=number.strip(), issued_on=issued_on,
                                             expires_on=expires_on)
    audit_record(actor=actor, store=store, action="certificate.added", obj=certificate,
                 after=snapshot(certificate))
    return certificate


@transaction.atomic
def certificate_remove(*, actor, store, certificate: Certificate) -> None:
    if certificate.staff_file.store_id != store.pk:
        raise DomainError(_("That certificate belongs to another store."))
    before = snapshot(certificate)
    audit_record(actor=actor, store=store, action="certificate.removed", obj=certificate,
                 before=before)
    certificate.delete()


def _attendees(store, users) -> list:
    allowed = set(store_staff(store).values_list("pk", flat=True))
    users = list(users)
    outsiders = [display_name(u) for u in users if u.pk not in allowed]
    if outsiders:
        raise DomainError(_("Only this store's staff can attend: %(names)s.")
                          % {"names": ", ".join(outsiders)}, field="attendees")
    return users


@transaction.atomic
def training_session_record(*, actor, store, topic: str, trainer: str, held_on: datetime.date,
                            attendees, material: str = "",
                            meeting: MorningMeeting | None = None) -> TrainingSession:
    """Record a training session (planned or held) and its attendees; a morning meeting's
    training topic links to it."""
    topic, trainer = topic.strip(), trainer.strip()
    if not topic:
        raise DomainError(_("Enter the topic."), field="topic")
    if not trainer:
        raise DomainError(_("Enter the trainer."), field="trainer")
    if meeting is not None and meeting.store_id != store.pk:
        raise DomainError(_("That morning meeting belongs to another store."), field="meeting")
    people = _attendees(store, attendees)
    if not people:
        raise DomainError(_("Choose who attends."), field="attendees")
    session = TrainingSession.objects.create(store=store, topic=topic, trainer=trainer,
                                             held_on=held_on, material=material.strip(),
                                             meeting=meeting, created_by=actor)
    TrainingAttendance.objects.bulk_create(
        [TrainingAttendance(session=session, user=u) for u in people])
    if meeting is not None and not meeting.training_topic:
        MorningMeeting.objects.filter(pk=meeting.pk).update(training_topic=topic[:200])
    audit_record(actor=actor, store=store, action="training_session.recorded", obj=session,
                 after={**snapshot(session), "attendees": [u.pk for u in people]})
    return session


@transaction.atomic
def training_attendance_confirm(*, actor, attendance: TrainingAttendance) -> TrainingAttendance:
    """The attendee confirms they attended (once the session has taken place)."""
    locked = TrainingAttendance.objects.select_for_update().select_related("session").get(
        pk=attendance.pk)
    if locked.user_id != actor.pk:
        raise DomainError(_("Only the attendee can confirm their attendance."))
    if locked.session.held_on > timezone.localdate():
        raise DomainError(_("The session has not taken place yet."))
    if locked.confirmed_at is not None:
        raise DomainError(_("You have already confirmed this session."))
    locked.confirmed_at = timezone.now()
    locked.save(update_fields=["confirmed_at"])
    audit_record(actor=actor, store=locked.session.store, action="training_attendance.confirmed",
                 obj=locked, after=snapshot(locked))
    return locked


@transaction.atomic
def team_activity_plan(*, actor, store, title: str, plan: str, held_on: datetime.date,
                       participants, cost) -> TeamActivity:
    """Plan a team activity (团队文化活动) with its participants and budgeted cost."""
    if not title.strip():
        raise DomainError(_("Enter the activity."), field="title")
    amount = to_money(cost, field="cost")
    people = _attendees(store, participants)
    activity = TeamActivity.objects.create(store=store, title=title.strip(), plan=plan.strip(),
                                           held_on=held_on, cost=amount, created_by=actor)
    activity.participants.set(people)
    audit_record(actor=actor, store=store, action="team_activity.planned", obj=activity,
                 after={**snapshot(activity), "participants": [u.pk for u in people]})
    return activity


@transaction.atomic
def team_activity_report(*, actor, store, activity: TeamActivity, report: str, cost,
                         participants) -> TeamActivity:
    """After the activity: who came, what it cost, a short report."""
    locked = TeamActivity.objects.select_for_update().get(pk=activity.pk)
    if locked.store_id != store.pk:
        raise DomainError(_("That activity belongs to another store."))
    if locked.held_on > timezone.localdate():
        raise DomainError(_("The activity has not taken place yet."))
    if not report.strip():
        raise DomainError(_("Write a short report."), field="report")
    amount = to_money(cost, field="cost")
    people = _attendees(store, participants)
    before = {**snapshot(locked), "participants": list(locked.participants.values_list("pk", flat=True))}
    locked.report, locked.cost, locked.status = report.strip(), amount, TeamActivity.Status.HELD
    locked.save(update_fields=["report", "cost", "status"])
    locked.participants.set(people)
    audit_record(actor=actor, store=store, action="team_activity.reported", obj=locked,
                 before=before, after={**snapshot(locked), "participants": [u.pk for u in people]})
    return locked
