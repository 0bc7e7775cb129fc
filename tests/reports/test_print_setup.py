"""Every sheet prints: A4, orientation by width, one page wide, titles repeated, header and
footer, headers aligned like their figures, units, percentages, signature lines."""

import datetime
from types import SimpleNamespace

import openpyxl
import pytest
from django.utils import translation

from reports.engine import PrintInfo, write_workbook
from reports.models import Kind
from reports.sheets import TIMES, Column, L, Sheet, SheetContext, T, Typed

from .helpers import open_workbook
from .test_workbooks import DAY, run_on_commit, seeded  # noqa: F401  (fixtures)

STORE = SimpleNamespace(code="A001", name="和平路&营业厅")
INFO = PrintInfo(title="营业厅日报", generated=datetime.datetime(2025, 3, 12, 21, 30))


class NarrowSheet(Sheet):
    key = "test_narrow"
    title = L("窄表", "Narrow")
    columns = (
        Column(L("姓名", "Name"), T.TEXT),
        Column(L("金额", "Amount"), T.MONEY),
        Column(L("办理", "Count"), T.INT, unit=TIMES),
        Column(L("比率", "Rate"), T.PERCENT),
    )
    signatures = (L("制表", "Prepared by"), L("复核", "Reviewed by"))

    def rows(self, ctx):
        yield ("张三", 12, 3, 0.621)


class WideSheet(Sheet):
    key = "test_wide"
    title = L("宽表", "Wide")
    columns = (
        Column(L("工号", "Employee no."), T.TEXT, width=10),
        Column(L("姓名", "Name"), T.TEXT, width=14),
        *(Column(L(f"项目{i}", f"Item {i}"), T.INT) for i in range(25)),
    )

    def rows(self, ctx):
        yield ("E1", "张三", *range(25))


class OneColumnSheet(Sheet):
    key = "test_one"
    title = L("单列", "One column")
    columns = (Column(L("数值", "Value"), T.AUTO),)
    totals = False
    signatures = (L("稽核", "Auditor"),)

    def rows(self, ctx):
        yield (Typed(0.5, T.PERCENT),)
        yield (Typed(None, T.PERCENT),)


def _write(tmp_path, sheets, language="zh-hans", info=INFO):
    ctx = SheetContext(kind="test", start=DAY, end=DAY, stores=[STORE])
    path = tmp_path / f"p-{language}.xlsx"
    with translation.override(language):
        write_workbook(path, [(s, ctx) for s in sheets], info=info)
    return openpyxl.load_workbook(path)


def test_it_sets_a4_upright_one_page_wide_with_the_header_row_repeated(tmp_path):
    ws = _write(tmp_path, [NarrowSheet()])["窄表"]
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)
    assert ws.print_title_rows.replace("$", "") == "1:1"
    assert ws.print_title_cols is None  # fits upright: nothing to repeat
    assert ws.page_margins.left == pytest.approx(0.4)
    assert ws.print_options.horizontalCentered


def test_it_prints_a_wide_sheet_across_with_its_identifying_columns_repeated(tmp_path):
    ws = _write(tmp_path, [WideSheet()])["宽表"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_cols.replace("$", "") == "A:B"  # staff number and name
    assert ws.print_title_rows.replace("$", "") == "1:1"
    assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)


def test_it_spreads_a_very_wide_sheet_over_pages_wide_rather_than_shrink_it_illegible(
        tmp_path):
    class VeryWide(WideSheet):
        key = "test_very_wide"
        columns = (*WideSheet.columns, *(Column(L(f"附加{i}", f"Extra {i}"), T.INT)
                                         for i in range(25)))

        def rows(self, ctx):
            yield ("E1", "张三", *range(50))

    ws = _write(tmp_path, [VeryWide()])["宽表"]
    assert int(ws.page_setup.fitToWidth) == 2
    assert ws.print_title_cols.replace("$", "") == "A:B"


