import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from hallops.demo import clock
from people.models import ClockCorrection, LeaveRequest, ShiftSwap, StaffingRule

pytestmark = pytest.mark.django_db


def test_the_demo_has_leave_a_swap_and_corrections_once():
    moment = datetime.datetime.combine(timezone.localdate(), datetime.time(15, 30),
                                       tzinfo=timezone.get_current_timezone())
    with clock(moment):
        call_command("seed_demo", stores=1, days=7, no_history=True, stdout=io.StringIO())
    for code in ("SJZ001", "SJZ002", "BD001"):
        statuses = sorted(LeaveRequest.objects.filter(store__code=code)
                          .values_list("status", flat=True))
        assert statuses == ["approved", "approved", "pending"], code
        assert ShiftSwap.objects.filter(store__code=code, status="accepted").count() == 1, code
        assert ClockCorrection.objects.filter(store__code=code, status="approved").count() == 1
        assert ClockCorrection.objects.filter(store__code=code, status="pending").count() == 1
        assert StaffingRule.objects.filter(store__code=code).count() == 1
    counts = [LeaveRequest.objects.count(), ShiftSwap.objects.count()]
    with clock(moment):
        call_command("seed_demo", stores=1, days=7, no_history=True, stdout=io.StringIO())
    assert [LeaveRequest.objects.count(), ShiftSwap.objects.count()] == counts
