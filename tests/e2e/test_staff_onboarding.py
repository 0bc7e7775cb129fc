"""In Chinese: the store manager adds a new clerk, who then logs in with the one-time password."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_the_store_manager_adds_a_clerk_who_can_then_log_in(transactional_db, world, live_server,
                                                            browser):
    manager = browser.new_context(locale="zh-CN").new_page()
    log_in(manager, live_server, "sm_a")
    manager.goto(f"{live_server.url}/people/staff/")
    assert "员工" in manager.content()
    manager.click("[data-testid=staff-add]")
    manager.fill("#id_name", "陈新员")
    manager.fill("#id_employee_no", "E77001")
    manager.fill("#id_start_date", "2026-11-02")
    manager.click("[data-testid=staff-save]")
    manager.wait_for_load_state("networkidle")
    assert "陈新员" in manager.content()
    login_name = manager.locator("[data-testid=login-name]").inner_text()
    password = manager.locator("[data-testid=password]").inner_text()
    assert login_name == "E77001" and password

    clerk = browser.new_context(locale="zh-CN").new_page()
    log_in(clerk, live_server, login_name, password)
    assert "/accounts/login/" not in clerk.url
    assert "业务受理员" in clerk.content()
    assert "陈新员" in clerk.content()
