"""Pages that print: the duty log printed to PDF by Chromium (Playwright's page.pdf) shows the
document, with the store and date on top and the signature lines at the end, and no
navigation or buttons."""

import re

import pytest

from tests.dutyops import helpers as h
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def test_it_prints_the_duty_log_with_its_heading_and_signature_lines(world, live_server,
                                                                       browser):
    log = h.submitted_log(world)
    page = browser.new_context(locale="zh-CN").new_page()
    log_in(page, live_server, "dm_a")
    page.goto(f"{live_server.url}/duty/logs/{log.pk}/")
    page.wait_for_load_state("networkidle")
    # On screen: a print button, no paper heading, no signature lines.
    assert page.get_by_test_id("print-button").is_visible()
    assert page.get_by_test_id("print-button").inner_text() == "打印"
    assert not page.get_by_test_id("print-signatures").is_visible()

    page.emulate_media(media="print")
    assert not page.locator("header.navbar").is_visible()
    assert not page.get_by_test_id("print-button").is_visible()
    heading = page.get_by_test_id("print-heading")
    assert heading.is_visible()
    heading_text = heading.inner_text()
    assert "值班经理日志" in heading_text
    assert world.store_a.name in heading_text
    assert f"{log.business_date:%Y-%m-%d}" in heading_text
    signatures = page.get_by_test_id("print-signatures")
    assert signatures.is_visible()
    text = signatures.inner_text()
    assert "值班经理" in text and "厅经理" in text and text.count("日期") == 2
    # The signature block comes after everything else of the log.
    assert page.evaluate(
        "() => { const s = document.querySelector('[data-testid=print-signatures]');"
        " const e = document.querySelector('[data-testid=log-entries]');"
        " return !!(e.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING); }")

    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    pages = len(_PAGE.findall(pdf))
    assert 1 <= pages <= 2, f"the duty log printed on {pages} pages"


def test_it_prints_the_store_daily_report_with_the_managers_signature_lines(
        world, live_server, browser):
    page = browser.new_context(locale="zh-CN").new_page()
    log_in(page, live_server, "sm_a")
    page.goto(f"{live_server.url}/manager/store-report/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("print-button").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header.navbar").is_visible()
    assert not page.get_by_test_id("store-day-confirm").is_visible()  # no buttons on paper
    assert "营业厅日报" in page.get_by_test_id("print-heading").inner_text()
    text = page.get_by_test_id("print-signatures").inner_text()
    assert all(signer in text for signer in ("制表", "复核", "厅经理"))
    pages = len(_PAGE.findall(page.pdf(format="A4")))
    assert 1 <= pages <= 2, f"the store daily report printed on {pages} pages"
