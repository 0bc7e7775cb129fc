"""In the browser: a 10086 billing complaint from acceptance to close, and an on-site
complaint escalated by the duty manager to the store manager."""

import re

import pytest

from complaints.models import Escalation, Source, WorkOrder
from tests.complaints.helpers import make_order
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def _submit(page, testid):
    page.click(f"[data-testid={testid}]")
    page.wait_for_load_state("networkidle")


def _status(page) -> str:
    return page.locator("[data-testid=order-status]").inner_text()


def test_it_takes_a_10086_billing_complaint_through_its_whole_life(world, live_server, page):
    order = make_order(
        world,
        source=Source.HOTLINE,
        category_code="bill_cdr",
        external_no="10086-2025-0001",
        description="本月话费多扣30元",
    )
    log_in(page, live_server, "ch_a")
    page.goto(f"{live_server.url}/handler/queue/")
    page.click(f"text={order.number}")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=countdown]").count() == 1
    # The live countdown (static/js/hallops.js) writes days/hours/minutes, never "263:34".
    assert re.search(r"\d+(天|小时|分钟)", page.locator("[data-testid=countdown]").inner_text())
    assert "138****5678" in page.locator("[data-testid=customer-number]").inner_text()

    _submit(page, "accept")
    assert "已接单" in _status(page) or "Accepted" in _status(page)

    page.select_option("#contact_channel", "phone")
    page.select_option("#contact_outcome", "reached")
    page.fill("#contact_note", "已与客户核对详单")
    _submit(page, "contact-submit")

    page.fill("#reply_result", "核实为超长话单，已退费30元")
    page.fill("#reply_cause", "话单异常")
    page.select_option("#reply_company_at_fault", "yes")
    page.fill("#reply_compensation", "30")
    _submit(page, "reply-submit")

    page.select_option("#callback_result", "unsatisfied")
    page.fill("#callback_note", "客户要求书面说明")
    _submit(page, "callback-submit")

    # Reopened and escalated to the store manager automatically.
    order.refresh_from_db()
    assert order.status == WorkOrder.Status.IN_PROGRESS and order.reopen_count == 1

    page.fill("#reply_result", "已寄送书面说明并致歉")
    page.fill("#reply_cause", "话单异常")
    page.select_option("#reply_company_at_fault", "yes")
    _submit(page, "reply-submit")
    page.select_option("#callback_result", "satisfied")
    _submit(page, "callback-submit")
    _submit(page, "close-submit")

    order.refresh_from_db()
    assert order.status == WorkOrder.Status.CLOSED
    assert order.callback_result == "satisfied" and order.replied_on_time
    # Entered, accepted, contact, reply, callback, reopen, escalated, reply, callback, closed.
    assert page.locator("[data-testid=timeline] li").count() == 10
    assert "已关闭" in _status(page) or "Closed" in _status(page)


def test_it_escalates_an_onsite_complaint_to_the_store_manager(world, live_server, browser):
    duty = browser.new_context(locale="zh-CN").new_page()
    log_in(duty, live_server, "dm_a")
    duty.goto(f"{live_server.url}/handler/intake/")
    duty.fill("#id_customer_number", "13912345678")
    duty.select_option("#id_category", label="服务态度")
    duty.fill("#id_description", "客户称营业员<b>态度差</b>")
    duty.fill("#id_demand", "要求道歉")
    _submit(duty, "intake-submit")
    order = WorkOrder.objects.get()
    assert "<b>态度差</b>" in duty.locator("[data-testid=description]").inner_text()
    duty.fill("#escalate_reason", "客户情绪激动，坚持要找厅经理")
    _submit(duty, "escalate-submit")
    assert Escalation.objects.filter(order=order, status="open").exists()

    manager = browser.new_context(locale="zh-CN").new_page()
    log_in(manager, live_server, "sm_a")
    manager.goto(f"{live_server.url}/manager/complaints/escalations/")
    row = manager.locator("[data-testid=escalation-row]", has_text=order.number)
    assert "坚持要找厅经理" in row.inner_text()
    row.locator("input[name=resolution]").fill("厅经理当面致歉，客户接受")
    row.locator("button[type=submit]").click()
    manager.wait_for_load_state("networkidle")
    assert Escalation.objects.get(order=order).status == "resolved"
