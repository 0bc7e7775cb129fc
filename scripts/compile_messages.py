"""Compile locale/*/LC_MESSAGES/django.po to .mo with polib (no GNU gettext needed)."""

import pathlib

import polib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> None:
    for po_path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po")):
        if ".venv" in po_path.parts:
            continue
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(ROOT)}: {po.percent_translated()}% translated")


if __name__ == "__main__":
    main()
