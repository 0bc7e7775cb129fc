"""Celery tasks of tasks (领导交办): no logic here, each calls one function."""

from celery import shared_task

from hallops.scoping import all_stores

from .services import task_overdue_notify


@shared_task(name="tasks.overdue_notify", ignore_result=True)
def task_overdue_notify_task() -> int:
    """Every quarter of an hour: open tasks past their due date, both sides told once.
    Every store's tasks: an operator-wide job, in its named all-stores scope."""
    with all_stores("task_overdue"):
        return task_overdue_notify()
