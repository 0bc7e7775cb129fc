"""The engine writes typed, safe cells: money, dates, totals, frozen headers, no formulas."""

import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from reports.engine import MONEY_FORMAT, write_workbook
from reports.sheets import (
    Column,
    L,
    Sheet,
    SheetContext,
    T,
    register_sheet,
    sheets_for,
    unregister_sheet,
)

ROWS = [
    ("=HYPERLINK(\"http://evil\",\"x\")", datetime.date(2025, 3, 1), 3, Decimal("1234.50")),
    ("+86 138", datetime.date(2025, 3, 2), 4, Decimal("0.25")),
    ("-2+3", datetime.date(2025, 3, 3), 0, Decimal("99999.99")),
    ("@SUM(A1)", datetime.date(2025, 3, 4), 1, Decimal("0.01")),
    ("普通文字\x07", None, None, None),
]


class MoneySheet(Sheet):
    key = "test_money"
    title = L("现金测试", "Cash test")
    columns = (
        Column(L("说明", "Note"), T.TEXT),
        Column(L("日期", "Date"), T.DATE),
        Column(L("笔数", "Count"), T.INT),
        Column(L("金额", "Amount"), T.MONEY),
    )

    def rows(self, ctx):
        yield from ROWS


def _ctx():
    return SheetContext(kind="test", start=datetime.date(2025, 3, 1),
                        end=datetime.date(2025, 3, 31), stores=[])


def _write(tmp_path, language="zh-hans"):
    path = tmp_path / "t.xlsx"
    with translation.override(language):
        write_workbook(path, [(MoneySheet(), _ctx())])
    return openpyxl.load_workbook(path)


def test_it_writes_text_that_looks_like_a_formula_as_text(tmp_path):
    ws = _write(tmp_path).active
    for row_index, value in enumerate(["=HYPERLINK(\"http://evil\",\"x\")", "+86 138", "-2+3",
                                       "@SUM(A1)"], start=2):
        cell = ws.cell(row=row_index, column=1)
        assert cell.data_type == "s"
        assert cell.value == value
        assert cell.quotePrefix
    assert ws.cell(row=6, column=1).value == "普通文字"  # control character dropped


def test_it_writes_money_dates_and_a_totals_row_that_matches_the_sum(tmp_path):
    ws = _write(tmp_path).active
    money = ws.cell(row=2, column=4)
    assert money.number_format == MONEY_FORMAT
    assert isinstance(money.value, float | int)
    assert ws.cell(row=2, column=2).is_date
    assert ws.cell(row=2, column=2).value.date() == datetime.date(2025, 3, 1)
    total = [c.value for c in list(ws.iter_rows())[-1]]
    assert total[0] == "合计"
    assert Decimal(str(total[3])) == sum(r[3] for r in ROWS if r[3] is not None)
    assert total[2] == 8
    assert ws.cell(row=len(ROWS) + 2, column=4).number_format == MONEY_FORMAT


def test_it_freezes_the_header_and_sets_widths_in_the_requesters_language(tmp_path):
    zh = _write(tmp_path).active
    assert zh.title == "现金测试"
    assert zh.freeze_panes == "A2"
    assert [c.value for c in zh[1]] == ["说明", "日期", "笔数", "金额（元）"]  # money: its unit
    assert zh.column_dimensions["D"].width == 14
    en = _write(tmp_path, "en").active
    assert en.title == "Cash test"
    assert [c.value for c in en[1]] == ["Note", "Date", "Count", "Amount (yuan)"]


def test_it_lets_a_feature_add_a_sheet_without_touching_the_engine():
    register_sheet(kinds=("store_daily",), order=50)(MoneySheet)
    try:
        keys = [s.key for s in sheets_for("store_daily")]
        assert "test_money" in keys
        assert keys.index("summary") < keys.index("test_money") < keys.index("activity")
    finally:
        unregister_sheet("test_money")
    assert "test_money" not in [s.key for s in sheets_for("store_daily")]


@pytest.mark.parametrize("title", ["A001 和平路:营业厅/一[二]*?" * 3])
def test_it_keeps_sheet_titles_valid_and_unique(title):
    from reports.engine import WorkbookWriter

    writer = WorkbookWriter()
    first, second = writer.unique_title(title), writer.unique_title(title)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not set("[]:*?/\\") & set(first + second)
