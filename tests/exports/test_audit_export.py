"""The audit trail's export: the page's rows, its filters, BOM, formula safety, jobs."""

import csv
import io

import openpyxl
from django.test import override_settings
from django.urls import reverse

from hallops.models import AuditEntry
from hallops.services.audit import audit_record
from reports.models import ExportJob

URL = "store_manager:audit"


def _entries(world, n=3, reason=""):
    for i in range(n):
        audit_record(actor=world.sm_a, store=world.store_a, action="report.requested",
                     obj=world.store_a, after={"n": i}, reason=reason)
    audit_record(actor=world.sm_a, store=world.store_a, action="report.built",
                 obj=world.store_a, after={})
    audit_record(actor=world.sm_b, store=world.store_b, action="report.requested",
                 obj=world.store_b, after={})


def _xlsx(response):
    assert response.status_code == 200, response.content[:300]
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True))


def test_it_exports_the_filtered_audit_rows_as_xlsx_and_csv(world, clients):
    _entries(world)
    url = reverse(URL)
    page = clients.sm_a.get(url, {"action": "report.requested"})
    shown = page.content.decode().count('data-testid="audit-row"')
    assert shown == 3
    rows = _xlsx(clients.sm_a.get(url, {"action": "report.requested", "format": "xlsx"}))
    assert rows[0][0].startswith("时间") or rows[0][0]
    assert len(rows) - 1 == shown == AuditEntry.objects.filter(
        store=world.store_a, action="report.requested").count()
    csv_response = clients.sm_a.get(url, {"action": "report.requested", "format": "csv"})
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert len(lines) - 1 == shown
    assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[0][0])


@override_settings(EXPORT_ROW_CAP=2)
def test_a_long_export_runs_as_a_job_with_progress(
        world, clients, django_capture_on_commit_callbacks, monkeypatch):
    from reports import exportjobs, listexport

    _entries(world, n=5)
    seen = []
    record = exportjobs.export_job_progress
    monkeypatch.setattr(listexport, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(exportjobs, "export_job_progress",
                        lambda **kw: (seen.append(kw["percent"]), record(**kw)))
    with django_capture_on_commit_callbacks(execute=True):
        response = clients.sm_a.get(reverse(URL), {"format": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:export_job", args=[job.pk])
    assert job.status == ExportJob.Status.DONE, job.error
    # the five, the built one, and the export's own request
    assert job.row_count == 7 == AuditEntry.objects.filter(store=world.store_a).count()
    assert seen == [28, 57, 85]
    progress = clients.sm_a.get(reverse("reports:export_progress", args=[job.pk])).json()
    assert progress["done"] and progress["percent"] == 100
    download = clients.sm_a.get(reverse("reports:export_download", args=[job.pk]))
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
                .active.iter_rows(values_only=True))
    assert len(rows) == 1 + 7  # the header and the rows
    for persona in ("sm_b", "dm_a"):
        assert getattr(clients, persona).get(
            reverse("reports:export_download", args=[job.pk])).status_code == 404
