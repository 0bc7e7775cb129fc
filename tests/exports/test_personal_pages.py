"""Exports of the personal lists and the last list pages (issue 17): my leave, my corrections,
my swaps... Each gives the rows the page shows, never another person's or another store's,
and only to the page's roles."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hallops.people import display_name
from people.models import ClockCorrection, LeaveRequest, LeaveType, ShiftSwap
from tests import factories
from tests.people.permission_cases import correction_a, leave_a, swap_a

from .test_more_pages import _both


def _day(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_my_leave_exports_my_requests_only(world, clients):
    mine = leave_a(world)
    annual = LeaveType.objects.get(code="annual")
    LeaveRequest.objects.create(store=world.store_a, user=world.ch_a, leave_type=annual,
                                start_date=_day(6), end_date=_day(7))  # a colleague's
    LeaveRequest.objects.create(store=world.store_b, user=world.clerk_b, leave_type=annual,
                                start_date=_day(8), end_date=_day(8))  # store B
    url = reverse("people:leave_mine")
    page = clients.clerk_a.get(url).content.decode()
    assert 'data-testid="export-buttons"' in page
    rows, lines = _both(clients.clerk_a, url)
    assert len(rows) == page.count('data-testid="leave-row"') == 1
    assert lines[0][:4] == [mine.leave_type.label, f"{mine.start_date:%Y-%m-%d}",
                            f"{mine.end_date:%Y-%m-%d}", "全天"]
    assert [line[1] for line in _both(clients.ch_a, url)[1]] == [f"{_day(6):%Y-%m-%d}"]


def test_my_corrections_export_my_requests_only(world, clients):
    mine = correction_a(world)
    ClockCorrection.objects.create(store=world.store_a, user=world.ch_a, side="in",
                                   corrected_time=timezone.now(), reason="同事的")
    url = reverse("people:correction_mine")
    page = clients.clerk_a.get(url).content.decode()
    assert 'data-testid="export-buttons"' in page
    rows, lines = _both(clients.clerk_a, url)
    assert len(rows) == page.count('data-testid="correction-row"') == 1
    assert lines[0][0] == mine.get_side_display()
    assert lines[0][2] == f"{timezone.localtime(mine.corrected_time):%Y-%m-%d %H:%M}"
    assert lines[0][4] == mine.get_status_display()
    assert len(_both(clients.ch_a, url)[0]) == 1
    assert len(_both(clients.sm_a, url)[0]) == 0


def test_my_swaps_export_the_swaps_i_am_part_of(world, clients):
    swap = swap_a(world)  # clerk_a asks ch_a
    ShiftSwap.objects.create(
        store=world.store_a, requester=world.dm_a,
        requester_entry=factories.roster(world.store_a, world.dm_a, _day(6)),
        colleague=world.sm_a, colleague_entry=factories.roster(world.store_a, world.sm_a, _day(6)))
    url = reverse("people:swap_mine")
    page = clients.clerk_a.get(url).content.decode()
    assert 'data-testid="export-buttons"' in page
    rows, lines = _both(clients.clerk_a, url)
    assert len(rows) == page.count('data-testid="swap-row"') == 1
    assert (rows[0][0], rows[0][3]) == (display_name(world.clerk_a), display_name(world.ch_a))
    assert lines[0][1] == f"{swap.requester_entry.date:%Y-%m-%d}" and lines[0][2].startswith("A ")
    assert [r[0] for r in _both(clients.ch_a, url)[0]] == [display_name(world.clerk_a)]
    assert display_name(world.clerk_a) not in str(_both(clients.dm_a, url)[0])


@pytest.mark.parametrize(("url_name", "persona"), [
    ("people:leave_mine", "supervisor"),
    ("people:correction_mine", "supervisor"),
    ("people:swap_mine", "supervisor"),
    ("hr:my_assessments", "supervisor"),
    ("hr:my_trainings", "supervisor"),
    ("tasks:meetings", "clerk_a"),
    ("reports:archive", "clerk_a"),
    ("people:staffing", "dm_a"),
])
def test_a_wrong_role_gets_403_for_the_export(world, clients, url_name, persona):
    for fmt in ("xlsx", "csv"):
        response = getattr(clients, persona).get(reverse(url_name), {"format": fmt})
        assert response.status_code == 403, (url_name, persona, fmt)


def test_my_notifications_export_mine_only(world, clients):
    from hallops.models import Notification

    Notification.objects.create(recipient=world.clerk_a, store=world.store_a, message_id="甲一")
    Notification.objects.create(recipient=world.clerk_a, message_id="甲二",
                                read_at=timezone.now())
    Notification.objects.create(recipient=world.ch_a, store=world.store_a, message_id="同事的")
    url = reverse("notifications")
    page = clients.clerk_a.get(url).content.decode()
    assert 'data-testid="export-buttons"' in page
    rows, lines = _both(clients.clerk_a, url)
    assert len(rows) == page.count('data-testid="notification"')
    texts = [line[1] for line in lines]
    assert "甲一" in texts and "甲二" in texts and "同事的" not in texts
    assert lines[texts.index("甲一")][2] == world.store_a.name
    assert lines[texts.index("甲一")][3] == "" and lines[texts.index("甲二")][3]


def _assessment(world, user, store, month, **extra):
    from hallops.permissions import Role
    from hr.models import Assessment, AssessmentScheme

    return Assessment.objects.create(
        store=store, user=user, month=month, role=Role.CLERK,
        scheme=AssessmentScheme.objects.get(role=Role.CLERK, is_active=True),
        opened_by=world.sm_a, **extra)


def test_my_assessments_export_mine_only(world, clients):
    _assessment(world, world.clerk_a, world.store_a, datetime.date(2026, 1, 1),
                status="submitted", comment="很好")
    _assessment(world, world.clerk_a, world.store_a, datetime.date(2026, 2, 1), comment="草稿")
    _assessment(world, world.ch_a, world.store_a, datetime.date(2026, 1, 1), status="submitted")
    _assessment(world, world.clerk_b, world.store_b, datetime.date(2026, 1, 1), status="submitted")
    url = reverse("hr:my_assessments")
    page = clients.clerk_a.get(url).content.decode()
    assert 'data-testid="export-buttons"' in page
    rows, lines = _both(clients.clerk_a, url)
    assert len(rows) == page.count('data-testid="my-assessment"') == 2
    assert [(line[0], line[1]) for line in lines] == [("2026-02", world.store_a.name),
                                                      ("2026-01", world.store_a.name)]
    assert lines[0][4] == "" and lines[1][4] == "很好"  # a draft's comment is not shown
    assert len(_both(clients.ch_a, url)[0]) == 1


def test_my_trainings_export_mine_only(world, clients):
    from hr.models import TrainingAttendance, TrainingSession

    first = TrainingSession.objects.create(store=world.store_a, topic="服务礼仪", trainer="王",
                                           held_on=datetime.date(2026, 1, 5), created_by=world.sm_a)
    second = TrainingSession.objects.create(store=world.store_a, topic="新套餐", trainer="李",
                                            held_on=datetime.date(2026, 2, 5), created_by=world.sm_a)
    TrainingAttendance.objects.create(session=first, user=world.clerk_a, confirmed_at=timezone.now())
    TrainingAttendance.objects.create(session=second, user=world.ch_a)
    url = reverse("hr:my_trainings")
    page = clients.clerk_a.get(url).content.decode()
    assert 'data-testid="export-buttons"' in page
    rows, lines = _both(clients.clerk_a, url)
    assert [line[:3] for line in lines] == [["2026-01-05", "服务礼仪", "王"]]
    assert lines[0][3]  # confirmed
    assert [line[1] for line in _both(clients.ch_a, url)[1]] == ["新套餐"]


def test_team_meetings_export_every_meeting_of_the_store(world, clients):
    from hallops.models import MeetingKind, MorningMeeting
    from tests.tasks.factories import make_meeting

    weekly = make_meeting(world)
    MorningMeeting.objects.filter(pk=weekly.pk).update(minutes="决定加强培训")
    make_meeting(world, kind=MeetingKind.MONTHLY)
    make_meeting(world, kind=MeetingKind.MORNING)  # the morning meeting is not on the page
    make_meeting(world, store=world.store_b)
    url = reverse("tasks:meetings")
    page = clients.sm_a.get(url).content.decode()
    assert 'data-testid="export-buttons"' in page
    rows, lines = _both(clients.sm_a, url)
    assert len(rows) == page.count('data-testid="meeting-row"') == 2
    assert {line[2] for line in lines} == {display_name(world.sm_a)}
    assert {line[4] for line in lines} == {"决定加强培训", ""}
    assert display_name(world.sm_b) not in str(rows)


def test_the_workbook_archive_exports_the_workbooks_one_may_see(world, clients):
    from reports.models import Kind, ReportFile

    day = datetime.date(2025, 3, 12)
    ReportFile.objects.create(kind=Kind.STORE_DAILY, store=world.store_a, period_start=day,
                              period_end=day, status=ReportFile.Status.DONE, row_count=12,
                              finished_at=timezone.now())
    ReportFile.objects.create(kind=Kind.STORE_MONTHLY, store=world.store_a,
                              period_start=day.replace(day=1), period_end=day.replace(day=31))
    ReportFile.objects.create(kind=Kind.STORE_DAILY, store=world.store_b, period_start=day,
                              period_end=day, status=ReportFile.Status.DONE)
    url = reverse("reports:archive")
    page = clients.sm_a.get(url).content.decode()
    assert 'data-testid="export-buttons"' in page
    rows, lines = _both(clients.sm_a, url)
    assert len(rows) == page.count('data-testid="archive-row"') == 2
    assert {line[1] for line in lines} == {str(world.store_a)}
    assert {line[2] for line in lines} == {"2025-03-12", "2025-03"}
    daily = next(line for line in lines if line[2] == "2025-03-12")
    assert daily[5] == "12" and daily[4]
    assert str(world.store_b) not in str(_both(clients.supervisor, url)[0])  # region A only


def test_the_staffing_rules_export_the_stores_minimums(world, clients):
    from people.models import StaffingRule
    from tests.factories import post
    from tests.people.permission_cases import rule_a

    rule_a(world)
    StaffingRule.objects.create(store=world.store_b, starts_at=datetime.time(9),
                                ends_at=datetime.time(11), post=post("counter"), minimum=5)
    url = reverse("people:staffing")
    page = clients.sm_a.get(url).content.decode()
    assert 'data-testid="export-buttons"' in page
    rows, lines = _both(clients.sm_a, url)
    assert len(rows) == page.count('data-testid="staffing-rule"') == 1
    assert lines[0][1:] == ["10:00–12:00", post("counter").label, "2"]
