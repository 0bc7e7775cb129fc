"""A duty manager's whole day in Chinese, countersigned by the store manager, read by the
regional supervisor."""

import datetime

import pytest
from django.utils import timezone

from hallops.businessdate import business_date
from hallops.models import ChecklistItem, DutyLog, EquipmentFault, Incident
from tests import factories
from tests.dutyops import helpers as h
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def duty_world(world):
    store = world.store_a
    store.day_starts_at = datetime.time(0, 0)
    store.save()
    # The first item of the daily workflow falls due at midnight with no grace: ticking it at
    # any hour of the day is late.
    ChecklistItem.objects.filter(code="daily-01").update(due_time=datetime.time(0, 0),
                                                          grace_minutes=0)
    h.equipment(world)
    factories.roster(store, world.dm_a, business_date(store=store), "A", "duty")
    return world


def _ok(page):
    page.wait_for_load_state("networkidle")
    return page.locator("[data-testid=message]").first.inner_text()


def test_it_runs_a_duty_managers_day_to_the_countersignature(duty_world, live_server, browser):
    page = browser.new_context(locale="zh-CN").new_page()
    log_in(page, live_server, "dm_a")
    assert "我的值班" in page.content()

    # Opening inspection: the queue machine does not print tickets; report it in the same step.
    page.goto(f"{live_server.url}/duty/checklists/opening/")
    row = page.locator("[data-testid=tick-row]", has_text="叫号机工作正常")
    row.locator("input[name=note]").fill("叫号机不出票")
    row.locator("input[name=open_fault]").check()
    row.locator("select[name=equipment]").select_option(label="叫号机 (大堂)")
    row.locator("[data-testid=tick-problem]").click()
    assert "已完成" in _ok(page)
    row = page.locator("[data-testid=tick-row]", has_text="叫号机工作正常")
    assert "已报修" in row.inner_text()
    assert EquipmentFault.objects.filter(store=duty_world.store_a, status="open").count() == 1

    # Daily workflow: the first item is ticked after its due time, so it shows as late.
    page.goto(f"{live_server.url}/duty/checklists/daily/")
    first = page.locator("[data-testid=tick-row]").first
    first.locator("[data-testid=tick-done]").click()
    _ok(page)
    assert page.locator("[data-testid=tick-row]").first.locator(
        "[data-testid=tick-late]").inner_text() == "延迟"

    # A power outage: start it, follow a step of the playbook, record details, end, report.
    page.goto(f"{live_server.url}/duty/incidents/")
    page.select_option("select[name=kind]", "power_outage")
    page.fill("input[name=summary]", "整栋楼突然停电")
    page.click("[data-testid=incident-start]")
    assert "应急预案" in _ok(page)
    step = page.locator("[data-testid=tick-row]").first
    step.locator("input[name=note]").fill("区域停电，已致电供电公司")
    step.locator("[data-testid=tick-done]").click()
    _ok(page)
    page.fill("input[name=scope]", "全厅")
    page.fill("input[name=customers_affected]", "8")
    page.fill("input[name=paper_forms]", "3")
    page.fill("input[name=notified]", "厅经理、物业")
    page.click("[data-testid=incident-save]")
    _ok(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=incident-end]")
    _ok(page)
    page.fill("textarea[name=report]", "停电40分钟，纸质受理3笔已补录。")
    page.click("[data-testid=incident-report-save]")
    assert "事件报告已保存" in _ok(page)
    assert Incident.objects.get().reported_at is not None

    # A customer opinion.
    page.goto(f"{live_server.url}/duty/opinions/")
    page.select_option("select[name=channel]", "onsite")
    page.fill("textarea[name=content]", "停电时等候区太热")
    page.fill("input[name=customer_phone]", "13812345678")
    page.click("[data-testid=opinion-save]")
    assert "客户意见已记录" in _ok(page)
    assert "138****5678" in page.locator("[data-testid=opinion-row]").first.inner_text()

    # The duty log: start it, let the draft autosave, submit.
    page.goto(f"{live_server.url}/duty/logs/")
    page.select_option("select[name=shift_type]", label=page.locator(
        "select[name=shift_type] option").nth(1).inner_text())
    page.click("[data-testid=log-start]")
    assert "已新建" in _ok(page)
    assert "整栋楼突然停电" in page.locator("[data-testid=log-section-incidents]").inner_text()
    assert "叫号机不出票" in page.locator("[data-testid=log-section-faults]").inner_text()
    assert "停电时等候区太热" in page.locator("[data-testid=log-section-opinions]").inner_text()
    assert "1项延迟" in page.locator("[data-testid=log-section-checklists]").inner_text()
    page.fill("input[name=tickets_issued]", "286")
    page.locator("input[name=tickets_issued]").dispatch_event("change")
    page.wait_for_selector("[data-testid=autosave-status]")
    assert "草稿已于" in page.locator("[data-testid=autosave-status]").inner_text()
    assert DutyLog.objects.get().tickets_issued == 286
    page.fill("input[name=longest_wait_minutes]", "35")
    page.fill("textarea[name=handover]", "叫号机待厂家上门维修")
    page.click("[data-testid=log-submit]")
    assert "已提交厅经理" in _ok(page)
    assert page.locator("[data-testid=log-status]").inner_text() == "已提交"

    # The store manager countersigns.
    manager = browser.new_context(locale="zh-CN").new_page()
    log_in(manager, live_server, "sm_a")
    manager.goto(f"{live_server.url}/manager/duty-logs/")
    manager.locator("[data-testid=queue-row] a").first.click()
    manager.wait_for_load_state("networkidle")
    assert "叫号机待厂家上门维修" in manager.content()
    manager.fill("textarea[name=comment]", "处置得当")
    manager.click("[data-testid=countersign]")
    assert "已会签" in _ok(manager)

    # The regional supervisor reads the log and its review.
    supervisor = browser.new_context(locale="zh-CN").new_page()
    log_in(supervisor, live_server, "supervisor")
    supervisor.goto(f"{live_server.url}/supervisor/duty-logs/")
    supervisor.locator("[data-testid=sv-log-row] a").first.click()
    supervisor.wait_for_load_state("networkidle")
    assert "处置得当" in supervisor.locator("[data-testid=review]").inner_text()
    assert timezone.localdate().strftime("%Y-%m-%d") in supervisor.content()
