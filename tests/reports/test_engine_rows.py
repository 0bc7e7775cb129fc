"""The engine's streamed sheet (`reports.engine._StreamedSheet`) writes exactly what
openpyxl's own write-only sheet writes for the same appended rows: plain values, styled
cells, gaps, a styled cell next to plain ones. Compared as the saved files' XML."""

import datetime
import io
import zipfile
from copy import copy
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from reports.engine import _StreamedSheet

FORMATS = ['"¥"#,##0.00', "yyyy-mm-dd", "0.0%", None]  # None: a bold cell, no format

values = st.one_of(
    st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**9,
                max_value=10**9),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
            max_size=12),
    st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2100, 1, 1)),
)
# (value, style index or None for a plain value)
cells = st.tuples(values, st.one_of(st.none(), st.integers(0, len(FORMATS) - 1)))
rows = st.lists(st.lists(cells, max_size=8), max_size=12)


def _write(rows, streamed: bool) -> dict:
    book = Workbook(write_only=True)
    if streamed:
        ws = _StreamedSheet(parent=book, title="s")
        book._add_sheet(ws)
    else:
        ws = book.create_sheet(title="s")
    styles: dict = {}
    for row in rows:
        out = []
        for value, style in row:
            if style is None or value is None:
                out.append(value)
                continue
            cell = WriteOnlyCell(ws, value=value)
            if style not in styles:  # as the engine does: a style looked up once, copied
                if FORMATS[style] is None:
                    cell.font = Font(bold=True)
                else:
                    cell.number_format = FORMATS[style]
                styles[style] = copy(cell._style)
            cell._style = copy(styles[style])
            out.append(cell)
        ws.append(out)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name != "docProps/core.xml"}  # creation time


@settings(max_examples=150, deadline=None)
@given(rows)
def test_the_streamed_sheet_writes_what_openpyxl_writes(rows):
    assert _write(rows, streamed=True) == _write(rows, streamed=False)


def test_a_row_of_every_kind_side_by_side():
    row = [("代码", None), (Decimal("12.50"), 0), (None, 0), (3, None),
           (datetime.date(2026, 11, 30), 1), (0.5, 2), ("合计", 3), (7, None), ("x", None)]
    streamed, plain = _write([row, row[::-1], []], True), _write([row, row[::-1], []], False)
    assert streamed == plain
    sheet = streamed["xl/worksheets/sheet1.xml"].decode()
    assert '<c r="B1" s="1" t="n"><v>12.5</v></c>' in sheet  # the styled money cell
    assert '<c r="D1" t="n"><v>3</v></c>' in sheet            # a plain value after it
