from django.utils import timezone

from hallops.models import Notification
from hallops.services.meetings import meeting_record
from tests.factories import roster


def test_it_tells_rostered_clerks_about_the_meeting_but_not_the_complaint_handler(world):
    """Only clerks confirm the meeting on their home page; a handler's link would answer 403."""
    day = timezone.localdate()
    roster(world.store_a, world.clerk_a, day)
    roster(world.store_a, world.ch_a, day)
    meeting_record(actor=world.dm_a, store=world.store_a, day=day, notices="今日主推家庭宽带")
    assert Notification.objects.filter(recipient=world.clerk_a).count() == 1
    assert not Notification.objects.filter(recipient=world.ch_a).exists()
