"""The one reader of uploaded spreadsheets (.xlsx): every import goes through it.

Imports are all or nothing. The reader refuses a file that is too large, is not a workbook,
lacks a required column or has too many rows; each import then checks its rows, collects
every problem with its row number and raises `ImportRefused` with all of them, so the user
fixes the whole file at once and nothing is saved from a file with one bad row.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from hallops.exceptions import DomainError

MAX_BYTES = 2 * 1024 * 1024  # exports of one store-day are a few kB
MAX_ROWS = 2000


class ImportRefused(DomainError):
    """The file was refused; `errors` lists every bad row (1-based row numbers)."""

    def __init__(self, message: str, errors: Sequence[str] = ()):
        super().__init__(message)
        self.errors = list(errors)

    @classmethod
    def for_rows(cls, errors: Sequence[str]) -> ImportRefused:
        return cls(_("Nothing was imported: %(count)d problems found.") % {"count": len(errors)},
                   errors)


@dataclass(frozen=True)
class Column:
    """A column of an import: our key, the titles the export may give it (Chinese first)."""

    key: str
    titles: tuple[str, ...]
    required: bool = True


def read_rows(upload, *, columns: Sequence[Column], max_rows: int = MAX_ROWS) -> list[tuple[int, dict]]:
    """[(row number, {key: cell value})] of the first sheet's non-blank rows under its header."""
    if (getattr(upload, "size", None) or 0) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ImportRefused(_("The file is not an Excel workbook (.xlsx).")) from None
    try:
        return _rows(workbook.worksheets[0], columns, max_rows)
    finally:
        workbook.close()


def _rows(sheet, columns: Sequence[Column], max_rows: int) -> list[tuple[int, dict]]:
    rows = sheet.iter_rows(values_only=True)
    header = [str(title or "").strip() for title in (next(rows, None) or ())]
    by_title = {title.lower(): column.key for column in columns for title in column.titles}
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = by_title.get(title.lower())
        if key is not None and key not in found:
            found[key] = index
    if any(column.required and column.key not in found for column in columns):
        raise ImportRefused(
            _("Wrong columns: expected %(expected)s, found %(found)s.")
            % {"expected": " | ".join(column.titles[0] for column in columns),
               "found": " | ".join(title or "—" for title in header) or "—"})
    out: list[tuple[int, dict]] = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(out) >= max_rows:
            raise ImportRefused(_("The workbook has more than %(max)d rows.") % {"max": max_rows})
        out.append((number, {key: values[i] if i < len(values) else None for key, i in found.items()}))
    if not out:
        raise ImportRefused(_("The workbook has no rows to import."))
    return out


def whole_number(value) -> int | None:
    """A cell read as a whole number (37, 3.0, "2"), or None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    # isdecimal, not isdigit: "²" and "¹" are digits that int() refuses (a Hypothesis find).
    if isinstance(value, str) and value.strip().lstrip("-").isdecimal():
        return int(value.strip())
    return None


def text(value) -> str:
    """A cell as trimmed text; a whole number typed into a number cell loses its '.0'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""
