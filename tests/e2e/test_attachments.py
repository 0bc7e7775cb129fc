"""On a tablet, in Chinese: the duty manager photographs a fault, the store manager sees the
thumbnail in the duty log, and another store's manager gets 404 on the file."""

import pytest

from attachments.models import Attachment
from hallops.businessdate import business_date
from hallops.models import ShiftType
from hallops.services.dutylog import duty_log_start
from tests.attachments.helpers import fault, jpeg_with_gps
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser

TABLET = {"width": 800, "height": 1280}


def _loaded_width(page, locator) -> int:
    """The image's natural width once the browser has fetched it (thumbnails load lazily)."""
    locator.scroll_into_view_if_needed()
    handle = locator.element_handle()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=handle)
    return handle.evaluate("img => img.naturalWidth")


def test_it_carries_a_fault_photo_from_the_tablet_to_the_duty_log(world, live_server, browser,
                                                                  tmp_path):
    store = world.store_a
    broken = fault(store, world.dm_a, description="叫号机不出票")
    log = duty_log_start(actor=world.dm_a, store=store,
                         shift_type=ShiftType.objects.filter(store=store).first(),
                         day=business_date(store=store))
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(jpeg_with_gps((1600, 1200)))

    tablet = browser.new_context(locale="zh-CN", viewport=TABLET).new_page()
    log_in(tablet, live_server, "dm_a")
    tablet.goto(f"{live_server.url}/duty/faults/")
    row = tablet.locator("[data-testid=fault-row]", has_text="叫号机不出票")
    camera = row.locator("input[type=file][capture=environment]")
    assert camera.get_attribute("accept") == "image/*"
    assert row.get_by_text("拍照").is_visible()
    with tablet.expect_navigation():
        camera.set_input_files(str(photo))  # the widget submits on change
    tablet.wait_for_load_state("networkidle")
    assert "已附加 1 个文件" in tablet.locator("[data-testid=message]").first.inner_text()
    attachment = Attachment.objects.get(object_id=broken.pk)
    assert attachment.original_name == "现场照片.jpg"
    thumb = tablet.locator("[data-testid=fault-row] [data-testid=attachment-thumb]")
    assert thumb.count() == 1
    assert _loaded_width(tablet, thumb) == 320

    manager = browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 768}).new_page()
    log_in(manager, live_server, "sm_a")
    manager.goto(f"{live_server.url}/manager/duty-logs/{log.pk}/")
    section = manager.locator("[data-testid=log-section-faults]")
    assert "叫号机不出票" in section.inner_text()
    shown = section.locator("[data-testid=attachment-thumb]")
    assert shown.count() == 1
    assert _loaded_width(manager, shown) == 320
    assert shown.get_attribute("alt") == "现场照片.jpg"

    outsider = browser.new_context(locale="zh-CN").new_page()
    log_in(outsider, live_server, "sm_b")
    for path in (f"/attachments/{attachment.pk}/", f"/attachments/{attachment.pk}/thumbnail/"):
        response = outsider.goto(f"{live_server.url}{path}")
        assert response.status == 404
