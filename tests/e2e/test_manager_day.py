"""The store manager's day (附件3) on the home page, ticked in the browser, in Chinese."""

import pytest

from hallops.models import ChecklistTick, TickStatus
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_the_store_manager_ticks_the_days_routine_from_the_home(world, live_server, browser):
    page = browser.new_context(locale="zh-CN").new_page()
    log_in(page, live_server, "sm_a")
    panel = page.locator("[data-testid=my-checklists]")
    assert "厅经理日常工作" in panel.inner_text()
    panel.get_by_role("link", name="厅经理日常工作").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=progress]").inner_text() == "0/8"
    page.locator("[data-testid=tick-row]").first.locator("[data-testid=tick-done]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=progress]").inner_text() == "1/8"
    tick = ChecklistTick.objects.get()
    assert (tick.status, tick.by_id, tick.run.kind_id) == (TickStatus.DONE, world.sm_a.pk,
                                                           "manager_day")
