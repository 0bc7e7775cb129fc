"""Permission-matrix rows for the cash pages (objects are tills of store A)."""

from hallops.permissions import Role
from tests.permission_matrix import Case

CLERK = (Role.CLERK,)
DM = (Role.DUTY_MANAGER,)
SM = (Role.STORE_MANAGER,)


def _till(world):
    from hallops.models import TillSession
    from tests.cash.helpers import open_till

    session = TillSession.objects.filter(store=world.store_a, clerk=world.clerk_a).first()
    return {"pk": (session or open_till(world)).pk}


CASES = [
    Case("clerk:till", roles=CLERK),
    # An empty POST is refused with the form shown again (400); another store → 404.
    Case("clerk:till_drop", roles=CLERK, method="post", kwargs=_till, ok=400, scoped=True),
    Case("clerk:till_count", roles=CLERK, method="post", kwargs=_till, ok=400, scoped=True),
    Case("clerk:till_explain", roles=CLERK, method="post", kwargs=_till, ok=400, scoped=True),
    Case("clerk:till_handin", roles=CLERK, method="post", kwargs=_till, ok=400, scoped=True),
    Case("duty_manager:cash_board", roles=DM),
    Case("duty_manager:cash_float_issue", roles=DM, method="post", ok=400),
    Case("duty_manager:cash_expected", roles=DM, method="post", kwargs=_till, ok=400,
         scoped=True),
    Case("duty_manager:cash_confirm", roles=DM, method="post", kwargs=_till, ok=400,
         scoped=True),
    Case("duty_manager:cash_tail", roles=DM, method="post", ok=400),
    Case("duty_manager:cash_import", roles=DM),
    Case("store_manager:cash", roles=SM),
    Case("store_manager:cash_register", roles=SM),
    Case("store_manager:cash_deposits", roles=SM),
    Case("store_manager:cash_session", roles=SM, kwargs=_till, scoped=True),
    Case("store_manager:cash_approve", roles=SM, method="post", kwargs=_till, ok=302,
         scoped=True),
    Case("store_manager:cash_adjust", roles=SM, method="post", kwargs=_till, ok=400,
         scoped=True),
]
