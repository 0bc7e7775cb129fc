import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hallops.models import AttendanceRecord, ShiftType
from people.models import ClockCorrection, LeaveRequest, LeaveType, RequestStatus, StaffingRule
from tests.factories import post, roster

pytestmark = pytest.mark.django_db


def test_a_clerk_asks_for_leave_and_the_manager_approves_through_the_pages(world, clients):
    day = timezone.localdate() + datetime.timedelta(days=2)
    entry = roster(world.store_a, world.clerk_a, day)
    response = clients.clerk_a.post(reverse("people:leave_mine"), {
        "leave_type": LeaveType.objects.get(code="sick").pk, "start_date": day.isoformat(),
        "end_date": day.isoformat(), "reason": "发烧"})
    assert response.status_code == 302
    leave = LeaveRequest.objects.get()
    page = clients.sm_a.get(reverse("people:leave_review"))
    assert "发烧" in page.content.decode()
    response = clients.sm_a.post(reverse("people:leave_decide", args=[leave.pk]),
                                 {"decision": "approve"})
    assert response.status_code == 302
    leave.refresh_from_db()
    entry.refresh_from_db()
    assert leave.status == RequestStatus.APPROVED and entry.on_leave
    monday = day - datetime.timedelta(days=day.weekday())
    grid = clients.sm_a.get(reverse("store_manager:roster"), {"week": monday.isoformat()})
    assert 'data-testid="on-leave"' in grid.content.decode()
    month = clients.clerk_a.get(reverse("people:roster_month"), {"month": f"{day:%Y-%m}"})
    assert 'data-testid="on-leave"' in month.content.decode()


def test_a_bad_leave_form_changes_nothing_and_says_why(world, clients):
    day = timezone.localdate()
    response = clients.clerk_a.post(reverse("people:leave_mine"), {
        "leave_type": LeaveType.objects.get(code="sick").pk, "start_date": day.isoformat(),
        "end_date": (day - datetime.timedelta(days=2)).isoformat()})
    assert response.status_code == 200
    assert not LeaveRequest.objects.exists()
    assert response.context["form"].errors
    response = clients.clerk_a.post(reverse("people:leave_mine"), {"start_date": "garbage"})
    assert response.status_code == 200


def test_another_stores_request_is_404(world, clients):
    leave = LeaveRequest.objects.create(
        store=world.store_a, user=world.clerk_a, leave_type=LeaveType.objects.get(code="annual"),
        start_date=timezone.localdate(), end_date=timezone.localdate())
    response = clients.sm_b.post(reverse("people:leave_decide", args=[leave.pk]),
                                 {"decision": "approve"})
    assert response.status_code == 404
    leave.refresh_from_db()
    assert leave.status == RequestStatus.PENDING


def test_a_correction_through_the_pages_shows_the_original(world, clients):
    day = timezone.localdate() - datetime.timedelta(days=1)
    entry = roster(world.store_a, world.clerk_a, day)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 25)))
    record = AttendanceRecord.objects.create(store=world.store_a, user=world.clerk_a,
                                             business_date=day, roster_entry=entry,
                                             clock_in=start)
    page = clients.clerk_a.get(reverse("people:correction_mine"))
    assert 'data-testid="flagged-records"' in page.content.decode()
    response = clients.clerk_a.post(reverse("people:correction_mine"), {
        "target": f"r{record.pk}", "side": "out", "corrected_time": f"{day:%Y-%m-%d}T17:05",
        "reason": "忘记签退"})
    assert response.status_code == 302, response.content.decode()[:2000]
    correction = ClockCorrection.objects.get()
    response = clients.dm_a.post(reverse("people:correction_decide", args=[correction.pk]),
                                 {"decision": "approve"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.clock_out_corrected
    page = clients.sm_a.get(reverse("store_manager:attendance"), {"month": f"{day:%Y-%m}"})
    html = page.content.decode()
    assert 'data-testid="corrected-records"' in html and "17:05" in html
    # A correction in the future is refused with a message, nothing saved.
    response = clients.clerk_a.post(reverse("people:correction_mine"), {
        "target": f"r{record.pk}", "side": "in",
        "corrected_time": (timezone.localtime() + datetime.timedelta(hours=3)).strftime(
            "%Y-%m-%dT%H:%M"), "reason": "x"})
    assert response.status_code == 200
    assert ClockCorrection.objects.count() == 1


def test_the_manager_sets_a_band_minimum_and_exports_the_month(world, clients):
    response = clients.sm_a.post(reverse("people:staffing"), {
        "day_type": "weekend", "starts_at": "10:00", "ends_at": "12:00",
        "post": post("counter").pk, "minimum": 2})
    assert response.status_code == 302
    assert StaffingRule.objects.filter(store=world.store_a).count() == 1
    response = clients.sm_a.post(reverse("people:staffing"), {
        "day_type": "weekend", "starts_at": "12:00", "ends_at": "10:00",
        "post": post("counter").pk, "minimum": 2})
    assert response.status_code == 200
    assert StaffingRule.objects.count() == 1
    day = timezone.localdate()
    roster(world.store_a, world.clerk_a, day)
    response = clients.sm_a.get(reverse("people:roster_export"), {"month": f"{day:%Y-%m}"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert ShiftType.objects.filter(store=world.store_a).exists()


def test_publish_through_the_page(world, clients):
    first = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    roster(world.store_a, world.clerk_a, first)
    response = clients.sm_a.post(reverse("people:roster_publish"), {"month": f"{first:%Y-%m}"})
    assert response.status_code == 302
    page = clients.clerk_a.get(reverse("people:roster_month"), {"month": f"{first:%Y-%m}"})
    assert "badge bg-success" in page.content.decode()
    response = clients.sm_a.post(reverse("people:roster_publish"), {"month": "bad"})
    assert response.status_code == 302
