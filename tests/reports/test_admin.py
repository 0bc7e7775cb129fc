"""Schedules are configured in the admin; errors and the last one show there."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from reports.models import Kind, ReportSchedule


@pytest.fixture
def admin_client_(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "x-Test-42")
    client.force_login(user)
    return client


def test_it_lists_schedules_with_their_error_counts(admin_client_):
    ReportSchedule.objects.create(name="broken", kind=Kind.STORE_DAILY, error_count=3,
                                  last_error="SMTPServerDisconnected('boom')")
    page = admin_client_.get(reverse("admin:reports_reportschedule_changelist"))
    assert page.status_code == 200
    assert "SMTPServerDisconnected" in page.content.decode()
    assert admin_client_.get(reverse("admin:reports_reportfile_changelist")).status_code == 200


def test_saving_a_schedule_in_the_admin_plans_its_next_run(admin_client_):
    response = admin_client_.post(reverse("admin:reports_reportschedule_add"), {
        "name": "weekly", "kind": Kind.STORE_WEEKLY, "enabled": "on", "language": "en",
        "at_time": "21:30", "weekday": "5", "day_of_month": "1", "recipients": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    schedule = ReportSchedule.objects.get(name="weekly")
    assert schedule.next_run_at is not None
    local = timezone.localtime(schedule.next_run_at)
    assert local.weekday() == 5 and (local.hour, local.minute) == (21, 30)
