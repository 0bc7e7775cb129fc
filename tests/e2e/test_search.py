"""The header's search box (issue 17), in the Chinese UI: typed, submitted, the order found."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_it_finds_an_order_from_the_header_box(transactional_db, world, live_server, browser):
    from tests.complaints.helpers import make_order

    order = make_order(world, number="13812349876")
    page = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    log_in(page, live_server, "ch_a")
    box = page.locator("[data-testid=header-search-input]")
    assert box.get_attribute("placeholder") == "搜索"
    box.fill("9876")
    box.press("Enter")
    page.wait_for_load_state("networkidle")
    hit = page.locator("[data-testid=search-hit]")
    assert hit.count() == 1
    assert "138****9876" in hit.inner_text()
    hit.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=customer-number]").inner_text() == "138****9876"
    assert order.number in page.content()
