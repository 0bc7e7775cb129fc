"""Each workbook kind, built from the demo data and printed by a real spreadsheet application
(LibreOffice Calc converting to PDF), stays within its page target.

Targets (the demo: three stores over five weeks of history, the latest complete periods):
- store daily (营业厅日报): at most one page per sheet and at most 12 pages in all;
- store weekly (营业周报): at most one page per sheet;
- store monthly (营业月报): at most one page per sheet and two more (a by-day sheet of 31
  rows and a by-person sheet may take a second page);
- regional monthly (片区月报): at most one page per sheet and one more per store (each
  store's by-day sheets);
- regional yearly (片区年报): one page for the region by month, one per ~40 store-months
  (a landscape page holds about 40 rows), i.e. at most 1 + ceil(12 × stores / 40) + 1.
Measured on 2026-11-29 (demo, the region of the first store has one store): one page per
sheet in every kind: daily 10 pages / 10 sheets, weekly 15 / 15, monthly 15 / 15, regional
monthly 3 / 3, regional yearly 2 / 2. Before issue 19 the store daily
workbook printed 28 pages and the regional monthly 140 (at 50 stores).

Slow-ish (one LibreOffice start for all five workbooks, ~20-40 s on a loaded machine): marked
`printed`; skipped with a message where `soffice` is missing (apt-get install
libreoffice-calc-nogui; .ci/run installs it).
"""

import datetime
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from hallops.models import Store
from reports.models import Kind, ReportFile
from reports.periods import period_for
from reports.services import report_request

pytestmark = pytest.mark.printed

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")


def pdf_pages(path: Path) -> int:
    """Pages of a PDF without a PDF library: LibreOffice writes one /Type /Page object each
    (uncompressed object dictionaries); the page tree's /Count must agree."""
    data = path.read_bytes()
    pages = len(_PAGE.findall(data))
    counts = [int(a or b) for a, b in _COUNT.findall(data)]
    if counts:
        assert pages == max(counts), f"{path.name}: {pages} page objects, /Count {max(counts)}"
    return pages


def convert_to_pdf(paths: list[Path], outdir: Path) -> dict[str, int]:
    """{file stem: printed pages}: one headless LibreOffice run for all of them, with a
    private profile (parallel runs would otherwise share ~/.config/libreoffice and clash)."""
    profile = outdir / "lo-profile"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--nolockcheck", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "HOME": str(outdir)},
    )
    pages = {}
    for path in paths:
        pdf = outdir / f"{path.stem}.pdf"
        assert pdf.exists(), f"LibreOffice made no PDF of {path.name}: {result.stdout}{result.stderr}"
        pages[path.stem] = pdf_pages(pdf)
    return pages


@pytest.fixture
def demo_workbooks(db, tmp_path, django_capture_on_commit_callbacks):
    """{kind: (path, sheet count)} and "stores" (of the region): each workbook kind of the latest complete period, built
    through the service from `seed_demo`'s stores."""
    if SOFFICE is None:
        pytest.skip("counting printed pages needs LibreOffice: "
                    "apt-get install libreoffice-calc-nogui")
    call_command("seed_demo", days=35, stdout=io.StringIO())
    store = Store.objects.order_by("code").first()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    last_week = yesterday - datetime.timedelta(days=7)
    last_month = yesterday.replace(day=1) - datetime.timedelta(days=1)
    out = {}
    for kind, day, scope in (
        (Kind.STORE_DAILY, yesterday, {"store": store}),
        (Kind.STORE_WEEKLY, last_week, {"store": store}),
        (Kind.STORE_MONTHLY, last_month, {"store": store}),
        (Kind.REGION_MONTHLY, last_month, {"region": store.region}),
        (Kind.REGION_YEARLY, yesterday, {"region": store.region}),
    ):
        start, end = period_for(kind, day)
        with django_capture_on_commit_callbacks(execute=True):
            report = report_request(kind=kind, start=start, end=end, language="zh-hans",
                                    **scope)
        report.refresh_from_db()
        assert report.status == ReportFile.Status.DONE, report.error
        path = tmp_path / f"{kind}.xlsx"
        with report.file.open("rb") as fh:
            path.write_bytes(fh.read())
        out[str(kind)] = (path, len(report.sheet_rows))
    out["stores"] = Store.objects.filter(region=store.region, is_active=True).count()
    return out


def test_each_workbook_kind_prints_within_its_page_target(demo_workbooks, tmp_path):
    demo_stores = demo_workbooks.pop("stores")
    pdf_dir = tmp_path / "pdf"
    pdf_dir.mkdir()
    pages = convert_to_pdf([p for p, _n in demo_workbooks.values()], pdf_dir)
    sheets = {kind: n for kind, (_p, n) in demo_workbooks.items()}
    report = ", ".join(f"{k}: {pages[k]} pages / {sheets[k]} sheets" for k in pages)
    daily = str(Kind.STORE_DAILY)
    assert pages[daily] <= sheets[daily], report  # one page per sheet at most
    assert pages[daily] <= 12, report
    weekly, monthly, region = (str(k) for k in (Kind.STORE_WEEKLY, Kind.STORE_MONTHLY,
                                                  Kind.REGION_MONTHLY))
    assert pages[weekly] <= sheets[weekly], report
    assert pages[monthly] <= sheets[monthly] + 2, report
    assert pages[region] <= sheets[region] + demo_stores, report
    assert pages[str(Kind.REGION_YEARLY)] <= 2 + -(-12 * demo_stores // 40), report
