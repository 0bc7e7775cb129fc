"""Import of the billing system's daily statistics export (.xlsx) into a clerk's report.

All or nothing: every row is checked first and every bad row is listed; only a clean file
changes the counts. The expected sheet has a header row 业务编码 | 业务名称 | 笔数 (or
code | name | count) and one row per business type or product line code.
"""

import zipfile

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from hallops.exceptions import DomainError
from hallops.models import BusinessType, ClerkDailyReport, ProductLine
from hallops.services.daily_reports import clerk_report_save

HEADERS = (("业务编码", "业务名称", "笔数"), ("code", "name", "count"))
MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024


class ImportRefused(DomainError):
    """The file was refused; `errors` lists every problem found (row numbers are 1-based)."""

    def __init__(self, message, errors: list[str]):
        super().__init__(message)
        self.errors = errors


def _header(values) -> tuple:
    return tuple(str(v).strip().lower() if v is not None else "" for v in values[:3])


def parse_billing_workbook(file) -> dict:
    """{("bt"|"pl", pk): count} from the export, or ImportRefused listing every bad row."""
    if getattr(file, "size", 0) > MAX_BYTES:
        raise ImportRefused(_("The file is too large."), [])
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportRefused(_("This is not an Excel (.xlsx) workbook."), [])
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = _header(list(next(rows, ()) or ()) + [None, None, None])
    expected = [tuple(h.lower() for h in headers) for headers in HEADERS]
    if header not in expected:
        raise ImportRefused(
            _("Wrong columns: expected %(expected)s, found %(found)s.")
            % {"expected": " | ".join(HEADERS[0]), "found": " | ".join(h or "—" for h in header)},
            [],
        )
    by_code = {bt.code: ("bt", bt.pk) for bt in BusinessType.objects.filter(is_active=True)}
    by_code.update({pl.code: ("pl", pl.pk) for pl in ProductLine.objects.filter(is_active=True)})
    counts: dict = {}
    errors: list[str] = []
    seen: dict = {}
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS:
            errors.append(_("More than %(max)d rows.") % {"max": MAX_ROWS})
            break
        row = list(row) + [None, None, None]
        code, _name, count = row[0], row[1], row[2]
        if all(v in (None, "") for v in row[:3]):
            continue
        code = str(code).strip() if code is not None else ""
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
        if isinstance(count, bool) or count is None:
            value = None
        elif isinstance(count, int):
            value = count
        elif isinstance(count, float) and count.is_integer():
            value = int(count)
        elif isinstance(count, str) and count.strip().lstrip("-").isdigit():
            value = int(count.strip())
        else:
            value = None
        if value is None:
            errors.append(_("Row %(row)d: the count “%(count)s” is not a whole number.")
                          % {"row": number, "count": "" if count is None else count})
        elif value < 0:
            errors.append(_("Row %(row)d: the count %(count)d is negative.")
                          % {"row": number, "count": value})
        else:
            counts[key] = value
    workbook.close()
    if errors:
        raise ImportRefused(
            _("Nothing was imported: %(count)d rows are wrong.") % {"count": len(errors)}, errors
        )
    if not counts:
        raise ImportRefused(_("The workbook has no rows to import."), [])
    return counts


@transaction.atomic
def clerk_report_import(*, actor, report: ClerkDailyReport, file) -> int:
    """Prefill the report's counts from the export; returns how many counts were set."""
    counts = parse_billing_workbook(file)
    clerk_report_save(actor=actor, report=report, counts=counts)
    return len(counts)
