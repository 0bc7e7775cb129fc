from hallops.models import MeetingKind, MorningMeeting
from hallops.permissions import Role
from tasks.demo import tasks_and_meetings
from tasks.models import Task, TaskStatus
from tests import factories


def test_the_demo_gives_a_weekly_meeting_with_action_items_and_a_few_tasks(world, monkeypatch):
    factories.make_user("clerk_a2", role=Role.CLERK, store=world.store_a)
    monkeypatch.setattr("tasks.demo.demo_stores", lambda stores: list(stores))
    for _twice in range(2):  # seeding twice adds nothing
        tasks_and_meetings(stores=[world.store_a], days=3, rng=None, stdout=None)
    meeting = MorningMeeting.objects.get(store=world.store_a, kind=MeetingKind.WEEKLY)
    assert meeting.action_items.count() == 2 and meeting.attendees.filter(present=True).exists()
    assert Task.objects.filter(store=world.store_a).count() == 4
    assert Task.objects.filter(status=TaskStatus.DONE).count() == 1
