"""The regional supervisor's cockpit in the browser, in Chinese: today's table sorted and
filtered, a drill-down to a store's read-only page, a trend chart that loads."""

import pytest

from tests import factories
from tests.dutyops import helpers as h
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_a_supervisor_reads_the_region_in_the_cockpit(world, live_server, page):
    quiet = factories.make_store("A0", name="安静营业厅", region=world.region_a)
    h.incident(world)  # store A: an incident not ended → red in 故障与突发事件
    log_in(page, live_server, "supervisor")
    table = page.locator("[data-testid=cockpit-table]")
    assert "故障与突发事件" in table.inner_text()
    rows = page.locator("[data-testid=cockpit-row]")
    assert rows.count() == 2
    # By code, the quiet store (A0) comes first; sorted by faults, worst first: store A.
    assert rows.first.get_attribute("data-store") == quiet.code
    page.click("[data-testid=sort-faults]")
    page.wait_for_load_state("networkidle")
    assert rows.first.get_attribute("data-store") == world.store_a.code
    red = rows.first.locator("td[data-level=red]")
    assert red.count() == 1
    assert "红：有尚未结束的突发事件" in red.get_attribute("title")
    assert "✗" in red.inner_text() and "1 起突发事件" in red.inner_text()

    # Only the red stores.
    page.select_option("#id_level", "red")
    page.click("[data-testid=cockpit-filter] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert rows.count() == 1 and rows.first.get_attribute("data-store") == world.store_a.code

    # A trend chart loads as an image.
    chart = page.locator("[data-testid=trend-cash]")
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelector('[data-testid=trend-cash]').naturalWidth > 0")

    # Drill down from the red cell to the store's page.
    red.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert "整栋楼停电" in page.content()
    assert "只读" in page.content()
    assert page.locator("#faults").is_visible()
