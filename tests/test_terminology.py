"""One Chinese term per concept (docs/GLOSSARY.md): the catalogue, the workbooks and the
English labels keep to it."""

import re
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _entries():
    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    for entry in po.translated_entries():
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            yield entry, text


def test_it_calls_the_clerk_role_only_业务受理员():
    wrong = [(e.msgid, text) for e, text in _entries()
             if "营业员" in text or re.search(r"(?<!业务)受理员", text)]
    assert wrong == []


def test_it_calls_the_duty_log_only_值班经理日志():
    assert [(e.msgid, text) for e, text in _entries() if "值班日志" in text] == []


def test_it_keeps_营业日报_for_the_clerks_report_and_营业厅日报_for_the_stores_day():
    stores_day = re.compile(r"store'?s? day|store daily", re.IGNORECASE)
    wrong = []
    for entry, text in _entries():
        if stores_day.search(entry.msgid) and "营业厅日报" not in text:
            wrong.append((entry.msgid, text))
        if "营业日报" in text.replace("营业厅日报", "") and stores_day.search(entry.msgid) \
                and "clerk" not in entry.msgid:
            wrong.append((entry.msgid, text))
    assert wrong == []


def test_it_tells_the_next_deadline_from_the_next_page():
    with translation.override("zh-hans"):
        assert translation.pgettext("deadline", "Next") == "下一时限"
        assert translation.gettext("Next") == "下一页"


def test_it_writes_english_labels_without_chinese():
    """Chinese stays in the zh catalogue; an English msgid carries no Chinese term in
    brackets (two that quote the Chinese column titles of an import file excepted)."""
    quoted_file_titles = ("Columns: 业务编码", "First sheet, first row titles: 工号")
    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    wrong = [e.msgid for e in po
             if CJK.search(e.msgid) and not e.msgid.startswith(quoted_file_titles)
             # A notification id stored in old rows; English shows the en catalogue's text.
             and "has gone beyond the store (越级)" not in e.msgid]
    assert wrong == []


def test_it_names_workbook_sheets_with_the_chosen_terms(db):
    from reports.models import Kind
    from reports.sheets import (
        _all,  # noqa: F401 - registers every sheet
        sheets_for,
    )

    sheets = {type(s): s for kind in Kind for s in sheets_for(kind)}.values()
    titles = [sheet.title.zh for sheet in sheets]
    columns = [c.title.zh for sheet in sheets for c in sheet.columns]
    assert "营业日报" in titles
    assert not [t for t in titles + columns if "营业员" in t or re.search(r"(?<!业务)受理员", t)]
