
from hallops.permissions import Role
from hallops.scoping import scopes_disabled
from service.models import MysteryVisit, ServiceCheck, Violation
from tests.permission_matrix import EVERYONE, Case

from .helpers import record_check, record_visit, today

SM, DM, CLERK, SUP = Role.STORE_MANAGER, Role.DUTY_MANAGER, Role.CLERK, Role.SUPERVISOR


def _operator(func):
    """Test code reads every store (the fuzz world is built outside the tests' own scope)."""
    def wrapped(world):
        with scopes_disabled():
            return func(world)
    return wrapped


@_operator
def _check(world):
    check = ServiceCheck.objects.filter(store=world.store_a).first() or record_check(
        world, faults=("gestures",))
    return {"pk": check.pk}


@_operator
def _visit(world):
    visit = MysteryVisit.objects.filter(store=world.store_a).first() or record_visit(
        world, staff=world.clerk_a)
    return {"pk": visit.pk}


@_operator
def _violation(world):
    violation = Violation.objects.filter(store=world.store_a).first()
    if violation is None:
        record_check(world, faults=("gestures",))
        violation = Violation.objects.filter(store=world.store_a).first()
    return {"pk": violation.pk}


CASES = [
    Case("service:handbook", roles=EVERYONE),
    Case("service:checks", roles=(SM, DM, CLERK, SUP)),
    Case("service:check_new", roles=(SM, DM)),
    Case("service:check", roles=(SM, DM, CLERK, SUP), kwargs=_check, scoped=True),
    Case("service:check_ack", roles=(CLERK,), kwargs=_check, scoped=True, method="post", ok=302,
         data=lambda w: {"comment": ""}),
    Case("service:mystery", roles=(SM, DM, SUP)),
    Case("service:mystery_new", roles=(SM,)),
    Case("service:mystery_import", roles=(SM,)),
    Case("service:mystery_template", roles=(SM,)),
    Case("service:mystery_visit", roles=(SM, DM, SUP), kwargs=_visit, scoped=True),
    Case("service:violations", roles=(SM, DM, SUP)),
    Case("service:violation_new", roles=(SM, DM), method="post", ok=400,
         data=lambda w: {"description": ""}),
    Case("service:violation", roles=(SM, DM, SUP), kwargs=_violation, scoped=True),
    Case("service:violation_follow", roles=(SM, DM), kwargs=_violation, scoped=True,
         method="post", ok=302,
         data=lambda w: {"kind": "talk", "done_on": today().isoformat(),
                         "note": "谈话"}),
    Case("service:monthly", roles=(SM, SUP)),
]