def test_it_prints_the_title_scope_period_pages_and_generation_time(tmp_path):
    ws = _write(tmp_path, [NarrowSheet()])["窄表"]
    assert ws.oddHeader.left.text == "营业厅日报"
    assert ws.oddHeader.center.text == "A001 和平路&&营业厅"  # a literal & is doubled
    assert ws.oddHeader.right.text == "2025-03-12"
    assert ws.oddFooter.center.text == "第 &P 页 / 共 &N 页"
    assert ws.oddFooter.right.text == "生成时间 2025-03-12 21:30"
    assert ws.oddFooter.left.text == "窄表"
    en = _write(tmp_path, [NarrowSheet()], language="en")["Narrow"]
    assert en.oddFooter.center.text == "Page &P of &N"
    assert en.oddFooter.right.text == "Generated 2025-03-12 21:30"


def test_it_aligns_number_headers_right_and_names_their_units(tmp_path):
    ws = _write(tmp_path, [NarrowSheet()])["窄表"]
    header = list(ws.iter_rows(min_row=1, max_row=1))[0]
    assert [c.value for c in header] == ["姓名", "金额（元）", "办理（次）", "比率（%）"]
    assert header[0].alignment.horizontal in (None, "general", "left")
    assert [c.alignment.horizontal for c in header[1:]] == ["right"] * 3
    assert ws.cell(row=2, column=4).number_format == "0.0%"
    en = _write(tmp_path, [NarrowSheet()], language="en")["Narrow"]
    assert [c.value for c in en[1]] == ["Name", "Amount (yuan)", "Count (times)", "Rate (%)"]


def test_it_writes_signature_and_date_lines_after_the_totals(tmp_path):
    ws = _write(tmp_path, [NarrowSheet()])["窄表"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[2][0] == "合计"
    signature_rows = rows[3:]
    text = [v for r in signature_rows for v in r if v]
    assert text[:2] == ["制表：" + "_" * 14, "复核：" + "_" * 14]
    assert text.count("日期：" + "_" * 12) == 2
    assert all(v is None for v in signature_rows[0])  # a blank row before them


def test_it_puts_signers_one_a_row_on_a_narrow_sheet_and_typed_values_keep_their_format(
        tmp_path):
    ws = _write(tmp_path, [OneColumnSheet()])["单列"]
    assert ws.cell(row=2, column=1).value == 0.5
    assert ws.cell(row=2, column=1).number_format == "0.0%"
    values = [c.value for r in ws.iter_rows() for c in r if c.value]
    assert values[-1] == "稽核：" + "_" * 14 + "  日期：" + "_" * 12


def test_every_sheet_of_the_store_daily_workbook_prints_with_header_and_signatures(
        seeded, run_on_commit):  # noqa: F811
    report = run_on_commit(Kind.STORE_DAILY, DAY, store=seeded.store_a)
    wb = open_workbook(report)
    store = seeded.store_a
    for ws in wb.worksheets:
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4, ws.title
        assert ws.print_title_rows.replace("$", "") == "1:1", ws.title
        assert ws.oddHeader.left.text == "营业厅日报"
        assert ws.oddHeader.center.text == f"{store.code} {store.name}"
        assert ws.oddHeader.right.text == f"{DAY:%Y-%m-%d}"
        assert ws.oddFooter.center.text == "第 &P 页 / 共 &N 页"
        assert ws.oddFooter.right.text.startswith("生成时间 20")
    summary = {r[0].value: r[1] for r in wb["概况"].iter_rows(min_row=2) if r[0].value}
    rate = summary["检查完成率"]
    assert rate.value is None or rate.number_format == "0.0%"  # never a plain 62.1

    def signers(ws):
        return [c.value.split("：")[0] for r in ws.iter_rows() for c in r
                if isinstance(c.value, str) and c.value.endswith("_" * 14)]

    assert signers(wb["概况"]) == ["制表", "复核", "厅经理"]
    assert signers(wb["营业日报"]) == ["业务受理员", "收款人", "稽核"]
    assert signers(wb["长短款登记"]) == ["业务受理员", "收款人", "值班经理"]
    wide = wb["现金核对"]
    assert wide.page_setup.orientation == "landscape"
    assert wide.print_title_cols.replace("$", "") == "A:C"
