import datetime

from django.core.files.base import ContentFile

from hallops.permissions import Role
from tests.permission_matrix import Case

ROLES = (Role.STORE_MANAGER, Role.SUPERVISOR)
DAY = datetime.date(2025, 3, 12)


def a_report(world):
    """A finished workbook of store A (region A), with its file."""
    from reports.models import Kind, ReportFile

    report = ReportFile.objects.create(kind=Kind.STORE_DAILY, store=world.store_a,
                                       period_start=DAY, period_end=DAY,
                                       status=ReportFile.Status.DONE)
    report.file.save("a.xlsx", ContentFile(b"PK\x03\x04 test"))
    return {"pk": report.pk}


CASES = [
    Case("reports:archive", roles=ROLES),
    # The supervisor may only build regional workbooks: a store workbook is refused (400).
    Case("reports:build", roles=ROLES, method="post", ok=302,
         data=lambda w: {"kind": "store_daily", "day": "2025-03-12"},
         expect={"supervisor": 400}),
    Case("reports:detail", roles=ROLES, kwargs=a_report, scoped=True),
    Case("reports:progress", roles=ROLES, kwargs=a_report, scoped=True),
    Case("reports:download", roles=ROLES, kwargs=a_report, scoped=True),
]


def an_export_job(world):
    """A finished list export that the store manager of store A asked for, with its file."""
    from hallops.permissions import Role
    from reports.models import ExportJob

    job = ExportJob.objects.create(
        store=world.store_a, requested_by=world.sm_a, role=Role.STORE_MANAGER, name="audit",
        title="审计记录", path="/manager/audit/", query="format=csv", format="csv",
        status=ExportJob.Status.DONE)
    job.file.save("a.csv", ContentFile("\ufeff时间\n".encode()))
    return {"pk": job.pk}


# Only the person who asked, in the role they asked in, sees a job: everyone else 404.
_NOT_THEIRS = dict.fromkeys(("dm_a", "clerk_a", "ch_a", "fr_a", "sm_b", "dm_b", "clerk_b",
                             "ch_b", "fr_b", "supervisor"), 404)
CASES += [
    Case("reports:export_job", roles=tuple(Role), kwargs=an_export_job, expect=_NOT_THEIRS),
    Case("reports:export_progress", roles=tuple(Role), kwargs=an_export_job,
         expect=_NOT_THEIRS),
    Case("reports:export_download", roles=tuple(Role), kwargs=an_export_job,
         expect=_NOT_THEIRS),
]
