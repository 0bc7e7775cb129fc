"""Layout at the two screens the halls use: a 1366 px counter PC and an 800 px tablet."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser

SHOTS = None  # a folder path here keeps screenshots while working on the layout


def _page(browser, live_server, username, *, width, locale="zh-CN"):
    page = browser.new_context(locale=locale, viewport={"width": width, "height": 900}).new_page()
    log_in(page, live_server, username)
    return page


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_it_keeps_the_cash_board_date_button_on_one_line(world, live_server,
                                                         browser):
    page = _page(browser, live_server, "dm_a", width=1366)
    page.goto(f"{live_server.url}/duty/cash/")
    _shot(page, "cash-1366")
    button = page.locator("form[method=get] button").first
    lines = button.evaluate(
        "b => { const r = document.createRange(); r.selectNodeContents(b);"
        " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size }")
    assert lines == 1


@pytest.mark.parametrize("username", ["sm_a", "dm_a", "clerk_a", "ch_a"])
def test_it_keeps_the_english_header_on_one_row_at_1366(world, live_server,
                                                         browser, username):
    page = _page(browser, live_server, username, width=1366)
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state("networkidle")
    _shot(page, f"header-en-{username}")
    assert page.locator("html").get_attribute("lang") == "en"
    tops = [round(box["y"]) for box in (
        el.bounding_box() for el in page.locator("header .nav-link, header .btn").all())
        if box and box["height"]]
    assert max(tops) - min(tops) <= 12  # every menu entry on one row


def test_it_gives_the_tablet_tally_even_tiles_and_big_undo_targets(transactional_db, world,
                                                                   live_server, browser):
    page = _page(browser, live_server, "clerk_a", width=800)
    _shot(page, "tally-800")
    tiles = page.locator(".tally-item").all()
    assert len(tiles) >= 4
    boxes = [t.bounding_box() for t in tiles]
    rows: dict = {}
    for box in boxes:
        rows.setdefault(round(box["y"]), []).append(box)
    for row in rows.values():
        assert max(b["height"] for b in row) - min(b["height"] for b in row) < 1
    widths = {round(b["width"]) for b in boxes}
    assert max(widths) - min(widths) <= 1
    # The counts line up: the same distance from each tile's right edge.
    offsets = set()
    for tile in tiles:
        tile_box = tile.locator(".tally-btn").bounding_box()
        count_box = tile.locator(".tally-count").bounding_box()
        offsets.add(round(tile_box["x"] + tile_box["width"] - count_box["x"]))
    assert max(offsets) - min(offsets) <= 1
    for undo in page.locator("[data-tally-undo]").all():
        box = undo.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
