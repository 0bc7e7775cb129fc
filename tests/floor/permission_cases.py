from hallops.permissions import Role
from tests.permission_matrix import Case

DM, SM, CLERK, CH = Role.DUTY_MANAGER, Role.STORE_MANAGER, Role.CLERK, Role.COMPLAINT_HANDLER


def _unsettled(world):
    from complaints.models import Category
    from complaints.services import desk_complaint_record

    if not hasattr(world, "_desk_unsettled"):
        world._desk_unsettled = desk_complaint_record(
            actor=world.clerk_a, store=world.store_a, customer_number="13800001111",
            category=Category.objects.get(code="service"), description="排队太久",
            action_taken="", settled=False, demand="尽快处理")
    return world._desk_unsettled


CASES = [
    Case("floor:board", roles=(DM,)),
    Case("floor:action", roles=(DM,), method="post", ok=302, data=lambda w: {"kind": "open_desk"}),
    Case("floor:import", roles=(DM,)),
    Case("floor:import_template", roles=(DM,)),
    Case("floor:thresholds", roles=(SM,)),
    Case("floor:desk_ready", roles=(CLERK,)),
    Case("floor:desk_ready_day", roles=(DM, SM)),
    Case("complaints:desk", roles=(CLERK,)),
    Case("complaints:desk_escalate", roles=(CLERK,), method="post", ok=302, scoped=True,
         kwargs=lambda w: {"pk": _unsettled(w).pk}),
    Case("complaints:desk_list", roles=(CH, SM)),
]
