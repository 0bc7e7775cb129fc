from hallops.models import MeetingAttendee, MeetingKind, MeetingTarget, MorningMeeting


def meeting_for_day(store, day):
    return (MorningMeeting.objects.filter(store=store, business_date=day, kind=MeetingKind.MORNING)
            .select_related("chaired_by").first())


def meeting_for_person(store, user, day) -> dict | None:
    """Today's meeting as one person sees it: their targets, the notices, whether read."""
    meeting = meeting_for_day(store, day)
    if meeting is None:
        return None
    return {
        "meeting": meeting,
        "my_targets": list(MeetingTarget.objects.filter(meeting=meeting, clerk=user)
                           .select_related("product_line")
                           .order_by("product_line__sort_order")),
        "attendee": MeetingAttendee.objects.filter(meeting=meeting, user=user).first(),
    }


def meeting_attendees(meeting):
    return (MeetingAttendee.objects.filter(meeting=meeting).select_related("user")
            .order_by("user__username"))
