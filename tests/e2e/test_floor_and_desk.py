"""In Chinese, in the browser: a duty manager runs a peak on the floor board (a queue goes red, a
desk is opened, the action appears in the duty log); a clerk settles a complaint at the desk and
hands another over as a work order. The board is used at tablet size (800×1280)."""

import pytest

from complaints.models import DeskComplaint, Source, WorkOrder
from floor.models import FloorAction, QueueType
from tests.dutyops import helpers as h
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def _message(page) -> str:
    page.wait_for_load_state("networkidle")
    return page.locator("[data-testid=message]").first.inner_text()


def test_a_duty_manager_runs_a_peak_on_the_floor_board(world, live_server, browser):
    log = h.dutylog(world)
    normal = QueueType.objects.get(code="normal")
    page = browser.new_context(locale="zh-CN", viewport={"width": 800, "height": 1280}).new_page()
    log_in(page, live_server, "dm_a")
    page.goto(f"{live_server.url}/floor/")
    assert "客户分流看板" in page.content()
    card = page.locator("[data-testid=queue-normal]")
    assert card.get_attribute("data-level") == "green"

    # The peak: 23 waiting (typed), a wait of 20 minutes raised to 22 with the + stepper.
    card.locator(f"input[name=waiting_{normal.pk}]").fill("23")
    card.locator(f"input[name=wait_{normal.pk}]").fill("20")
    plus = card.locator(f"input[name=wait_{normal.pk}] ~ button[data-step='1']")
    plus.click()
    plus.click()
    assert card.locator(f"input[name=wait_{normal.pk}]").input_value() == "22"
    page.click("[data-testid=board-save]")
    assert "排队情况已记录" in _message(page)
    card = page.locator("[data-testid=queue-normal]")
    assert card.get_attribute("data-level") == "red"
    assert card.locator("[data-testid=queue-level]").inner_text() == "拥堵"

    # The board proposes the manual's actions; the duty manager opens another desk.
    page.click("[data-testid=propose-normal-open_desk]")
    assert "增开一个台席" in _message(page)
    assert "增开一个台席" in page.locator("[data-testid=floor-actions]").inner_text()
    assert FloorAction.objects.get().by == world.dm_a

    # The action is in today's duty log, with the time.
    page.goto(f"{live_server.url}/duty/logs/{log.pk}/")
    logged = page.locator("[data-testid=log-floor-action]")
    assert logged.count() == 1
    assert "增开一个台席" in logged.inner_text() and "普通" in logged.inner_text()
    assert "最多等候 23 人" in page.locator("[data-testid=duty-log-floor]").inner_text()


def test_a_clerk_settles_one_complaint_at_the_desk_and_hands_another_over(world, live_server, browser):
    page = browser.new_context(locale="zh-CN", viewport={"width": 800, "height": 1280}).new_page()
    log_in(page, live_server, "clerk_a")
    page.goto(f"{live_server.url}/complaints/desk/")
    assert "台席现场投诉" in page.content()

    page.fill("input[name=customer_number]", "13912345678")
    page.click("label:has-text('计费类')")
    page.fill("textarea[name=description]", "客户认为本月话费多扣了20元")
    page.fill("textarea[name=action_taken]", "查询详单，解释为流量包自动续订")
    page.click("[data-testid=settled-yes]")
    page.click("[data-testid=desk-save]")
    assert "当场解决" in _message(page)
    row = page.locator("[data-testid=desk-complaint]").first
    assert "139****5678" in row.inner_text() and "13912345678" not in page.content()

    # The second one cannot be settled: one click hands it over, keeping what was typed.
    page.fill("input[name=customer_number]", "13800001111")
    page.click("label:has-text('业务类')")
    page.fill("textarea[name=description]", "宽带预约安装三次未上门")
    page.fill("input[name=demand]", "本周内上门安装")
    page.click("[data-testid=desk-save-escalate]")
    message = _message(page)
    order = WorkOrder.objects.get()
    assert order.number in message and "投诉处理员" in message
    assert order.source == Source.ONSITE and "宽带预约安装三次未上门" in order.description
    assert order.demand == "本周内上门安装"
    assert page.locator("[data-testid=desk-order]").inner_text() == f"工单 {order.number}"
    assert DeskComplaint.objects.filter(settled=True).count() == 1
