"""Photos and files on tasks (领导交办): the assignee's side attaches them while the task is
open; only who may open the task sees them; a closed task's files are final."""

from django.urls import reverse

from attachments.models import Attachment
from attachments.registry import attachable_for
from tasks.models import Task
from tests.tasks.factories import make_task

from .helpers import png, upload


def _upload_url(task):
    return reverse("attachments:upload", args=[attachable_for(Task).key, task.pk])


def test_the_assignee_attaches_a_photo_the_assigner_sees_it(world, clients):
    task = make_task(world)  # given to clerk_a by the store manager
    response = clients.clerk_a.post(_upload_url(task), {
        "upload": [upload("shelf.png", png())], "next": reverse("tasks:detail", args=[task.pk])})
    assert response.status_code == 302
    attachment = Attachment.objects.get(object_id=task.pk)
    page = clients.sm_a.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert reverse("attachments:thumbnail", args=[attachment.pk]) in page
    assert clients.sm_a.get(reverse("attachments:download", args=[attachment.pk])).status_code == 200


def test_a_colleague_who_may_not_open_the_task_gets_404(world, clients):
    task = make_task(world)
    clients.clerk_a.post(_upload_url(task), {"upload": [upload("shelf.png", png())]})
    attachment = Attachment.objects.get(object_id=task.pk)
    # The complaint handler of the same store holds a store role but not this task.
    assert clients.ch_a.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404
    assert clients.ch_a.post(_upload_url(task), {"upload": [upload("x.png", png())]}).status_code == 404
    assert clients.sm_b.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404
    assert Attachment.objects.filter(object_id=task.pk).count() == 1


def test_a_closed_tasks_files_are_final(world, clients):
    from tasks.services import task_complete

    task = make_task(world)
    task_complete(actor=world.clerk_a, task=task, note="完成")
    clients.clerk_a.post(_upload_url(task), {"upload": [upload("late.png", png())]})
    assert not Attachment.objects.filter(object_id=task.pk).exists()
