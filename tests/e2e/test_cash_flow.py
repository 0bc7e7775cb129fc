"""A till through the day in the browser: 5-yuan shortage, approval, hand-in, confirmation,
bank deposit, the discrepancy register, and a later correction as an adjustment."""

import pytest
from django.utils import timezone

from hallops.models import BankDeposit, CashAdjustment, TillDifference, TillSession
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def _page(browser, live_server, username):
    page = browser.new_context(locale="zh-CN").new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, username)
    return page


def test_it_runs_a_till_with_a_shortage_to_the_bank(world, live_server,
                                                     browser):
    url = live_server.url
    dm = _page(browser, live_server, "dm_a")
    dm.goto(f"{url}/duty/cash/")
    dm.select_option("[data-testid=float-form] select[name=clerk]", str(world.clerk_a.pk))
    dm.fill("[data-testid=float-form] input[name=amount]", "200")
    dm.click("[data-testid=float-submit]")
    row = dm.locator("[data-testid=board-row][data-clerk=clerk_a]")
    row.locator("summary").click()
    row.locator("input[name$=-cash]").fill("1000")
    row.locator("[data-testid=expected-submit]").click()
    dm.wait_for_load_state("networkidle")

    clerk = _page(browser, live_server, "clerk_a")
    clerk.goto(f"{url}/clerk/till/")
    assert "1000.00" not in clerk.locator("[data-testid=till]").inner_text()  # blind
    clerk.fill("[data-testid=drop-form] input[name=amount]", "100")
    clerk.click("[data-testid=drop-submit]")
    count = clerk.locator("[data-testid=count-form]")
    for name, value in {"notes_100": "10", "notes_50": "1", "notes_20": "2", "notes_10": "0",
                        "notes_5": "1", "notes_1": "0", "notes_0_5": "0",
                        "notes_0_1": "0"}.items():
        count.locator(f"input[name={name}]").fill(value)
    clerk.click("[data-testid=count-submit]")
    clerk.wait_for_load_state("networkidle")
    assert "-5.00" in clerk.locator("[data-testid=shortage]").inner_text()
    explain = clerk.locator("[data-testid=explain-form]")
    explain.locator("select[name=cash-reason]").select_option(index=1)
    explain.locator("input[name=cash-note]").fill("找零多给顾客5元")
    explain.locator("select[name=cash-destination]").select_option("made_up")
    clerk.click("[data-testid=explain-submit]")
    assert clerk.locator("[data-testid=needs-approval]").is_visible()

    sm = _page(browser, live_server, "sm_a")
    sm.goto(f"{url}/manager/cash/")
    sm.click("[data-testid=approve-submit]")
    sm.wait_for_load_state("networkidle")

    clerk.goto(f"{url}/clerk/till/")
    clerk.fill("[data-testid=handin-form] input[name=bag_no]", "BAG-0001")
    clerk.fill("[data-testid=handin-form] input[name=seal_no]", "SEAL-0001")
    clerk.click("[data-testid=handin-submit]")
    clerk.wait_for_load_state("networkidle")
    assert clerk.locator("[data-testid=till]").get_attribute("data-status") == "handed_in"

    dm.goto(f"{url}/duty/cash/")
    dm.locator("[data-testid=confirm-form] input[name$=received_cash]").fill("995.00")
    dm.click("[data-testid=confirm-submit]")
    dm.wait_for_load_state("networkidle")
    session = TillSession.objects.get(clerk=world.clerk_a)
    assert session.status == TillSession.Status.CONFIRMED

    sm.goto(f"{url}/manager/cash/deposits/")
    form = sm.locator("[data-testid=deposit-form]")
    form.locator("input[name=slip_no]").fill("YH20260001")
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    form.locator("input[name=collected_at]").fill(now)
    form.locator("textarea[name=collectors]").fill("张三\n李四")
    form.locator("input[name=cash_amount]").fill("995.00")
    form.locator("input[name=handins]").first.check()
    sm.click("[data-testid=deposit-submit]")
    sm.wait_for_load_state("networkidle")
    assert sm.locator("[data-testid=deposit-ok]").count() == 1
    assert not BankDeposit.objects.get().is_mismatch

    sm.goto(f"{url}/manager/cash/register/")
    line = sm.locator("[data-testid=register-row][data-kind=shortage]")
    assert line.locator("[data-testid=register-amount]").inner_text() == "5.00"
    assert TillDifference.objects.get().amount == 5

    sm.goto(f"{url}/manager/cash/till/{session.pk}/")
    adjust = sm.locator("[data-testid=adjust-form]")
    adjust.locator("select[name=method]").select_option("cash")
    adjust.locator("input[name=amount]").fill("5.00")
    adjust.locator("textarea[name=reason]").fill("次日在抽屉夹层找到5元")
    sm.click("[data-testid=adjust-submit]")
    sm.wait_for_load_state("networkidle")
    assert sm.locator("[data-testid=adjustment-row]").count() == 1
    sm.goto(f"{url}/manager/cash/register/")
    line = sm.locator("[data-testid=register-row][data-kind=shortage]")
    adjustments = line.locator("[data-testid=register-adjustments]").inner_text()
    assert "次日在抽屉夹层找到5元" in adjustments
    assert line.locator("[data-testid=register-net]").inner_text() == "0.00"
    assert line.locator("[data-testid=register-amount]").inner_text() == "5.00"  # original kept
    assert CashAdjustment.objects.get().approved_by == world.sm_a
