from hallops.permissions import Role
from tests.complaints.helpers import make_order
from tests.permission_matrix import Case

CH, SM, DM, SUP = (Role.COMPLAINT_HANDLER, Role.STORE_MANAGER, Role.DUTY_MANAGER, Role.SUPERVISOR)


def order_a(world):
    if not hasattr(world, "_order_a"):
        world._order_a = make_order(world)
    return world._order_a


def escalation_a(world):
    from complaints.models import Escalation

    order = order_a(world)
    escalation = Escalation.objects.filter(order=order).first()
    return escalation or Escalation.objects.create(
        order=order, store=order.store, raised_by=world.ch_a, reason="难"
    )


def extension_a(world):
    import datetime as dt

    from complaints.models import Extension

    order = order_a(world)
    extension = Extension.objects.filter(order=order).first()
    return extension or Extension.objects.create(
        order=order,
        store=order.store,
        requested_by=world.ch_a,
        new_due_at=order.final_due - dt.timedelta(hours=1),
        reason="等资料",
    )


def pk(factory):
    return lambda w: {"pk": factory(w).pk}


def action(name, roles):
    # Empty data: the form is refused, the view redirects back with a message (302).
    return Case(
        f"complaints:{name}", roles=roles, kwargs=pk(order_a), method="post", ok=302, scoped=True
    )


CASES = [
    Case("complaints:order", roles=(CH, SM, DM, SUP), kwargs=pk(order_a), scoped=True),
    action("accept", (CH,)),
    action("contact", (CH,)),
    action("pause", (CH,)),
    action("resume", (CH,)),
    action("reply", (CH,)),
    action("callback", (CH,)),
    action("reopen", (CH,)),
    action("close", (CH,)),
    action("cancel", (CH, SM)),
    action("transfer", (CH, SM)),
    action("extend", (CH,)),
    action("escalate", (CH, DM)),
    action("flag", (CH, SM, DM)),
    action("reveal", (CH, SM)),
    action("staff", (CH,)),
    Case("complaint_handler:queue", roles=(CH,)),
    Case("complaint_handler:callbacks", roles=(CH,)),
    Case("complaint_handler:intake", roles=(CH, DM)),
    Case("complaint_handler:handbook", roles=(CH, DM, SM)),
    Case("store_manager:complaint_escalations", roles=(SM,)),
    Case(
        "store_manager:complaint_escalation_resolve",
        roles=(SM,),
        kwargs=pk(escalation_a),
        method="post",
        ok=302,
        scoped=True,
    ),
    Case(
        "store_manager:complaint_extension_decide",
        roles=(SM,),
        kwargs=pk(extension_a),
        method="post",
        ok=302,
        scoped=True,
    ),
    Case("store_manager:complaint_overdue", roles=(SM,)),
    Case("store_manager:complaint_quality", roles=(SM,)),
    Case(
        "store_manager:complaint_quality_review",
        roles=(SM,),
        kwargs=pk(order_a),
        method="post",
        ok=302,
        scoped=True,
    ),
    Case("store_manager:complaint_kpi", roles=(SM,)),
    Case("store_manager:complaint_kpi_chart", roles=(SM,), kwargs=lambda w: {"kind": "category"}),
    Case("supervisor:complaint_kpi", roles=(SUP,)),
    Case("supervisor:complaint_kpi_chart", roles=(SUP,), kwargs=lambda w: {"kind": "week"}),
]
