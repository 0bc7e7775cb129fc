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
