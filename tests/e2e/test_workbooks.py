"""A store manager builds workbooks in the browser, in Chinese and in English."""

import datetime

import openpyxl
import pytest

from hallops.models import StaffProfile
from reports.models import Kind, ReportFile
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "kind", "first_sheet"), [
    ("zh-hans", Kind.STORE_DAILY, "概况"),
    ("en", Kind.STORE_MONTHLY, "Summary"),
])
def test_a_manager_builds_and_downloads_a_workbook(world, live_server, browser, tmp_path,
                                                   language, kind, first_sheet):
    StaffProfile.objects.filter(user=world.sm_a).update(language=language)
    page = browser.new_page(locale="zh-CN", accept_downloads=True)
    log_in(page, live_server, "sm_a")
    page.goto(f"{live_server.url}/reports/")
    page.select_option("select[name=kind]", kind.value)
    page.fill("input[name=day]", (datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    page.click("[data-testid=build-submit]")
    page.wait_for_selector("[data-testid=report-download]")
    with page.expect_download() as info:
        page.click("[data-testid=report-download]")
    path = tmp_path / "wb.xlsx"
    info.value.save_as(path)
    assert openpyxl.load_workbook(path).sheetnames[0] == first_sheet


def test_the_progress_bar_turns_into_a_download_link(world, live_server, browser):
    day = datetime.date.today() - datetime.timedelta(days=1)
    report = ReportFile.objects.create(kind=Kind.STORE_DAILY, store=world.store_a,
                                       period_start=day, period_end=day,
                                       status=ReportFile.Status.RUNNING, progress=30)
    page = browser.new_page(locale="zh-CN")
    log_in(page, live_server, "sm_a")
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.wait_for_selector(".progress-bar:has-text('30%')")
    from reports.services import report_build

    ReportFile.objects.filter(pk=report.pk).update(status=ReportFile.Status.QUEUED)
    report_build(report_id=report.pk)
    page.wait_for_selector("[data-testid=report-download]", timeout=10000)
    assert "下载报表" in page.inner_text("[data-progress-url]")
