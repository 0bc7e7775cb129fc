"""The workbook engine: streams registered sheets into an openpyxl write-only workbook.

Write-only mode keeps memory flat (rows go to a temporary file as they come), and rows come
from generators over `.iterator()`. Every text cell that starts with = + - @ is written as a
string with a quote prefix, so a name typed into HallOps can never become a formula in Excel.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from hallops.money import ZERO

from .sheets import Column, L, Sheet, SheetContext, T

MONEY_FORMAT = '"¥"#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.0%"
FORMULA_PREFIXES = ("=", "+", "-", "@")
TOTAL_LABEL = L("合计", "Total")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
_TOTAL_FONT = Font(bold=True)


def _header_style(cell) -> None:
    cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN


def _total_style(cell) -> None:
    cell.font = _TOTAL_FONT


def _total_money_style(cell) -> None:
    cell.font, cell.number_format = _TOTAL_FONT, MONEY_FORMAT


@dataclass
class SheetResult:
    title: str
    rows: int
    totals: dict[int, object] = field(default_factory=dict)


class WorkbookWriter:
    """One write-only workbook; `add` writes a sheet: header, rows, totals."""

    def __init__(self):
        self.workbook = Workbook(write_only=True)
        self._titles: set[str] = set()
        self._styles: dict[str, StyleArray] = {}

    # -- cells -------------------------------------------------------------------------
    def _style(self, cell, key: str, apply: Callable) -> None:
        """Style `cell` like the first cell styled under `key`.

        Looking a font or format up in the workbook's style tables costs far more than
        writing the cell, so each combination is looked up once and its ids are reused.
        """
        cached = self._styles.get(key)
        if cached is None:
            apply(cell)
            self._styles[key] = copy(cell._style)
        else:
            cell._style = copy(cached)

    def _styled(self, ws, value, number_format: str):
        cell = WriteOnlyCell(ws, value=value)
        self._style(cell, number_format, lambda c: setattr(c, "number_format", number_format))
        return cell

    def _text(self, ws, value):
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            value = str(value)
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_PREFIXES):
            cell = WriteOnlyCell(ws, value=None)
            cell._value = value
            cell.data_type = "s"  # never "f": this is text, not a formula
            self._style(cell, "quoted", lambda c: setattr(c, "quotePrefix", True))
            return cell
        return value

    def _converter(self, ws, column_type: T) -> Callable | None:
        if column_type == T.TEXT:
            return lambda v: self._text(ws, v)
        if column_type == T.INT:
            return None  # written as it comes
        if column_type == T.MONEY:
            return lambda v: None if v is None else self._styled(ws, Decimal(v), MONEY_FORMAT)
        if column_type == T.DATE:
            return lambda v: None if v is None else self._styled(ws, v, DATE_FORMAT)
        if column_type == T.DATETIME:
            return lambda v: None if v is None else self._styled(ws, v, DATETIME_FORMAT)
        if column_type == T.PERCENT:
            return lambda v: None if v is None else self._styled(ws, v, PERCENT_FORMAT)
        return lambda v: self._auto(ws, v)

    def _auto(self, ws, value):
        if isinstance(value, Decimal):
            return self._styled(ws, value, MONEY_FORMAT)
        if isinstance(value, datetime.datetime):
            return self._styled(ws, value, DATETIME_FORMAT)
        if isinstance(value, datetime.date):
            return self._styled(ws, value, DATE_FORMAT)
        if isinstance(value, int | float) or value is None:
            return value
        return self._text(ws, value)

    # -- sheets ------------------------------------------------------------------------
    def unique_title(self, title: str) -> str:
        base = _BAD_TITLE.sub(" ", title).strip().strip("'")[:31] or "Sheet"
        candidate, n = base, 2
        while candidate.lower() in self._titles:
            suffix = f" ({n})"
            candidate = base[: 31 - len(suffix)] + suffix
            n += 1
        self._titles.add(candidate.lower())
        return candidate

    def add(self, sheet: Sheet, ctx: SheetContext) -> SheetResult:
        columns: Sequence[Column] = sheet.columns
        title = self.unique_title(sheet.sheet_title(ctx))
        ws = self.workbook.create_sheet(title=title)
        ws.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.display_width
        header = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=str(column.title))
            self._style(cell, "header", _header_style)
            header.append(cell)
        ws.append(header)

        # Only the columns that need it are converted (integers go as they are): per-cell
        # calls are most of the engine's cost over bare openpyxl.
        converted = [(i, conv) for i, c in enumerate(columns)
                     if (conv := self._converter(ws, c.type)) is not None]
        width = len(columns)
        summed = [i for i, c in enumerate(columns) if c.summed] if sheet.totals else []
        sums: dict[int, object] = {i: (ZERO if columns[i].type == T.MONEY else 0)
                                   for i in summed}
        count = 0
        append = ws.append
        for row in sheet.rows(ctx):
            if len(row) != width:
                raise ValueError(f"{sheet.key}: a row of {len(row)} values for {width} columns")
            values = list(row)
            for i, conv in converted:
                values[i] = conv(values[i])
            append(values)
            for i in summed:
                if row[i] is not None:
                    sums[i] += row[i]
            count += 1
        if sheet.totals and summed:
            total_row = []
            for i, column in enumerate(columns):
                value = sums.get(i) if i in sums else (str(TOTAL_LABEL) if i == 0 else None)
                cell = WriteOnlyCell(ws, value=value)
                money = column.type == T.MONEY
                self._style(cell, "total-money" if money else "total",
                            _total_money_style if money else _total_style)
                total_row.append(cell)
            append(total_row)
        return SheetResult(title=title, rows=count, totals=sums)

    def save(self, path) -> None:
        self.workbook.save(path)


def write_workbook(path, plan: Sequence[tuple[Sheet, SheetContext]],
                   progress: Callable[[int, int], None] | None = None) -> list[SheetResult]:
    """Write each (sheet, context) of `plan` to `path`; call progress(done, total) per sheet."""
    writer = WorkbookWriter()
    results = []
    total = len(plan)
    for done, (sheet, ctx) in enumerate(plan, start=1):
        results.append(writer.add(sheet, ctx))
        if progress is not None:
            progress(done, total)
    writer.save(path)
    return results
