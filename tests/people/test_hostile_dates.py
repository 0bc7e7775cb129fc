"""Property: any date range reaches the leave service as a stored request within the rules or
a refusal (DomainError); never an error of the database or a request nobody could approve."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hallops.exceptions import DomainError
from people.models import LeaveRequest, LeaveType, PeopleRules
from people.services.leave import leave_request_create

OFFSETS = st.integers(min_value=-40_000, max_value=40_000)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=OFFSETS, length=st.integers(min_value=-500, max_value=500))
def test_a_hostile_range_is_stored_within_the_rules_or_refused(world, start, length):
    today = timezone.localdate()
    try:
        first = today + datetime.timedelta(days=start)
        last = first + datetime.timedelta(days=length)
    except OverflowError:
        return
    try:
        with transaction.atomic():
            leave = leave_request_create(actor=world.clerk_a, store=world.store_a,
                                         leave_type=LeaveType.objects.get(code="personal"),
                                         start_date=first, end_date=last)
            assert leave.start_date <= leave.end_date
            assert leave.days <= PeopleRules.current().max_leave_days
            transaction.set_rollback(True)
    except DomainError as refusal:
        assert str(refusal)
    assert not LeaveRequest.objects.exists()
