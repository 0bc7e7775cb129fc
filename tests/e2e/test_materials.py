"""Materials in the browser, in Chinese on a tablet: the duty manager issues SIM cards to a
clerk, the clerk records what was sold, the rest comes back; then a stock-take with a
difference is counted and signed by the counter, the duty manager and the store manager."""

import pytest

from materials.ledger import STORE, clerk_place, item_state
from materials.models import StockTake
from materials.services import movement_receive
from tests.e2e.conftest import log_in
from tests.materials.helpers import make_items, sim

pytestmark = pytest.mark.browser


def _page(browser, live_server, username):
    page = browser.new_context(locale="zh-CN", viewport={"width": 800, "height": 1280}).new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, username)
    return page


def test_a_clerks_issue_and_return_and_a_stock_take(world, live_server, browser):
    items = make_items()
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.sim, reference="CK-1",
                     first_serial=sim(1), last_serial=sim(50))
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift, reference="CK-1",
                     quantity=12)
    url = live_server.url

    dm = _page(browser, live_server, "dm_a")
    dm.goto(f"{url}/duty/materials/")
    assert "发放给业务受理员" in dm.content()
    form = dm.locator("[data-testid=issue-form]")
    form.locator("select[name=issue-clerk]").select_option(str(world.clerk_a.pk))
    form.locator("select[name=issue-item]").select_option(str(items.sim.pk))
    form.locator("input[name=issue-first_serial]").fill(sim(1))
    form.locator("input[name=issue-last_serial]").fill(sim(20))
    dm.click("[data-testid=issue-submit]")
    dm.wait_for_load_state("networkidle")
    assert "已发放" in dm.content()

    clerk = _page(browser, live_server, "clerk_a")
    clerk.goto(f"{url}/clerk/materials/")
    held = clerk.locator(f"[data-testid=my-holding][data-item={items.sim.code}]")
    assert held.locator("[data-testid=held]").inner_text() == "20"
    sell = clerk.locator("[data-testid=sell-form]")
    sell.locator("select[name=sell-item]").select_option(str(items.sim.pk))
    sell.locator("input[name=sell-first_serial]").fill(sim(1))
    sell.locator("input[name=sell-last_serial]").fill(sim(6))
    sell.locator("button[type=submit]").click()
    clerk.wait_for_load_state("networkidle")
    assert held.locator("[data-testid=held]").inner_text() == "14"

    # Taking back a sold card is refused with a message in Chinese; then the right range.
    back = dm.locator("[data-testid=return-form]")
    back.locator("select[name=return-clerk]").select_option(str(world.clerk_a.pk))
    back.locator("select[name=return-item]").select_option(str(items.sim.pk))
    back.locator("input[name=return-first_serial]").fill(sim(6))
    back.locator("input[name=return-last_serial]").fill(sim(20))
    dm.click("[data-testid=return-submit]")
    dm.wait_for_load_state("networkidle")
    assert "已售出、使用或报损" in dm.content()
    back = dm.locator("[data-testid=return-form]")
    back.locator("select[name=return-clerk]").select_option(str(world.clerk_a.pk))
    back.locator("select[name=return-item]").select_option(str(items.sim.pk))
    back.locator("input[name=return-first_serial]").fill(sim(7))
    back.locator("input[name=return-last_serial]").fill(sim(20))
    dm.click("[data-testid=return-submit]")
    dm.wait_for_load_state("networkidle")
    state = item_state(world.store_a, items.sim)
    assert state.quantity(clerk_place(world.clerk_a.pk)) == 0 and state.quantity(STORE) == 44

    # Stock-take: one gift missing.
    dm.goto(f"{url}/duty/materials/")
    start = dm.locator("[data-testid=stocktake-start]")
    start.locator("select[name=scope]").select_option("all")
    start.locator("select[name=counter]").select_option(str(world.clerk_a.pk))
    start.locator("button[type=submit]").click()
    dm.wait_for_load_state("networkidle")
    take = StockTake.objects.get()
    sim_line = dm.locator(f"[data-testid=count-line][data-item={items.sim.code}]")
    sim_line.locator("textarea").fill(f"{sim(7)}-{sim(50)}")
    gift_line = dm.locator(f"[data-testid=count-line][data-item={items.gift.code}]")
    gift_line.locator("input[name^=q-]").fill("11")
    gift_line.locator("input[name^=why-]").fill("一件礼品兑换后未登记")
    for code in (items.card50.code, items.invoice.code):
        dm.locator(f"[data-testid=count-line][data-item={code}] textarea").fill("")
    dm.click("[data-testid=count-submit]")
    dm.wait_for_load_state("networkidle")
    assert gift_line.locator("[data-testid=difference]").inner_text().strip().startswith("-1")

    clerk.goto(f"{url}/clerk/materials/")
    clerk.click("[data-testid=stocktake-sign]")
    clerk.wait_for_load_state("networkidle")
    dm.goto(f"{url}/duty/materials/stock-take/{take.pk}/")
    dm.click("[data-testid=stocktake-sign]")
    dm.wait_for_load_state("networkidle")
    sm = _page(browser, live_server, "sm_a")
    sm.goto(f"{url}/manager/materials/stock-take/{take.pk}/")
    sm.click("[data-testid=stocktake-sign]")
    sm.wait_for_load_state("networkidle")
    assert "已签核锁定" in sm.locator("[data-testid=stocktake-status]").inner_text()
    take.refresh_from_db()
    assert take.status == StockTake.Status.LOCKED
    assert item_state(world.store_a, items.gift).quantity(STORE) == 11


def test_the_materials_pages_fit_a_tablet(world, live_server, browser):
    items = make_items()
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.sim, reference="CK-1",
                     first_serial=sim(1), last_serial=sim(10))
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.sim, reference="CK-2",
                     first_serial=sim(21), last_serial=sim(30))
    for username, path in (("sm_a", "/manager/materials/"), ("sm_a", "/manager/materials/report/"),
                           ("dm_a", "/duty/materials/"), ("clerk_a", "/clerk/materials/")):
        page = _page(browser, live_server, username)
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 800, f"{path} is {width} px wide at 800"
