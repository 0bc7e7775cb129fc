"""Celery tasks of the complaint desk: no logic here, each calls one service."""

from celery import shared_task

from complaints.services import callback_sweep, sla_sweep
from hallops.scoping import all_stores


@shared_task(name="complaints.sla_sweep", ignore_result=True)
def sla_sweep_task() -> dict:
    """Every few minutes: mark due-soon and overdue orders and missed callbacks, and notify
    (idempotent).

    The sweep watches every store's clock: an operator-wide job, in the named all-stores scope."""
    with all_stores("sla_sweep"):
        return sla_sweep() | callback_sweep()
