"""Training attendance, team activities, management stories, the demo step and the sheet."""

import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from hallops.exceptions import DomainError
from hallops.models import AuditEntry
from hr import demo
from hr.models import Assessment, Certificate, TeamActivity, TrainingAttendance, TrainingSession
from hr.services.people_file import team_activity_plan, training_attendance_confirm


def test_a_training_session_is_recorded_and_confirmed_by_its_attendees(world, clients):
    day = timezone.localdate()
    response = clients.sm_a.post(reverse("hr:trainings"), {
        "topic": "服务礼仪", "trainer": "王老师", "held_on": day.isoformat(), "material": "礼仪手册",
        "attendees": [world.clerk_a.pk, world.dm_a.pk]})
    assert response.status_code == 302
    session = TrainingSession.objects.get(store=world.store_a)
    attendance = TrainingAttendance.objects.get(session=session, user=world.clerk_a)
    assert clients.dm_a.post(reverse("hr:training_confirm", args=[attendance.pk])).status_code == 404
    assert clients.clerk_a.post(reverse("hr:training_confirm", args=[attendance.pk])).status_code == 302
    attendance.refresh_from_db()
    assert attendance.confirmed_at is not None
    with override("en"), pytest.raises(DomainError, match="already confirmed"):
        training_attendance_confirm(actor=world.clerk_a, attendance=attendance)
    assert AuditEntry.objects.filter(action="training_attendance.confirmed").count() == 1


def test_training_refuses_another_stores_people(world, clients):
    response = clients.sm_a.post(reverse("hr:trainings"), {
        "topic": "T", "trainer": "W", "held_on": "2026-11-01", "attendees": [world.clerk_b.pk]})
    assert response.status_code == 400
    assert not TrainingSession.objects.exists()


def test_team_activity_cost_is_money_and_refuses_a_third_decimal(world):
    with override("en"), pytest.raises(DomainError, match="two decimal"):
        team_activity_plan(actor=world.sm_a, store=world.store_a, title="团建", plan="登山",
                           held_on=datetime.date(2026, 11, 1), participants=[world.clerk_a],
                           cost="10.005")
    activity = team_activity_plan(actor=world.sm_a, store=world.store_a, title="团建", plan="登山",
                                  held_on=datetime.date(2026, 11, 1), participants=[world.clerk_a],
                                  cost="120.50")
    assert str(TeamActivity.objects.get(pk=activity.pk).cost) == "120.50"


def test_management_stories_are_searchable_in_both_languages(world, clients):
    page = clients.clerk_a.get(reverse("hr:stories") + "?q=镜子")
    assert page.status_code == 200
    assert [a.code for a in page.context["articles"]] == ["story_mirror"]
    page = clients.sm_a.get(reverse("hr:stories") + "?q=rotate")
    assert [a.code for a in page.context["articles"]] == ["story_rotation"]


def test_the_demo_step_fills_every_part(world, clients):
    demo._store(world.store_a, random.Random(1))
    assert Certificate.objects.filter(staff_file__store=world.store_a).exists()
    assert TrainingSession.objects.filter(store=world.store_a).exists()
    assert TeamActivity.objects.filter(store=world.store_a).count() == 2
    assert Assessment.objects.filter(store=world.store_a, status="locked").exists()
    home = clients.sm_a.get(reverse("store_manager:home"))
    assert 'data-testid="certificates-panel"' in home.content.decode()
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1))
    page = clients.sm_a.get(reverse("hr:assessments") + f"?month={last_month:%Y-%m}")
    assert len(page.context["rows"]) == Assessment.objects.filter(store=world.store_a).count()


def test_the_monthly_workbook_has_the_assessment_sheet(world):
    from reports.sheets import SheetContext, sheets_for

    demo._store(world.store_a, random.Random(1))
    month = Assessment.objects.filter(store=world.store_a).first().month
    end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    sheet = next(s for s in sheets_for("store_monthly") if s.key == "assessment")
    rows = list(sheet.rows(SheetContext(kind="store_monthly", start=month, end=end,
                                        stores=[world.store_a])))
    assert len(rows) == Assessment.objects.filter(store=world.store_a).count()
    assert all(row[0] == f"{month:%Y-%m}" for row in rows)


def test_a_morning_meetings_training_topic_links_to_a_session(world, clients):
    from hallops.businessdate import business_date
    from hallops.models import MeetingAttendee, MorningMeeting

    day = business_date(store=world.store_a)
    meeting = MorningMeeting.objects.create(store=world.store_a, business_date=day, chaired_by=world.dm_a,
                                            held_at=timezone.now(), training_topic="携号转网政策")
    MeetingAttendee.objects.create(meeting=meeting, user=world.clerk_a, present=True)
    page = clients.dm_a.get(reverse("duty_manager:meeting"))
    assert f"?meeting={meeting.pk}" in page.content.decode()
    form = clients.dm_a.get(reverse("hr:trainings") + f"?meeting={meeting.pk}").context["form"]
    assert form.initial["topic"] == "携号转网政策" and form.initial["attendees"] == [world.clerk_a.pk]
    response = clients.dm_a.post(reverse("hr:trainings"), {
        "topic": "携号转网政策", "trainer": "dm_a", "held_on": day.isoformat(), "meeting": meeting.pk,
        "attendees": [world.clerk_a.pk]})
    assert response.status_code == 302
    session = TrainingSession.objects.get(meeting=meeting)
    assert f"/people/training/{session.pk}/" in clients.dm_a.get(reverse("duty_manager:meeting")).content.decode()


def test_the_pages_read_in_english_for_an_english_reader(world, clients):
    from hallops.models import StaffProfile

    StaffProfile.objects.filter(user=world.sm_a).update(language="en")
    demo._store(world.store_a, random.Random(3))
    month = Assessment.objects.filter(store=world.store_a).first().month
    page = clients.sm_a.get(reverse("hr:assessments") + f"?month={month:%Y-%m}").content.decode()
    assert "Monthly assessment" in page and "月度考核" not in page
    stories = clients.sm_a.get(reverse("hr:stories")).content.decode()
    assert "Why we rotate posts" in stories and "轮岗的意义" not in stories
    assert "我的培训" in clients.clerk_a.get(reverse("hr:my_trainings")).content.decode()
