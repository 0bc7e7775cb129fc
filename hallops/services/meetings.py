"""The morning meeting (早班会): minuted by the duty manager, read and confirmed by clerks."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hallops.exceptions import DomainError
from hallops.models import (
    AttendanceRecord,
    MeetingAttendee,
    MeetingKind,
    MeetingTarget,
    MorningMeeting,
    ProductLine,
    RoleAssignment,
    RosterEntry,
)
from hallops.permissions import Role
from hallops.registry import link
from hallops.selectors.daily_reports import store_day_report
from hallops.services.audit import audit_record, snapshot
from hallops.services.notifications import notification_send


def yesterday_results(store, day: datetime.date) -> dict:
    """The previous business day's figures from the confirmed reports, kept with the minutes."""
    report = store_day_report(store, day - datetime.timedelta(days=1))
    return {
        "date": report.day.isoformat(),
        "volume": report.business_volume,
        "confirmed_reports": len(report.reports),
        "pending_reports": len(report.pending),
        "lines": [
            {"name": t.item.name, "name_en": t.item.name_en, "total": t.total, "target": t.target}
            for t in report.by_line
        ],
        "net_receipts": str(report.receipts["net"]),
        # Whether the store manager has confirmed that day (else figures may still change).
        "store_day_confirmed": report.store_day is not None,
    }


@transaction.atomic
def meeting_record(*, actor, store, day: datetime.date, notices: str = "",
                   training_topic: str = "", targets: dict | None = None) -> MorningMeeting:
    """Create or update the day's meeting; attendees come from the roster, presence from
    attendance. `targets` maps (clerk id, product line id) to a quantity (0 or None: none)."""
    if day > timezone.localdate():
        raise DomainError(_("A meeting cannot be minuted for a future day."))
    rostered = {e.user_id: e.user for e in RosterEntry.objects.filter(store=store, date=day)
                .select_related("user")}
    targets = targets or {}
    for (clerk_id, _line), quantity in targets.items():
        if quantity is not None and quantity < 0:
            raise DomainError(_("Targets cannot be negative."))
        if quantity and clerk_id not in rostered:
            raise DomainError(_("Targets can only be set for staff rostered that day."))
    meeting = (MorningMeeting.objects.select_for_update()
               .filter(store=store, business_date=day, kind=MeetingKind.MORNING).first())
    before = snapshot(meeting) if meeting else None
    if meeting is None:
        meeting = MorningMeeting(store=store, business_date=day, chaired_by=actor,
                                 held_at=timezone.now())
    # Taken again at each save of the minutes: reports confirmed since then now count.
    meeting.yesterday_results = yesterday_results(store, day)
    meeting.notices = notices.strip()
    meeting.training_topic = training_topic.strip()
    meeting.save()
    present = set(AttendanceRecord.objects.filter(store=store, business_date=day)
                  .values_list("user_id", flat=True))
    existing = {a.user_id: a for a in meeting.attendees.all()}
    for user_id in rostered:
        attendee = existing.get(user_id)
        if attendee is None:
            MeetingAttendee.objects.create(meeting=meeting, user_id=user_id,
                                           present=user_id in present)
        elif attendee.present != (user_id in present):
            attendee.present = user_id in present
            attendee.save(update_fields=["present"])
    valid_lines = set(ProductLine.objects.values_list("pk", flat=True))
    meeting.targets.all().delete()
    MeetingTarget.objects.bulk_create(
        MeetingTarget(meeting=meeting, clerk_id=clerk_id, product_line_id=line_id,
                      quantity=quantity)
        for (clerk_id, line_id), quantity in targets.items()
        if quantity and line_id in valid_lines
    )
    after = snapshot(meeting)
    after["targets"] = {f"{c}:{pl}": q for (c, pl), q in targets.items() if q}
    audit_record(actor=actor, store=store,
                 action="meeting.updated" if before else "meeting.recorded",
                 obj=meeting, before=before, after=after)
    if before is None:
        # Clerks read and confirm the meeting on their home page; other rostered staff
        # (complaint handlers) have no page to confirm it on, so the link would answer 403.
        clerk_ids = set(RoleAssignment.objects.filter(store=store, role=Role.CLERK, is_active=True)
                        .values_list("user_id", flat=True))
        notification_send(
            recipients=[u for uid, u in rostered.items() if uid != actor.pk and uid in clerk_ids],
            store=store,
            message=gettext_noop("Today's targets and notices are out; please read and confirm."),
            url=link("meeting.read"),
        )
    return meeting


@transaction.atomic
def meeting_acknowledge(*, user, meeting: MorningMeeting) -> MeetingAttendee:
    """The person confirms having read today's targets and notices."""
    now = timezone.now()
    attendee, created = MeetingAttendee.objects.get_or_create(
        meeting=meeting, user=user,
        defaults={"present": False, "acknowledged_at": now},
    )
    if not created:
        if attendee.acknowledged_at is not None:
            raise DomainError(_("You have already confirmed reading today's meeting."))
        MeetingAttendee.objects.filter(pk=attendee.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now)
        attendee.refresh_from_db()
    audit_record(actor=user, store=meeting.store, action="meeting.acknowledged", obj=meeting,
                 after={"user": user.pk, "acknowledged_at": now})
    return attendee
