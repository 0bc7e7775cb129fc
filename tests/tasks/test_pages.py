"""Pages of tasks and team meetings: assigning, the list's filters, who sees what, the homes."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hallops.models import MeetingKind, MorningMeeting
from hallops.people import display_name
from hallops.permissions import Role
from tasks.models import Task, TaskPriority, TaskStatus
from tests import factories
from tests.tasks.factories import business_today, make_meeting, make_task


def _day(days: int) -> str:
    return (business_today() + dt.timedelta(days=days)).isoformat()


def _form(**extra):
    data = {"title": "清点宣传单页", "details": "", "assign_to": "", "due_date": _day(2),
            "priority": str(TaskPriority.NORMAL)}
    data.update(extra)
    return data


def test_the_store_manager_assigns_to_a_role_from_the_page(world, clients):
    response = clients.sm_a.post(reverse("tasks:assign"), _form(assign_to="role:duty_manager"))
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("tasks:detail",
                                                                           args=[task.pk])
    assert task.assignee_role == Role.DUTY_MANAGER and task.store == world.store_a
    page = clients.dm_a.get(reverse("tasks:detail", args=[task.pk]))
    assert page.status_code == 200 and b'data-testid="task-complete"' in page.content


def test_a_due_date_in_the_past_is_refused_with_a_message(world, clients):
    response = clients.sm_a.post(reverse("tasks:assign"),
                                 _form(assign_to=f"user:{world.clerk_a.pk}", due_date=_day(-1)))
    assert response.status_code == 200
    assert "截止日期不能早于今天" in response.content.decode()
    assert not Task.objects.exists()


def test_a_person_of_another_store_is_not_offered(world, clients):
    response = clients.sm_a.post(reverse("tasks:assign"), _form(assign_to=f"user:{world.clerk_b.pk}"))
    assert response.status_code == 200 and not Task.objects.exists()


def test_the_supervisor_assigns_in_a_store_of_the_region_only(world, clients):
    other = clients.supervisor.get(reverse("tasks:assign_for_store", args=[world.store_b.pk]))
    assert other.status_code == 404
    response = clients.supervisor.post(
        reverse("tasks:assign_for_store", args=[world.store_a.pk]),
        _form(assign_to=f"user:{world.clerk_a.pk}"))
    assert response.status_code == 302
    task = Task.objects.get()
    assert task.assigned_by == world.supervisor and task.store == world.store_a
    home = clients.supervisor.get(reverse("supervisor:home"))
    assert b'data-testid="my-tasks-panel"' in home.content


def test_the_assignee_completes_and_the_assigner_sees_it_done(world, clients):
    task = make_task(world)
    response = clients.clerk_a.post(reverse("tasks:complete", args=[task.pk]), {"note": "已贴好"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.closed_by == world.clerk_a
    page = clients.sm_a.get(reverse("tasks:list") + "?status=done").content.decode()
    assert task.title in page and display_name(world.clerk_a) in page and "已完成" in page


def test_someone_else_cannot_complete_and_nothing_changes(world, clients):
    task = make_task(world)
    response = clients.dm_a.post(reverse("tasks:complete", args=[task.pk]), {"note": "x"},
                                 follow=True)
    assert "只有被指派的人才能完成此任务" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_declining_without_a_reason_is_refused(world, clients):
    task = make_task(world)
    response = clients.clerk_a.post(reverse("tasks:decline", args=[task.pk]), {"reason": ""},
                                    follow=True)
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_a_clerk_sees_only_their_tasks_and_another_store_none(world, clients):
    other_clerk = factories.make_user("clerk_a2", role=Role.CLERK, store=world.store_a)
    theirs = make_task(world, assignee=other_clerk, title="别人的任务")
    mine = make_task(world, title="我的任务")
    role_task = make_task(world, assignee_role=Role.CLERK, title="全体受理员的任务")
    page = clients.clerk_a.get(reverse("tasks:list")).content.decode()
    assert "我的任务" in page and "全体受理员的任务" in page and "别人的任务" not in page
    assert clients.clerk_a.get(reverse("tasks:detail", args=[theirs.pk])).status_code == 404
    assert clients.clerk_b.get(reverse("tasks:detail", args=[mine.pk])).status_code == 404
    assert clients.sm_b.get(reverse("tasks:detail", args=[role_task.pk])).status_code == 404
    assert "别人的任务" in clients.sm_a.get(reverse("tasks:list")).content.decode()


def test_the_list_filters(world, clients):
    make_task(world, title="逾期任务", due_in=-2, priority=TaskPriority.URGENT)
    make_task(world, title="普通任务", due_in=3, assignee=world.dm_a)
    make_task(world, title="已取消任务", status=TaskStatus.CANCELLED)
    url = reverse("tasks:list")

    def titles(query):
        content = clients.sm_a.get(url + query).content.decode()
        return {t for t in ("逾期任务", "普通任务", "已取消任务") if t in content}

    assert titles("") == {"逾期任务", "普通任务"}
    assert titles("?status=overdue") == {"逾期任务"}
    assert titles("?status=cancelled") == {"已取消任务"}
    assert titles("?status=all") == {"逾期任务", "普通任务", "已取消任务"}
    assert titles(f"?priority={TaskPriority.URGENT}") == {"逾期任务"}
    assert titles(f"?assignee={world.dm_a.pk}") == {"普通任务"}
    assert titles("?status=bogus&priority=x") == {"逾期任务", "普通任务"}  # bad values: no filter
    overdue_page = clients.clerk_a.get(url).content.decode()
    assert 'data-testid="task-overdue"' in overdue_page


def test_the_supervisor_filters_by_store_of_the_region(world, clients):
    other = factories.make_store("A2", region=world.region_a)
    factories.make_user("sm_a2", role=Role.STORE_MANAGER, store=other)
    clerk = factories.make_user("clerk_a3", role=Role.CLERK, store=other)
    make_task(world, title="一店任务")
    Task.objects.create(store=other, title="二店任务", due_date=business_today(),
                        assigned_by=world.supervisor, assignee=clerk)
    make_task(world, store=world.store_b, title="外区任务")
    url = reverse("tasks:list")
    everything = clients.supervisor.get(url).content.decode()
    assert "一店任务" in everything and "二店任务" in everything and "外区任务" not in everything
    only = clients.supervisor.get(f"{url}?store={other.pk}").content.decode()
    assert "二店任务" in only and "一店任务" not in only


def test_the_homes_flag_an_overdue_task_to_both_sides(world, clients):
    make_task(world, title="逾期的陈列整改", due_in=-1)
    clerk_home = clients.clerk_a.get(reverse("clerk:home")).content.decode()
    assert "逾期的陈列整改" in clerk_home and 'data-testid="task-overdue"' in clerk_home
    sm_home = clients.sm_a.get(reverse("store_manager:home")).content.decode()
    assert "逾期的陈列整改" in sm_home and 'data-testid="assigned-overdue"' in sm_home
    dm_home = clients.dm_a.get(reverse("duty_manager:home")).content.decode()
    assert "逾期的陈列整改" not in dm_home


def _home_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_my_tasks_panel_costs_one_query_whatever_the_rows(world, clients):
    url = reverse("clerk:home")
    without = _home_queries(clients.clerk_a, url)
    make_task(world)
    one = _home_queries(clients.clerk_a, url)
    for n in range(30):
        make_task(world, title=f"任务{n}", due_in=n % 5 - 2,
                  assignee_role=Role.CLERK if n % 2 else "",
                  assignee=None if n % 2 else world.clerk_a)
    many = _home_queries(clients.clerk_a, url)
    assert one == many and one - without <= 1


def test_a_weekly_meeting_with_an_action_item_that_becomes_a_task(world, clients):
    response = clients.sm_a.post(reverse("tasks:meetings"), {
        "kind": MeetingKind.WEEKLY.value, "day": _day(0), "agenda": "本周业绩复盘",
        "minutes": "", "present": [world.clerk_a.pk, world.dm_a.pk]})
    meeting = MorningMeeting.objects.get(kind=MeetingKind.WEEKLY)
    assert response.status_code == 302
    url = reverse("tasks:meeting", args=[meeting.pk])
    assert clients.sm_a.post(url, {"agenda": "本周业绩复盘", "minutes": "海报周五前更换",
                                   "present": [world.clerk_a.pk]}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "海报周五前更换"
    response = clients.sm_a.post(reverse("tasks:meeting_action", args=[meeting.pk]),
                                 _form(title="更换海报", assign_to=f"user:{world.clerk_a.pk}"))
    assert response.status_code == 302
    task = Task.objects.get(meeting=meeting)
    assert task.title == "更换海报" and task.assignee == world.clerk_a
    page = clients.sm_a.get(url).content.decode()
    assert "更换海报" in page and "海报周五前更换" in page
    assert "本周业绩复盘" in clients.sm_a.get(reverse("tasks:meetings")).content.decode()


def test_the_morning_meeting_is_not_a_team_meeting_page(world, clients):
    morning = make_meeting(world, kind=MeetingKind.MORNING, chair=world.dm_a)
    assert clients.sm_a.get(reverse("tasks:meeting", args=[morning.pk])).status_code == 404
    other = make_meeting(world, store=world.store_b)
    assert clients.sm_a.get(reverse("tasks:meeting", args=[other.pk])).status_code == 404
