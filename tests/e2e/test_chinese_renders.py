"""The Chinese interface renders as Chinese in the browser, not as boxes (needs a CJK font:
fonts-noto-cjk, installed by .ci/run beside chromium)."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser

SAMPLE = "营业厅日报值班经理"
NO_GLYPH = "".join(chr(0xE000 + i) for i in range(len(SAMPLE)))  # private use: no font has them


def test_it_renders_chinese_glyphs_not_boxes(browser):
    page = browser.new_page()
    page.set_content(f'<p><span id="zh">{SAMPLE}</span></p><p><span id="none">{NO_GLYPH}</span></p>')
    chinese = page.locator("#zh").screenshot()
    boxes = page.locator("#none").screenshot()
    # Without a CJK font every character is drawn as the same missing-glyph box.
    assert chinese != boxes


def test_it_takes_a_screenshot_of_a_chinese_page(world, live_server, page, tmp_path):
    log_in(page, live_server, "sm_a")
    page.goto(f"{live_server.url}/manager/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    shot = tmp_path / "manager-home-zh.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
