"""A clerk logs in in Chinese, clocks in, and the duty manager sees it on the floor."""

import datetime

import pytest
from django.utils import timezone

from hallops.businessdate import business_date
from hallops.models import ShiftType
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def rostered_world(transactional_db, world):
    store = world.store_a
    now = timezone.localtime()
    # A shift that started a minute ago, so the clock-in is on time whatever the hour.
    start = (now - datetime.timedelta(minutes=1)).time().replace(second=0, microsecond=0)
    end = (now + datetime.timedelta(hours=2)).time().replace(second=0, microsecond=0)
    ShiftType.objects.filter(store=store, code="A").update(starts_at=start, ends_at=end)
    store.day_starts_at = datetime.time(0, 0)
    store.save()
    day = business_date(store=store)
    factories.roster(store, world.clerk_a, day, "A", "counter")
    factories.roster(store, world.dm_a, day, "A", "duty")
    return world


def test_it_shows_a_clerks_clock_in_to_the_duty_manager(rostered_world, live_server, browser):
    clerk_page = browser.new_page(locale="zh-CN")
    log_in(clerk_page, live_server, "clerk_a")
    assert "业务受理员" in clerk_page.content()
    clerk_page.click("[data-testid=clock-in]")
    clerk_page.wait_for_load_state("networkidle")
    assert "已签到" in clerk_page.locator("[data-testid=message]").first.inner_text()

    manager = browser.new_context(locale="zh-CN").new_page()
    log_in(manager, live_server, "dm_a")
    row = manager.locator("[data-testid=floor-row]", has_text="clerk_a")
    assert "在岗" in row.inner_text()
