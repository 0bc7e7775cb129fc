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
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from hallops.money import ZERO

from .sheets import Column, L, Sheet, SheetContext, T, Typed

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
# Number columns: the header sits right, over its right-aligned figures.
_HEADER_ALIGN_RIGHT = Alignment(horizontal="right", wrap_text=True, vertical="center")
_TOTAL_FONT = Font(bold=True)
_SIGN_FONT = Font(bold=True)

# -- printing ----------------------------------------------------------------------------
# Column widths are in characters; the printable width of A4 between the margins below is
# about 95 characters upright and 140 across. A sheet wider than PORTRAIT_WIDTH (which
# prints upright at 85 % or more) prints landscape; up to MAX_FIT_WIDTH (about 35 % of
# full size across, still legible) it is shrunk to one page wide (any number of pages
# tall); wider than that it spreads over several pages wide, with its identifying columns
# (number, name, date) repeated on each.
PORTRAIT_WIDTH = 110
MAX_FIT_WIDTH = 400
MARGINS = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.75, header=0.3, footer=0.3)
PAGE_OF = L("第 &P 页 / 共 &N 页", "Page &P of &N")
GENERATED = L("生成时间", "Generated")
THROUGH = L("数据截至", "figures to")
DATE_LINE = L("日期", "Date")
SIGN_LINE = "_" * 14
DATE_BLANK = "_" * 12


@dataclass(frozen=True)
class PrintInfo:
    """What every printed page of a workbook says: its title and when it was generated."""

    title: str = ""
    generated: datetime.datetime | None = None  # local wall time


def _hf(text: str) -> str:
    """Text for a header or footer: & starts a code there, so a literal one is doubled."""
    return text.replace("&", "&&")


def _period(ctx: SheetContext) -> str:
    if ctx.start == ctx.end:
        return f"{ctx.start:%Y-%m-%d}"
    period = f"{ctx.start:%Y-%m-%d} – {ctx.end:%Y-%m-%d}"
    if ctx.through is not None:
        period += f" · {THROUGH} {ctx.through:%Y-%m-%d}"
    return period


def _scope(ctx: SheetContext) -> str:
    store = ctx.store
    if store is not None:
        return f"{store.code} {store.name}"
    region = ctx.region
    if region is not None:
        return f"{region.code} {region.name}"
    return ""


def identifying_columns(columns: Sequence[Column]) -> int:
    """How many leading columns name a row (number, name, date…): repeated on wide pages."""
    count = 0
    for column in columns[:3]:
        if column.numeric or column.type == T.AUTO:
            break
        count += 1
    return count


