from hallops.permissions import Role
from tests.permission_matrix import ALL_STORE_ROLES, EVERYONE, Case

SM, SUP = Role.STORE_MANAGER, Role.SUPERVISOR
# A task of store A given to clerk_a: the complaint handler and fund receiver of A do not see it.
NOT_THEIRS = {"ch_a": 404, "fr_a": 404}


def task_a(world):
    from tests.tasks.factories import make_task

    if not hasattr(world, "_task_a"):
        world._task_a = make_task(world)
    return {"pk": world._task_a.pk}


def meeting_a(world):
    from tests.tasks.factories import make_meeting

    if not hasattr(world, "_meeting_a"):
        world._meeting_a = make_meeting(world)
    return {"pk": world._meeting_a.pk}


CASES = [
    Case("tasks:list", roles=EVERYONE),
    Case("tasks:assign", roles=(SM,)),
    Case("tasks:assign_for_store", roles=(SUP,), kwargs=lambda w: {"store_pk": w.store_a.pk}),
    Case("tasks:detail", roles=EVERYONE, kwargs=task_a, scoped=True, expect=NOT_THEIRS),
    Case("tasks:complete", roles=ALL_STORE_ROLES, kwargs=task_a, scoped=True, method="post",
         ok=302, data=lambda w: {"note": "已完成"}, expect=NOT_THEIRS),
    Case("tasks:decline", roles=ALL_STORE_ROLES, kwargs=task_a, scoped=True, method="post",
         ok=302, data=lambda w: {"reason": "缺少物料"}, expect=NOT_THEIRS),
    Case("tasks:cancel", roles=(SM, SUP), kwargs=task_a, scoped=True, method="post", ok=302),
    Case("tasks:meetings", roles=(SM,)),
    Case("tasks:meeting", roles=(SM,), kwargs=meeting_a, scoped=True),
    Case("tasks:meeting_action", roles=(SM,), kwargs=meeting_a, scoped=True),
]
