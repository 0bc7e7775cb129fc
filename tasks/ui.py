"""Menu entries, home panels and notification links of tasks and team meetings."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallops.permissions import STORE_ROLES, Role
from hallops.registry import register_link, register_nav, register_panel

from . import selectors

register_link("task.detail", "tasks:detail")
register_link("task.list", "tasks:list")

# In the existing "Staff" group (the bars are bounded: tests/e2e/test_layout.py). The
# supervisor reaches the list from the home panel, which keeps their short bar as it is.
register_nav(roles=STORE_ROLES, label=_("Tasks"), url_name="tasks:list", order=69,
             group="staff")
# Beside the duty manager's morning meeting, in the same group.
register_nav(roles=(Role.STORE_MANAGER,), label=_("Team meetings"), url_name="tasks:meetings",
             order=31, group="business")


@register_panel(roles=(*STORE_ROLES, Role.SUPERVISOR), template="tasks/panels/my_tasks.html",
                order=5)
def my_tasks_panel(request):
    """Open tasks for the person (or a role they hold here) and the overdue ones they assigned,
    in one query. The supervisor always sees it: it is their way to the task list."""
    acting = request.acting
    today = timezone.localdate()
    supervisor = acting.role == Role.SUPERVISOR
    stores = acting.stores if supervisor else [acting.store]
    roles = selectors.held_roles(acting)
    tasks = selectors.home_tasks(stores, request.user, roles, today=today)
    if not tasks and not supervisor:
        return None
    user_id = request.user.pk
    return {
        "mine": [t for t in tasks if t.assignee_id == user_id
                 or (t.assignee_id is None and t.assignee_role in roles)],
        "assigned_overdue": [t for t in tasks if t.assigned_by_id == user_id and t.due_date < today],
        "today": today, "supervisor": supervisor,
    }
