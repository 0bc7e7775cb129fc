"""The records that take photos and files (issue 17), one line each; see registry.py.

Locks follow the lock notions the records already have: a fixed fault and a closed or
cancelled work order are finished; an incident, a checklist tick and a customer opinion
belong to a business day, locked once that day's duty log is countersigned (the log shows
them). Team activities have no lock (a report may follow the photos).
"""

from complaints.models import WorkOrder
from hallops.models import (
    ChecklistTick,
    CustomerOpinion,
    EquipmentFault,
    FaultStatus,
    Incident,
)
from hallops.permissions import STORE_ROLES, Role
from hr.models import TeamActivity
from tasks.models import Task, TaskStatus
from tasks.selectors import visible_tasks

from .registry import VIEW_ROLES, register_attachable
from .selectors import signed_off_days

SM, DM, CH, CLERK = Role.STORE_MANAGER, Role.DUTY_MANAGER, Role.COMPLAINT_HANDLER, Role.CLERK


def day_signed_off(store, day) -> bool:
    """The store's duty log of that business day is countersigned (its items are final).
    Lists ask once for all their rows' days: selectors.signed_off_days."""
    return day in signed_off_days(store, [day])


register_attachable(EquipmentFault, locked=lambda f: f.status == FaultStatus.FIXED)
register_attachable(Incident, locked=lambda i: day_signed_off(i.store, i.business_date))
register_attachable(ChecklistTick, store_field="run__store",
                    locked=lambda t: day_signed_off(t.run.store, t.run.business_date))
register_attachable(CustomerOpinion, locked=lambda o: day_signed_off(o.store, o.business_date))
register_attachable(WorkOrder, locked=lambda o: o.status in (WorkOrder.Status.CLOSED,
                                                     WorkOrder.Status.CANCELLED),
                    view_roles=(SM, DM, CH, Role.SUPERVISOR), edit_roles=(SM, CH))
register_attachable(TeamActivity, view_roles=VIEW_ROLES, edit_roles=(SM,))


def _task_visible(request, task) -> bool:
    """Only who may open the task (its side, its assigner, managers) sees its files."""
    return visible_tasks(request.acting.stores, request.acting).filter(pk=task.pk).exists()


# A task's files go with its completion (or its refusal); closed, they are final.
register_attachable(Task, locked=lambda t: t.status != TaskStatus.OPEN,
                    view_roles=(*STORE_ROLES, Role.SUPERVISOR), edit_roles=STORE_ROLES,
                    visible=_task_visible)