def setup_page(ws, columns: Sequence[Column], ctx: SheetContext, info: PrintInfo) -> None:
    """A4, orientation and scaling by the sheet's width, titles repeated, header and footer.

    Called before the first row: in a write-only sheet the sheet properties (fit to page)
    are written with the first row.
    """
    width = sum(c.display_width for c in columns)
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = (Worksheet.ORIENTATION_LANDSCAPE if width > PORTRAIT_WIDTH
                                 else Worksheet.ORIENTATION_PORTRAIT)
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1 if width <= MAX_FIT_WIDTH else -(-width // MAX_FIT_WIDTH)
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    ws.page_margins = copy(MARGINS)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = "1:1"
    lead = identifying_columns(columns)
    if width > PORTRAIT_WIDTH and lead and lead < len(columns):
        ws.print_title_cols = f"A:{get_column_letter(lead)}"
    header, footer = ws.oddHeader, ws.oddFooter
    header.left.text = _hf(info.title)
    header.center.text = _hf(_scope(ctx))
    header.right.text = _hf(_period(ctx))
    footer.left.text = _hf(ws.title)
    footer.center.text = str(PAGE_OF)
    if info.generated is not None:
        footer.right.text = _hf(f"{GENERATED} {info.generated:%Y-%m-%d %H:%M}")
    header.left.size = header.center.size = header.right.size = 9
    footer.left.size = footer.center.size = footer.right.size = 8


def _header_style(cell) -> None:
    cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN


def _header_right_style(cell) -> None:
    cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN_RIGHT


def _sign_style(cell) -> None:
    cell.font = _SIGN_FONT


def _total_style(cell) -> None:
    cell.font = _TOTAL_FONT


def _total_money_style(cell) -> None:
    cell.font, cell.number_format = _TOTAL_FONT, MONEY_FORMAT


class _StreamedSheet(WriteOnlyWorksheet):
    """openpyxl's write-only sheet, taking a styled cell of an appended row as it is.

    openpyxl tells a cell from a value by assigning it as a value and catching the
    ValueError, whose message formats the cell's repr: for a sheet of money and dates, most
    of what it does for a styled cell beyond writing it. The same cells are written, in the
    same order, with the same attributes (tests/reports/test_engine_rows.py)."""

    def _values_to_row(self, values, row_idx):
        cell = None
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                out = value
            else:
                if cell is None:
                    cell = WriteOnlyCell(self)
                cell.value = value
                out = cell
            out.column = col_idx
            out.row = row_idx
            if out.hyperlink is not None:
                out.hyperlink.ref = out.coordinate
            yield out
            if out is cell and (cell.has_style or cell.hyperlink):
                cell = None  # styled by its value (a date): a fresh one, as openpyxl does


@dataclass
class SheetResult:
    title: str
    rows: int
    totals: dict[int, object] = field(default_factory=dict)


class WorkbookWriter:
    """One write-only workbook; `add` writes a sheet: header, rows, totals."""

    def __init__(self, info: PrintInfo | None = None):
        self.info = info or PrintInfo()
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
        if isinstance(value, Typed):
            if value.type == T.AUTO:
                return self._auto(ws, value.value)
            conv = self._converter(ws, value.type)
            return value.value if conv is None else conv(value.value)
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
        ws = _StreamedSheet(parent=self.workbook, title=title)
        self.workbook._add_sheet(ws)
        ws.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.display_width
        setup_page(ws, columns, ctx, self.info)
        header = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=column.header)
            if column.numeric:
                self._style(cell, "header-right", _header_right_style)
            else:
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
        if sheet.signatures:
            self._signatures(ws, sheet.signatures, width)
        return SheetResult(title=title, rows=count, totals=sums)

    def _signatures(self, ws, signers: Sequence[L], width: int) -> None:
        """After a blank row: each signer's line and a date line under it.

        Side by side when the sheet has two columns for each signer, else one signer a row
        (name line in the first column, date line in the second).
        """
        ws.append([])
        ws.append([])

        def signed(text):
            cell = WriteOnlyCell(ws, value=text)
            self._style(cell, "signature", _sign_style)
            return cell

        date = f"{DATE_LINE}：{DATE_BLANK}"
        if width >= 2 * len(signers):
            step = width // len(signers)
            names: list = [None] * width
            dates: list = [None] * width
            for i, signer in enumerate(signers):
                names[i * step] = signed(f"{signer}：{SIGN_LINE}")
                dates[i * step] = date
            ws.append(names)
            ws.append([])
            ws.append(dates)
            return
        for signer in signers:
            row = [signed(f"{signer}：{SIGN_LINE}")]
            if width >= 2:
                row.append(date)
            else:
                row[0] = signed(f"{signer}：{SIGN_LINE}  {date}")
            ws.append(row)
            ws.append([])

    def save(self, path) -> None:
        self.workbook.save(path)


def write_workbook(path, plan: Sequence[tuple[Sheet, SheetContext]],
                   progress: Callable[[int, int], None] | None = None,
                   info: PrintInfo | None = None) -> list[SheetResult]:
    """Write each (sheet, context) of `plan` to `path`; call progress(done, total) per sheet.

    `info`: the workbook's title and generation time, printed on every page.
    """
    writer = WorkbookWriter(info)
    results = []
    total = len(plan)
    for done, (sheet, ctx) in enumerate(plan, start=1):
        results.append(writer.add(sheet, ctx))
        if progress is not None:
            progress(done, total)
    writer.save(path)
    return results
