"""The one spreadsheet reader that every import uses."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from hallops.imports import MAX_BYTES, Column, ImportRefused, read_rows, text, whole_number

COLUMNS = (Column("code", ("编码", "code")), Column("note", ("备注", "note"), required=False),
           Column("count", ("笔数", "count")))


def xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("x.xlsx", buffer.getvalue())


def test_it_reads_rows_by_column_title_in_any_order_and_skips_blank_rows():
    rows = read_rows(xlsx([("Count", "CODE"), (3, "a"), (None, None), ("4", "b")]), columns=COLUMNS)
    assert rows == [(2, {"count": 3, "code": "a"}), (4, {"count": "4", "code": "b"})]


@pytest.mark.parametrize(("upload", "refusal"), [
    (SimpleUploadedFile("x.xlsx", b"not,a,workbook"), "not an Excel workbook"),
    (SimpleUploadedFile("x.xlsx", b"0" * (MAX_BYTES + 1)), "larger than 2 MB"),
    (xlsx([("编码", "备注")]), "Wrong columns: expected 编码 | 备注 | 笔数, found 编码 | 备注"),
    (xlsx([("编码", "笔数")]), "no rows to import"),
])
def test_it_refuses_a_file_it_cannot_read_with_the_reason(upload, refusal):
    with translation.override("en"), pytest.raises(ImportRefused, match=refusal) as refused:
        read_rows(upload, columns=COLUMNS)
    assert refused.value.errors == []


def test_it_refuses_more_rows_than_the_cap():
    upload = xlsx([("编码", "笔数")] + [("a", 1)] * 4)
    with translation.override("en"), pytest.raises(ImportRefused, match="more than 3 rows"):
        read_rows(upload, columns=COLUMNS, max_rows=3)


def test_it_lists_every_bad_row_in_one_refusal():
    refused = ImportRefused.for_rows(["Row 2: x", "Row 5: y"])
    assert refused.errors == ["Row 2: x", "Row 5: y"]
    with translation.override("en"):
        assert "2 problems" in str(ImportRefused.for_rows(["a", "b"]).message)


@pytest.mark.parametrize(("cell", "number"), [(3, 3), (3.0, 3), ("7", 7), (" -2 ", -2), (1.5, None),
                                              ("many", None), (True, None), (None, None),
                                              ("²", None), ("1¹", None)])
def test_it_reads_whole_numbers_strictly(cell, number):
    assert whole_number(cell) == number


def test_it_reads_an_employee_number_typed_into_a_number_cell_as_text():
    assert text(10023.0) == "10023" and text(" E7 ") == "E7" and text(None) == ""
