"""On PostgreSQL an acknowledged assessment cannot be changed even by raw SQL."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from hallops.permissions import Role
from hr.models import Assessment, AssessmentLocked, AssessmentScheme

pytestmark = pytest.mark.postgres


def test_a_locked_assessment_refuses_updates_and_deletes(world):
    assessment = Assessment.objects.create(
        store=world.store_a, user=world.clerk_a, month=datetime.date(2026, 10, 1),
        scheme=AssessmentScheme.objects.get(role=Role.CLERK, is_active=True), role=Role.CLERK,
        opened_by=world.sm_a, status="locked", total=80)
    assessment.total = 99
    with pytest.raises(AssessmentLocked):
        assessment.save()
    for sql in ("UPDATE hr_assessment SET total = 99 WHERE id = %s",
                "DELETE FROM hr_assessment WHERE id = %s"):
        with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [assessment.pk])
    assessment.refresh_from_db()
    assert assessment.total == 80
