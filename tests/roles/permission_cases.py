from hallops.permissions import Role
from tests.permission_matrix import Case

SM = (Role.STORE_MANAGER,)

CASES = [
    Case("store_manager:home", roles=SM),
    Case("store_manager:roster", roles=SM),
    Case("store_manager:roster_copy", roles=SM, method="post", ok=302),
    Case("store_manager:attendance", roles=SM),
    Case("store_manager:audit", roles=SM),
    Case("duty_manager:home", roles=(Role.DUTY_MANAGER,)),
    Case("clerk:home", roles=(Role.CLERK,)),
    Case("complaint_handler:home", roles=(Role.COMPLAINT_HANDLER,)),
    Case("supervisor:home", roles=(Role.SUPERVISOR,)),
    Case("supervisor:ranking", roles=(Role.SUPERVISOR,)),
    Case("supervisor:trend_chart", roles=(Role.SUPERVISOR,), kwargs=lambda w: {"kind": "cash"}),
    # Store A is in the supervisor's region; store B's page is tested in tests/cockpit (404).
    Case("supervisor:store", roles=(Role.SUPERVISOR,), kwargs=lambda w: {"pk": w.store_a.pk}),
]
