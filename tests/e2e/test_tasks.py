"""In Chinese: the store manager assigns a task to the duty manager role, the duty manager
sees it on the home page and completes it with a note, the store manager sees it done."""

import datetime

import pytest
from django.utils import timezone

from hallops.people import display_name
from tasks.models import Task, TaskStatus
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def _message(page) -> str:
    return page.locator("[data-testid=message]").first.inner_text()


def test_a_task_goes_from_assignment_to_completion_across_two_roles(transactional_db, world,
                                                                     live_server, browser):
    due = timezone.localdate() + datetime.timedelta(days=2)
    manager = browser.new_context(locale="zh-CN").new_page()
    log_in(manager, live_server, "sm_a")
    assert manager.locator("a[href='/tasks/']").count() >= 1  # in the menu
    manager.goto(f"{live_server.url}/tasks/new/")
    manager.fill("#id_title", "检查自助终端打印纸")
    manager.fill("#id_details", "每台终端备足两卷")
    manager.select_option("#id_assign_to", "role:duty_manager")
    manager.fill("#id_due_date", due.isoformat())
    manager.select_option("#id_priority", "3")
    manager.click("[data-testid=task-submit]")
    manager.wait_for_load_state("networkidle")
    assert "任务已交办" in _message(manager)
    assert "待办" in manager.locator("[data-testid=task-status]").inner_text()

    duty = browser.new_context(locale="zh-CN").new_page()
    log_in(duty, live_server, "dm_a")
    panel = duty.locator("[data-testid=my-tasks-panel]")
    assert "我的任务" in panel.inner_text()
    panel.get_by_role("link", name="检查自助终端打印纸").click()
    duty.wait_for_load_state("networkidle")
    assert "值班经理" in duty.locator("dl").inner_text()
    duty.fill("#id_note", "已补齐，每台两卷")
    duty.click("[data-testid=task-complete]")
    duty.wait_for_load_state("networkidle")
    assert "任务已完成" in _message(duty)
    assert "已完成" in duty.locator("[data-testid=task-status]").inner_text()
    assert duty.locator("[data-testid=task-complete]").count() == 0  # locked once done

    manager.goto(f"{live_server.url}/tasks/?status=done")
    row = manager.locator("[data-testid=task-row]", has_text="检查自助终端打印纸")
    assert "已完成" in row.inner_text() and display_name(world.dm_a) in row.inner_text()
    row.get_by_role("link", name="检查自助终端打印纸").click()
    manager.wait_for_load_state("networkidle")
    assert "已补齐，每台两卷" in manager.locator("[data-testid=task-outcome]").inner_text()
    assert manager.locator("[data-testid=task-cancel]").count() == 0

    task = Task.objects.get()
    assert task.status == TaskStatus.DONE and task.closed_by == world.dm_a
