"""A clerk's business day in the browser: morning targets, tally, a retention record, the
daily report prefilled from the tally; the duty manager confirms; the store report sums it."""

import pytest

from hallops.businessdate import business_date
from hallops.models import ClerkDailyReport, MonthlyTarget, ProductLine, ServiceRecord
from hallops.services.meetings import meeting_record
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def business_world(world):
    store = world.store_a
    day = business_date(store=store)
    factories.roster(store, world.clerk_a, day)
    factories.roster(store, world.dm_a, day, post_code="duty")
    broadband = ProductLine.objects.get(code="broadband")
    MonthlyTarget.objects.create(store=store, month=day.replace(day=1), product_line=broadband,
                                 quantity=10)
    meeting_record(actor=world.dm_a, store=store, day=day, notices="今日主推家庭宽带",
                   training_topic="携号转网挽留话术", targets={(world.clerk_a.pk, broadband.pk): 3})
    world.day = day
    return world


def count(page, code):
    return page.locator(f"[data-testid=tally-count-{code}]")


def test_it_runs_a_clerks_day_from_meeting_to_store_report(business_world, live_server, browser):
    w = business_world
    clerk = browser.new_context(locale="zh-CN").new_page()
    clerk.on("dialog", lambda dialog: dialog.accept())
    log_in(clerk, live_server, "clerk_a")

    # Morning targets and notices, confirmed as read.
    panel = clerk.locator("[data-testid=meeting-panel]")
    assert "今日主推家庭宽带" in panel.inner_text()
    assert "宽带 0/3" in clerk.locator("[data-testid=my-targets]").inner_text()
    clerk.click("[data-testid=meeting-confirm]")
    clerk.wait_for_selector("[data-testid=meeting-confirmed]")

    # The tally: rapid taps, a key press, an undo.
    add_payment = clerk.locator("[data-testid=tally-add-payment]")
    for _ in range(3):
        add_payment.click()
    count(clerk, "payment").filter(has_text="3").wait_for()
    clerk.locator("body").press("1")  # the payment shortcut
    count(clerk, "payment").filter(has_text="4").wait_for()
    clerk.click("[data-testid=tally-undo-payment]")
    count(clerk, "payment").filter(has_text="3").wait_for()
    clerk.click("[data-testid=tally-add-broadband]")
    clerk.click("[data-testid=tally-add-broadband]")
    count(clerk, "broadband").filter(has_text="2").wait_for()
    clerk.reload()
    assert "宽带 2/3" in clerk.locator("[data-testid=my-targets]").inner_text()

    # A retention attempt.
    clerk.goto(f"{live_server.url}/clerk/service-records/")
    clerk.select_option("select[name=kind]", "retention")
    clerk.fill("input[name=customer_phone]", "13912345678")
    clerk.select_option("select[name=customer_level]", "gold")
    clerk.select_option("select[name=leaving_reason]", "competitor")
    clerk.fill("input[name=offer_made]", "赠送家庭宽带三个月")
    clerk.select_option("select[name=outcome]", "retained")
    clerk.click("[data-testid=service-record-save]")
    row = clerk.locator("[data-testid=service-record-row]").first
    row.wait_for()
    assert "139****5678" in row.inner_text()
    assert ServiceRecord.objects.get().outcome == "retained"

    # The daily report, prefilled from the tally, then submitted.
    clerk.goto(f"{live_server.url}/clerk/")
    clerk.click("[data-testid=start-report]")
    clerk.wait_for_selector("[data-testid=report-save]")
    payment_field = clerk.locator("input[name^=count_bt_]").first
    assert payment_field.input_value() == "3"
    clerk.fill("input[name=invoice_first]", "88000001")
    clerk.fill("input[name=invoice_last]", "88000030")
    clerk.fill("input[name=cash]", "1520.50")
    clerk.click("[data-testid=report-submit]")
    clerk.wait_for_selector("[data-testid=report-status]")
    assert "已提交" in clerk.locator("[data-testid=report-status]").inner_text()

    # The duty manager confirms it.
    manager = browser.new_context(locale="zh-CN").new_page()
    log_in(manager, live_server, "dm_a")
    manager.goto(f"{live_server.url}/duty/reports/")
    manager.click("[data-testid=review-report]")
    manager.click("[data-testid=report-confirm]")
    manager.wait_for_load_state("networkidle")
    report = ClerkDailyReport.objects.get(clerk=w.clerk_a)
    assert report.status == "confirmed" and report.invoices_used == 30

    # The store report shows the sum and progress against the month's target.
    boss = browser.new_context(locale="zh-CN").new_page()
    log_in(boss, live_server, "sm_a")
    boss.goto(f"{live_server.url}/manager/store-report/?date={w.day.isoformat()}")
    assert boss.locator("[data-testid=store-volume]").inner_text() == "3"
    line = boss.locator("[data-testid=store-line-broadband]").inner_text()
    assert "2" in line and "10" in line and "20%" in line
    assert "1520.50" in boss.locator("[data-testid=store-totals]").inner_text()
