import datetime

from django.urls import reverse
from django.utils import timezone

from hallops.businessdate import business_date
from hallops.models import (
    AttendanceRecord,
    AuditEntry,
    MeetingAttendee,
    MeetingTarget,
    MorningMeeting,
)
from tests import factories
from tests.business.factories import make_report, pl


def setup_day(world):
    store = world.store_a
    day = business_date(store=store)
    factories.roster(store, world.clerk_a, day)
    factories.roster(store, world.dm_a, day, post_code="duty")
    absent = factories.make_user("clerk_absent", role="clerk", store=store)
    factories.roster(store, absent, day)
    AttendanceRecord.objects.create(store=store, user=world.clerk_a, business_date=day,
                                    clock_in=timezone.now())
    make_report(store, world.clerk_a, day - datetime.timedelta(days=1), status="confirmed",
                counts={"payment": 11, "broadband": 2})
    return day, absent


def test_it_records_the_meeting_from_roster_attendance_and_yesterdays_reports(world, clients):
    day, absent = setup_day(world)
    page = clients.dm_a.get(reverse("duty_manager:meeting")).content.decode()
    assert "clerk_absent" in page and 'data-testid="yesterday-results"' in page
    broadband = pl("broadband")
    response = clients.dm_a.post(reverse("duty_manager:meeting"), {
        "notices": "今日主推家庭宽带", "training_topic": "5G套餐话术",
        f"target_{world.clerk_a.pk}_{broadband.pk}": 3,
    })
    assert response.status_code == 302
    meeting = MorningMeeting.objects.get(store=world.store_a, business_date=day)
    assert meeting.chaired_by == world.dm_a
    assert meeting.yesterday_results["volume"] == 11
    presence = {a.user.username: a.present for a in meeting.attendees.select_related("user")}
    assert presence == {"clerk_a": True, "dm_a": False, "clerk_absent": False}
    target = MeetingTarget.objects.get(meeting=meeting)
    assert (target.clerk, target.product_line, target.quantity) == (world.clerk_a, broadband, 3)
    assert AuditEntry.objects.filter(action="meeting.recorded").exists()


def test_it_refuses_negative_targets_and_saves_nothing(world, clients):
    setup_day(world)
    broadband = pl("broadband")
    response = clients.dm_a.post(reverse("duty_manager:meeting"), {
        "notices": "x", f"target_{world.clerk_a.pk}_{broadband.pk}": -1})
    assert response.status_code == 200
    assert not MorningMeeting.objects.exists()


def test_the_clerk_sees_todays_targets_and_notices_and_confirms_reading(world, clients):
    setup_day(world)
    broadband = pl("broadband")
    clients.dm_a.post(reverse("duty_manager:meeting"), {
        "notices": "今日主推家庭宽带", f"target_{world.clerk_a.pk}_{broadband.pk}": 3})
    page = clients.clerk_a.get(reverse("clerk:home")).content.decode()
    assert "今日主推家庭宽带" in page and 'data-testid="meeting-confirm"' in page
    assert "宽带 0/3" in page
    clients.clerk_a.post(reverse("clerk:meeting_ack"))
    attendee = MeetingAttendee.objects.get(user=world.clerk_a)
    assert attendee.acknowledged_at is not None
    page = clients.clerk_a.get(reverse("clerk:home")).content.decode()
    assert 'data-testid="meeting-confirmed"' in page
    response = clients.clerk_a.post(reverse("clerk:meeting_ack"), follow=True)
    assert response.status_code == 200
    # Another store's clerk sees nothing of it.
    assert "今日主推家庭宽带" not in clients.clerk_b.get(reverse("clerk:home")).content.decode()


def test_it_answers_a_confirmation_before_any_meeting_without_error(world, clients):
    response = clients.clerk_a.post(reverse("clerk:meeting_ack"), follow=True)
    assert response.status_code == 200
    assert not MeetingAttendee.objects.exists()


def test_the_duty_managers_home_shows_the_business_panel_with_bounded_queries(
        world, clients, django_assert_max_num_queries):
    setup_day(world)
    make_report(world.store_a, world.clerk_a, business_date(store=world.store_a),
                status="submitted")
    with django_assert_max_num_queries(40):
        page = clients.dm_a.get(reverse("duty_manager:home")).content.decode()
    assert 'data-testid="pending-reports">1<' in page
    for n in range(20):
        clerk = factories.make_user(f"extra{n}", role="clerk", store=world.store_a)
        make_report(world.store_a, clerk, business_date(store=world.store_a), status="submitted")
    with django_assert_max_num_queries(40):
        page = clients.dm_a.get(reverse("duty_manager:home")).content.decode()
    assert 'data-testid="pending-reports">21<' in page
