"""Compile locale/*/LC_MESSAGES/django.po to .mo with polib (no GNU gettext needed)."""

import pathlib

import polib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> None:
    for po_path in sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        po.metadata_is_fuzzy = False
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        if po_path.parts[-3] == "zh_Hans":
            po.metadata["Language"] = "zh_Hans"
            po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        po.save()
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(ROOT)}: {po.percent_translated()}% translated")


if __name__ == "__main__":
    main()
