import pytest

from hallops.celery import app as celery_app


@pytest.fixture(autouse=True)
def _tasks_fail_as_in_a_worker():
    """Eager tasks, but a task's failure or retry stays in the task, as in a worker: Celery's
    eager apply then runs each retry at once (the countdown is recorded, not waited)."""
    before = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = before
