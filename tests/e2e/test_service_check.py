"""A service check in the browser, in Chinese: the duty manager checks a clerk on the floor
(tablet), the clerk reads the result from the home page and acknowledges it."""

import pytest

from service.models import ServiceCheck, Violation
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser

TABLET = {"width": 800, "height": 1280}


def test_a_duty_manager_checks_a_clerk_who_acknowledges(world, live_server, browser):
    duty = browser.new_context(locale="zh-CN", viewport=TABLET).new_page()
    log_in(duty, live_server, "dm_a")
    panel = duty.locator("[data-testid=service-manager-panel]")
    panel.get_by_text("立即检查业务受理员").click()
    duty.wait_for_selector("[data-testid=check-form]")
    assert "营业厅服务规范检查表" in duty.content()
    duty.select_option("#id_staff", str(world.clerk_a.pk))
    duty.click("[data-testid=fault-language_phrases]")
    duty.fill("[data-testid=note-language_phrases]", "对客户说“你去问别人”")
    duty.click("[data-testid=fault-gestures]")
    duty.click("[data-testid=save-check]")
    duty.wait_for_selector("[data-testid=check-score]")
    assert duty.locator("[data-testid=check-score]").inner_text().strip() == "80 / 100"
    assert "服务检查已保存" in duty.content()
    assert "不合格" in duty.locator("[data-testid=result-language_phrases]").inner_text()
    check = ServiceCheck.objects.get()
    assert Violation.objects.filter(store=world.store_a, staff=world.clerk_a).count() == 2

    clerk = browser.new_context(locale="zh-CN").new_page()
    log_in(clerk, live_server, "clerk_a")
    service_panel = clerk.locator("[data-testid=service-panel]")
    assert "请确认" in service_panel.inner_text()
    service_panel.locator("[data-testid=pending-check]").click()
    clerk.wait_for_selector("[data-testid=ack-form]")
    assert "你去问别人" in clerk.content()
    clerk.fill("#id_comment", "已学习服务忌语，今后注意")
    clerk.click("[data-testid=ack-submit]")
    clerk.wait_for_selector("[data-testid=acknowledged]")
    assert "已确认服务检查" in clerk.content()
    check.refresh_from_db()
    assert check.acknowledged_at is not None and check.staff_comment == "已学习服务忌语，今后注意"

    # The norms are one tap away from the clerk's home.
    clerk.goto(f"{live_server.url}/clerk/")
    clerk.click("[data-testid=norms-link]")
    clerk.wait_for_selector("[data-testid=norm-article]")
    assert "服务忌语" in clerk.content() and "首问负责制" in clerk.content()

    # The duty manager sees it acknowledged.
    duty.goto(f"{live_server.url}/service/checks/{check.pk}/")
    assert "已学习服务忌语" in duty.locator("[data-testid=acknowledged]").inner_text()
