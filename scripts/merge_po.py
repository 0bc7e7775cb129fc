"""Carry translations from other .po files into a freshly extracted one.

Used after merging branches: re-run `make messages`, then
    python scripts/merge_po.py locale/zh_Hans/LC_MESSAGES/django.po OTHER.po [OTHER.po …]
fills every empty msgstr whose msgid one of the others translates.
"""

import sys

import polib


def main(target: str, *sources: str) -> None:
    memory = {}
    for source in sources:
        for entry in polib.pofile(source):
            if entry.translated() and not entry.obsolete:
                memory.setdefault((entry.msgctxt, entry.msgid), entry)
    po = polib.pofile(target)
    filled = 0
    for entry in po:
        known = memory.get((entry.msgctxt, entry.msgid))
        if known is None or entry.translated():
            continue
        entry.msgstr = known.msgstr
        entry.msgstr_plural = dict(known.msgstr_plural)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    po.save()
    print(f"{target}: filled {filled}; untranslated left {len(po.untranslated_entries())}")


if __name__ == "__main__":
    main(*sys.argv[1:])
