"""Permission-matrix rows for the fund receiver's pages and the store manager's delegation.

No persona holds the fund-receiver role, so every persona answers 403 on its pages; the
focused tests in test_fund_receiver.py cover a fund receiver of store A."""

from hallops.permissions import Role
from tests.permission_matrix import Case

FR = (Role.FUND_RECEIVER,)
SM = (Role.STORE_MANAGER,)


def _fund_receiver_a(world):
    from hallops.models import RoleAssignment
    from tests import factories

    assignment = RoleAssignment.objects.filter(store=world.store_a,
                                               role=Role.FUND_RECEIVER).first()
    if assignment is None:
        assignment = factories.grant(world.clerk_a, Role.FUND_RECEIVER, store=world.store_a)
    return {"pk": assignment.pk}


def _confirmed_till_a(world):
    from hallops.models import TillSession
    from tests.cash.helpers import confirmed_till

    session = TillSession.objects.filter(store=world.store_a,
                                         handin__confirmed_at__isnull=False).first()
    return {"pk": (session or confirmed_till(world)).pk}


CASES = [
    Case("fund_receiver:home", roles=FR),
    Case("fund_receiver:till", roles=FR, kwargs=_confirmed_till_a, scoped=True),
    # An empty grant is refused with a message and a redirect back to the deposits page.
    Case("store_manager:fund_receiver_grant", roles=SM, method="post", ok=302),
    Case("store_manager:fund_receiver_withdraw", roles=SM, method="post", kwargs=_fund_receiver_a,
         ok=302, scoped=True),
]
