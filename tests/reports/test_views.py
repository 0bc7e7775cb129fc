"""The manager's pages: build, progress, download, archive; and a broker that is down."""

import datetime
import io
import socket
import time

import openpyxl
import pytest
from django.urls import reverse

from hallops.models import StaffProfile
from reports.models import Kind, ReportFile
from tests.conftest import login

from .helpers import seed_day

DAY = datetime.date(2025, 3, 12)
Status = ReportFile.Status


def _build(client, kind="store_daily", day="2025-03-12"):
    return client.post(reverse("reports:build"), {"kind": kind, "day": day})


def test_a_manager_builds_a_workbook_watches_progress_and_downloads_it(
        world, clients, django_capture_on_commit_callbacks):
    seed_day(world.store_a, [world.clerk_a], DAY, late=[world.clerk_a])
    with django_capture_on_commit_callbacks(execute=True):
        response = _build(clients.sm_a)
    report = ReportFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    assert report.status == Status.DONE and report.requested_by == world.sm_a
    progress = clients.sm_a.get(reverse("reports:progress", args=[report.pk])).json()
    assert progress["done"] and progress["percent"] == 100
    assert reverse("reports:download", args=[report.pk]) in progress["html"]
    download = clients.sm_a.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert wb.sheetnames[0] == "概况"
    assert clients.sm_b.get(reverse("reports:download", args=[report.pk])).status_code == 404
    archive = clients.sm_a.get(reverse("reports:archive"))
    assert reverse("reports:download", args=[report.pk]) in archive.content.decode()


def test_a_manager_who_reads_english_gets_an_english_workbook(
        world, clients, django_capture_on_commit_callbacks):
    StaffProfile.objects.filter(user=world.sm_a).update(language="en")
    client = login(world.sm_a)
    with django_capture_on_commit_callbacks(execute=True):
        _build(client, kind="store_monthly")
    report = ReportFile.objects.get()
    assert report.language == "en" and report.period_start == datetime.date(2025, 3, 1)
    with report.file.open("rb") as fh:
        assert openpyxl.load_workbook(fh).sheetnames[0] == "Summary"


def test_it_shows_progress_while_the_workbook_is_built(world, clients):
    report = ReportFile.objects.create(kind=Kind.STORE_DAILY, store=world.store_a,
                                       period_start=DAY, period_end=DAY,
                                       status=Status.RUNNING, progress=40)
    page = clients.sm_a.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert f'data-progress-url="{reverse("reports:progress", args=[report.pk])}"' in page
    data = clients.sm_a.get(reverse("reports:progress", args=[report.pk])).json()
    assert data == {"percent": 40, "done": False, "status": "running"}


def test_a_supervisor_builds_the_regional_workbook(
        world, clients, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _build(clients.supervisor, kind="region_monthly")
    assert response.status_code == 302
    report = ReportFile.objects.get()
    assert report.region == world.region_a and report.status == Status.DONE
    assert clients.sm_a.get(reverse("reports:detail", args=[report.pk])).status_code == 404


@pytest.mark.parametrize("data", [
    {"kind": "store_daily", "day": "2999-01-01"},
    {"kind": "region_monthly", "day": "2025-03-12"},
    {"kind": "nonsense", "day": "x"},
    {},
])
def test_it_refuses_bad_input_with_a_message_and_builds_nothing(world, clients, data):
    response = clients.sm_a.post(reverse("reports:build"), data)
    assert response.status_code == 400
    assert "nothing was built" in response.content.decode() or "未生成" in \
        response.content.decode() or response.context["form"].errors
    assert not ReportFile.objects.exists()


@pytest.mark.parametrize("rows", [1, 40])
def test_the_archive_runs_a_bounded_number_of_queries(world, clients, rows,
                                                       django_assert_max_num_queries):
    for i in range(rows):
        ReportFile.objects.create(kind=Kind.STORE_DAILY, store=world.store_a,
                                  period_start=DAY - datetime.timedelta(days=i),
                                  period_end=DAY - datetime.timedelta(days=i),
                                  requested_by=world.sm_a, status=Status.DONE)
    with django_assert_max_num_queries(12):
        assert clients.sm_a.get(reverse("reports:archive")).status_code == 200


# -- the broker is down or hangs: the button answers within 5 seconds -------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def silent_server():
    """A socket that accepts connections (the kernel completes them) but never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield server.getsockname()[1]
    server.close()


def _assert_try_later(client, django_capture_on_commit_callbacks):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:build"), {"kind": "store_daily",
                                                          "day": "2025-03-12"}, follow=True)
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"the build button took {elapsed:.1f} s"
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any("稍后" in m for m in shown), shown
    report = ReportFile.objects.get()
    assert report.status == Status.FAILED


@pytest.mark.django_db(transaction=True)
def test_it_answers_try_later_when_the_broker_is_down(world, clients, broker,
                                                       django_capture_on_commit_callbacks):
    broker(f"redis://127.0.0.1:{_free_port()}/0")
    _assert_try_later(clients.sm_a, django_capture_on_commit_callbacks)


@pytest.mark.django_db(transaction=True)
def test_it_answers_try_later_when_the_broker_hangs(world, clients, broker, silent_server,
                                                    django_capture_on_commit_callbacks):
    broker(f"redis://127.0.0.1:{silent_server}/0")
    _assert_try_later(clients.sm_a, django_capture_on_commit_callbacks)
