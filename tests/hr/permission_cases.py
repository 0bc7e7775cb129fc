"""Permission-matrix rows for the staff, assessment, training and team pages (objects of store A)."""

import datetime

from hallops.permissions import Role
from tests.permission_matrix import ALL_STORE_ROLES, Case

SM = (Role.STORE_MANAGER,)
STAFF_ROLES = tuple(r for r in ALL_STORE_ROLES if r != Role.STORE_MANAGER)


def _member(world):
    return {"pk": world.clerk_a.pk}


def _newcomer(world):
    """A clerk of store A made for the case (deactivating clerk_a would sign that persona out)."""
    from tests.factories import make_user

    return {"pk": make_user(role=Role.CLERK, store=world.store_a).pk}


def _certificate(world):
    from hr.models import Certificate, StaffFile

    file, _ = StaffFile.objects.get_or_create(user=world.clerk_a, defaults={"store": world.store_a})
    return {"pk": Certificate.objects.create(staff_file=file, kind="work_permit").pk}


def _assessment(world, user=None):
    from hr.models import Assessment, AssessmentScheme

    user = user or world.clerk_a
    assessment = Assessment.objects.filter(user=user).first() or Assessment.objects.create(
        store=world.store_a, user=user, month=datetime.date(2026, 1, 1),
        scheme=AssessmentScheme.objects.get(role=Role.CLERK, is_active=True), role=Role.CLERK,
        opened_by=world.sm_a, status="submitted")
    return {"pk": assessment.pk}


def _attendance(world):
    from hr.models import TrainingAttendance, TrainingSession

    session = TrainingSession.objects.create(store=world.store_a, topic="T", trainer="王",
                                             held_on=datetime.date(2026, 1, 5), created_by=world.sm_a)
    return {"pk": TrainingAttendance.objects.create(session=session, user=world.clerk_a).pk}


def _session(world):
    from hr.models import TrainingSession

    return {"pk": TrainingSession.objects.create(store=world.store_a, topic="T", trainer="王",
                                                 held_on=datetime.date(2026, 1, 5),
                                                 created_by=world.sm_a).pk}


def _activity(world):
    from hr.models import TeamActivity

    return {"pk": TeamActivity.objects.create(store=world.store_a, title="A", plan="P",
                                              held_on=datetime.date(2026, 1, 5),
                                              created_by=world.sm_a).pk}


# The person's own assessment/training: only clerk_a owns them; other store-A roles get 404.
OWN = {"sm_a": 404, "dm_a": 404, "ch_a": 404, "fr_a": 404}

CASES = [
    Case("hr:staff_list", roles=SM),
    Case("hr:staff_add", roles=SM),
    Case("hr:staff_import", roles=SM),
    Case("hr:staff_template", roles=SM),
    Case("hr:staff_file", roles=SM, kwargs=_member, scoped=True),
    Case("hr:staff_edit", roles=SM, kwargs=_member, scoped=True),
    Case("hr:staff_deactivate", roles=SM, method="post", kwargs=_newcomer, ok=302, scoped=True),
    Case("hr:staff_password", roles=SM, method="post", kwargs=_newcomer, ok=302, scoped=True),
    Case("hr:certificate_add", roles=SM, method="post", kwargs=_member, ok=302, scoped=True),
    Case("hr:certificate_remove", roles=SM, method="post", kwargs=_certificate, ok=302, scoped=True),
    Case("hr:assessments", roles=SM),
    Case("hr:assessments_open", roles=SM, method="post", ok=302),
    Case("hr:assessment_ranking", roles=SM + (Role.SUPERVISOR,)),
    Case("hr:assessment", roles=SM + (Role.SUPERVISOR,), kwargs=_assessment, scoped=True),
    Case("hr:my_assessments", roles=ALL_STORE_ROLES),
    Case("hr:my_assessment_acknowledge", roles=ALL_STORE_ROLES, method="post", kwargs=_assessment,
         ok=302, scoped=True, expect=OWN),
    Case("hr:my_assessment_dispute", roles=ALL_STORE_ROLES, method="post", kwargs=_assessment,
         ok=302, scoped=True, expect=OWN),
    Case("hr:trainings", roles=SM + (Role.DUTY_MANAGER,)),
    Case("hr:training", roles=SM + (Role.DUTY_MANAGER,), kwargs=_session, scoped=True),
    Case("hr:my_trainings", roles=ALL_STORE_ROLES),
    Case("hr:training_confirm", roles=ALL_STORE_ROLES, method="post", kwargs=_attendance, ok=302,
         scoped=True, expect=OWN),
    Case("hr:activities", roles=SM),
    Case("hr:activity", roles=SM, kwargs=_activity, scoped=True),
    Case("hr:stories", roles=ALL_STORE_ROLES + (Role.SUPERVISOR,)),
]
