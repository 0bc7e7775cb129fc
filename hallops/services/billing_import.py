"""Import of the billing system's daily statistics export (.xlsx) into a clerk's report.

All or nothing: every row is checked first and every bad row is listed; only a clean file
changes the counts. The expected sheet has a header row 业务编码 | 业务名称 | 笔数 (or
code | name | count) and one row per business type or product line code.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from hallops.imports import Column, ImportRefused, read_rows, text, whole_number
from hallops.models import BusinessType, ClerkDailyReport, ProductLine
from hallops.services.daily_reports import clerk_report_save

COLUMNS = (
    Column("code", ("业务编码", "code")),
    Column("name", ("业务名称", "name"), required=False),
    Column("count", ("笔数", "count")),
)


def parse_billing_workbook(file) -> dict:
    """{("bt"|"pl", pk): count} from the export, or ImportRefused listing every bad row."""
    by_code = {bt.code: ("bt", bt.pk) for bt in BusinessType.objects.filter(is_active=True)}
    by_code.update({pl.code: ("pl", pl.pk) for pl in ProductLine.objects.filter(is_active=True)})
    counts: dict = {}
    errors: list[str] = []
    seen: dict = {}
    for number, row in read_rows(file, columns=COLUMNS):
        code, count = text(row["code"]), row["count"]
        key = by_code.get(code)
        if key is None:
            errors.append(_("Row %(row)d: unknown business code “%(code)s”.")
                          % {"row": number, "code": code or "—"})
            continue
        if code in seen:
            errors.append(_("Row %(row)d: code %(code)s already given in row %(first)d.")
                          % {"row": number, "code": code, "first": seen[code]})
            continue
        seen[code] = number
        value = whole_number(count)
        if value is None:
            errors.append(_("Row %(row)d: the count “%(count)s” is not a whole number.")
                          % {"row": number, "count": "" if count is None else count})
        elif value < 0:
            errors.append(_("Row %(row)d: the count %(count)d is negative.")
                          % {"row": number, "count": value})
        else:
            counts[key] = value
    if errors:
        raise ImportRefused.for_rows(errors)
    return counts


@transaction.atomic
def clerk_report_import(*, actor, report: ClerkDailyReport, file) -> int:
    """Prefill the report's counts from the export; returns how many counts were set."""
    counts = parse_billing_workbook(file)
    clerk_report_save(actor=actor, report=report, counts=counts)
    return len(counts)
