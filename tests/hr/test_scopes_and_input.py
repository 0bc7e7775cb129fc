"""The hr pages under enforced store scopes, and hostile score input."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override
from hypothesis import given, settings
from hypothesis import strategies as st

from hallops.exceptions import DomainError
from hallops.permissions import Role
from hallops.scoping import scopes_disabled
from hr.models import AssessmentItem, AssessmentScheme
from hr.services.assessment import _score_value
from hr.services.staff import StaffDetails, staff_update
from tests.conftest import login


@pytest.mark.scopes_enforced
def test_the_pages_run_inside_the_acting_stores_scope(world):
    import random

    from hr import demo

    with scopes_disabled():
        demo._store(world.store_a, random.Random(2))
        from hr.models import Assessment, TrainingAttendance

        assessment = Assessment.objects.filter(store=world.store_a).first()
        attendance = TrainingAttendance.objects.filter(session__store=world.store_a).first()
    manager, clerk = login(world.sm_a), login(attendance.user)
    month = f"?month={assessment.month:%Y-%m}"
    for url in (reverse("store_manager:home"), reverse("hr:staff_list"),
                reverse("hr:staff_file", args=[world.clerk_a.pk]), reverse("hr:assessments") + month,
                reverse("hr:assessment", args=[assessment.pk]), reverse("hr:assessment_ranking") + month,
                reverse("hr:trainings"), reverse("hr:activities"), reverse("hr:stories")):
        assert manager.get(url).status_code == 200, url
    for url in (reverse("hr:my_assessments"), reverse("hr:my_trainings")):
        assert clerk.get(url).status_code == 200, url
    supervisor = login(world.supervisor)
    assert supervisor.get(reverse("hr:assessment_ranking") + month).status_code == 200


def test_a_store_managers_own_record_is_the_administrators(world):
    with override("en"), pytest.raises(DomainError, match="kept by the administrator"):
        staff_update(actor=world.sm_a, store=world.store_a, user=world.sm_a,
                     details=StaffDetails(name="甲", employee_no="P0001", roles=(Role.CLERK,)))


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(raw=st.one_of(st.text(max_size=12), st.floats(allow_nan=True, allow_infinity=True),
                     st.integers(min_value=-10**12, max_value=10**12)))
def test_hostile_scores_are_refused_or_within_range(raw):
    item = AssessmentItem(scheme=AssessmentScheme(role=Role.CLERK), code="x", name="仪容",
                          kind="judged", weight=5, min_score=Decimal("0"))
    try:
        value = _score_value(raw, item)
    except DomainError:
        return
    assert value is None or Decimal("0") <= value <= 5


@pytest.mark.parametrize("extra", [0, 12])
def test_staff_and_assessment_pages_read_with_bounded_queries(world, clients, extra,
                                                              django_assert_max_num_queries):
    from hr.services.assessment import assessment_open_month
    from tests.factories import make_user

    for _ in range(extra):
        make_user(role=Role.CLERK, store=world.store_a)
    month = datetime.date(2026, 10, 1)
    assessment_open_month(actor=world.sm_a, store=world.store_a, month=month)
    with django_assert_max_num_queries(25):
        assert clients.sm_a.get(reverse("hr:staff_list")).status_code == 200
    with django_assert_max_num_queries(25):
        assert clients.sm_a.get(reverse("hr:assessments") + "?month=2026-10").status_code == 200
