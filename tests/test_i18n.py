"""The catalogues are complete for what exists, and the compiled files match them."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


def _po(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def test_it_translates_every_message_into_chinese():
    po = _po("zh_Hans")
    untranslated = [e.msgid for e in po if not e.translated() and not e.obsolete]
    assert not untranslated, f"untranslated: {untranslated[:20]}"
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"


def test_it_keeps_placeholders_in_translations():
    for entry in _po("zh_Hans").translated_entries():
        wanted = sorted(set(PLACEHOLDER.findall(entry.msgid)))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert sorted(set(PLACEHOLDER.findall(text))) == wanted, entry.msgid


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_it_ships_compiled_catalogues_matching_the_sources(language):
    po = _po(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo if e.msgid}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
    assert compiled == source, "run `make messages` (scripts/compile_messages.py)"


@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="needs GNU gettext: apt-get install gettext"
)
def test_it_has_every_source_string_in_the_catalogue(tmp_path, settings, monkeypatch):
    """Re-extract the strings into a scratch folder: nothing may be missing from ours."""
    # A scratch tree of links to the sources, without our locale/, so nothing is written back.
    tree = tmp_path / "src"
    tree.mkdir()
    for name in ("hallops", "roles", "complaints", "reports", "people", "templates", "static"):
        if (Path(settings.BASE_DIR) / name).exists():
            (tree / name).symlink_to(Path(settings.BASE_DIR) / name)
    out = tmp_path / "locale"
    out.mkdir()
    settings.LOCALE_PATHS = [str(out)]
    monkeypatch.chdir(tree)
    call_command(
        "makemessages",
        locale=["zh_Hans"],
        no_location=True,
        verbosity=0,
        symlinks=True,
        ignore_patterns=["*/migrations/*"],
    )
    fresh = {e.msgid for e in polib.pofile(str(out / "zh_Hans/LC_MESSAGES/django.po")) if e.msgid}
    ours = {e.msgid for e in _po("zh_Hans")}
    missing = sorted(fresh - ours)
    assert fresh, "extraction found no strings"
    assert not missing, f"strings missing from the catalogue (run `make messages`): {missing[:20]}"
