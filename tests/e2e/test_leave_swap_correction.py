"""In Chinese: a clerk asks for leave, the manager approves, the roster and the day's
attendance show it; two clerks swap a shift; a missed clock-out is corrected."""

import datetime

import pytest
from django.utils import timezone

from hallops.businessdate import business_date
from hallops.models import AttendanceRecord, RosterEntry
from hallops.permissions import Role
from people.models import LeaveType
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def _message(page) -> str:
    return page.locator("[data-testid=message]").first.inner_text()


def test_leave_is_approved_and_shows_on_the_roster_and_the_floor(transactional_db, world,
                                                                  live_server, browser):
    store = world.store_a
    day = business_date(store=store)
    factories.roster(store, world.clerk_a, day, "A", "counter")
    factories.roster(store, world.dm_a, day, "C", "duty")

    clerk = browser.new_context(locale="zh-CN").new_page()
    log_in(clerk, live_server, "clerk_a")
    clerk.goto(f"{live_server.url}/people/leave/")
    clerk.select_option("#id_leave_type", str(LeaveType.objects.get(code="sick").pk))
    clerk.fill("#id_start_date", day.isoformat())
    clerk.fill("#id_end_date", day.isoformat())
    clerk.fill("#id_reason", "发烧，去医院")
    clerk.click("[data-testid=leave-submit]")
    clerk.wait_for_load_state("networkidle")
    assert "已提交请假" in _message(clerk)
    assert "病假" in clerk.locator("[data-testid=leave-row]").first.inner_text()

    manager = browser.new_context(locale="zh-CN").new_page()
    log_in(manager, live_server, "sm_a")
    manager.goto(f"{live_server.url}/people/leave/review/")
    pending = manager.locator("[data-testid=leave-pending]", has_text="发烧")
    pending.locator("[data-testid=approve]").click()
    manager.wait_for_load_state("networkidle")
    assert "已批准请假" in _message(manager)

    monday = day - datetime.timedelta(days=day.weekday())
    manager.goto(f"{live_server.url}/manager/roster/?week={monday:%Y-%m-%d}")
    assert manager.locator("[data-testid=on-leave]").count() == 1
    assert "请假" in manager.locator("[data-testid=on-leave]").first.inner_text()

    duty = browser.new_context(locale="zh-CN").new_page()
    log_in(duty, live_server, "dm_a")
    row = duty.locator("[data-testid=floor-row]", has_text="clerk_a")
    assert "请假" in row.inner_text()
    assert RosterEntry.objects.get(user=world.clerk_a, date=day).on_leave


def test_two_clerks_swap_a_shift(transactional_db, world, live_server, browser):
    store = world.store_a
    clerk2 = factories.make_user("clerk_a2", role=Role.CLERK, store=store, first_name="李四")
    day = timezone.localdate() + datetime.timedelta(days=3)
    mine = factories.roster(store, world.clerk_a, day, "A", "counter")
    theirs = factories.roster(store, clerk2, day + datetime.timedelta(days=1), "C", "counter")

    page = browser.new_context(locale="zh-CN").new_page()
    log_in(page, live_server, "clerk_a")
    page.goto(f"{live_server.url}/people/swaps/")
    page.select_option("#id_mine", str(mine.pk))
    page.select_option("#id_theirs", str(theirs.pk))
    page.fill("#id_reason", "家里有事")
    page.click("[data-testid=swap-submit]")
    page.wait_for_load_state("networkidle")
    assert "已提出换班" in _message(page)

    other = browser.new_context(locale="zh-CN").new_page()
    log_in(other, live_server, "clerk_a2")
    other.goto(f"{live_server.url}/people/swaps/")
    other.click("[data-testid=swap-accept]")
    other.wait_for_load_state("networkidle")
    assert "已同意换班" in _message(other)

    manager = browser.new_context(locale="zh-CN").new_page()
    log_in(manager, live_server, "sm_a")
    manager.goto(f"{live_server.url}/people/swaps/review/")
    manager.locator("[data-testid=swap-pending]").first.locator("[data-testid=approve]").click()
    manager.wait_for_load_state("networkidle")
    assert "已批准换班" in _message(manager)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.user_id == clerk2.pk and theirs.user_id == world.clerk_a.pk


def test_a_missed_clock_out_is_corrected(transactional_db, world, live_server, browser):
    from hallops.businessdate import business_date

    store = world.store_a
    # The business day before today's (the browser test keeps the wall clock: at night the
    # business date is still yesterday's calendar date).
    day = business_date(store=store) - datetime.timedelta(days=1)
    entry = factories.roster(store, world.clerk_a, day, "A", "counter")
    clock_in = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 24)))
    record = AttendanceRecord.objects.create(store=store, user=world.clerk_a, business_date=day,
                                             roster_entry=entry, clock_in=clock_in)

    page = browser.new_context(locale="zh-CN").new_page()
    log_in(page, live_server, "clerk_a")
    assert page.locator("[data-testid=my-requests-panel]").count() == 1
    page.goto(f"{live_server.url}/people/corrections/")
    page.select_option("#id_target", f"r{record.pk}")
    page.select_option("#id_side", "out")
    page.fill("#id_corrected_time", f"{day:%Y-%m-%d}T17:06")
    page.fill("#id_reason", "下班忘记签退")
    page.click("[data-testid=correction-submit]")
    page.wait_for_load_state("networkidle")
    assert "已提交更正" in _message(page)

    duty = browser.new_context(locale="zh-CN").new_page()
    log_in(duty, live_server, "dm_a")
    duty.goto(f"{live_server.url}/people/corrections/review/")
    duty.locator("[data-testid=correction-pending]").first.locator("[data-testid=approve]").click()
    duty.wait_for_load_state("networkidle")
    assert "已批准更正" in _message(duty)
    record.refresh_from_db()
    assert timezone.localtime(record.clock_out).strftime("%H:%M") == "17:06"
    assert record.clock_out_corrected and record.clock_out_original is None


def test_the_pages_fit_a_tablet_in_portrait(transactional_db, world, live_server, browser):
    """800×1280: no page of leave, swaps, corrections or the month roster scrolls sideways."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 800, "height": 1280})
    page = context.new_page()
    log_in(page, live_server, "sm_a")
    for path in ("/people/leave/", "/people/swaps/", "/people/corrections/",
                 "/people/leave/review/", "/people/swaps/review/", "/people/corrections/review/",
                 "/people/staffing/", "/people/roster/month/"):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 800, (path, width)
