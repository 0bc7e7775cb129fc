"""The cockpit's tables as .xlsx / CSV (reports.listexport): today's table and the ranking."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from reports.listexport import Col, Kind, ListExport

from .cockpit import COLUMNS, rank_columns


def _cell(key):
    def read(row) -> str:
        cell = row.cell(key)
        return f"{cell.mark} {cell.level_label}: {cell.text}"
    return read


COCKPIT_EXPORT = ListExport(name="cockpit", title=_("Stores today"), columns=(
    Col(_("Code"), "store.code", width=10),
    Col(_("Store"), "store.name", width=20),
    *(Col(label, _cell(key), width=28) for key, label in COLUMNS),
))


def _fraction(value):
    return None if value is None else value / Decimal(100)


def _rate(kind):
    def read(row):
        return _fraction(row.rates.get(kind))
    return read


def ranking_export() -> ListExport:
    return ListExport(name="ranking", title=_("Store ranking"), columns=(
        Col(_("Rank"), lambda r: r.rank or None, Kind.INT, width=6),
        Col(_("Code"), "store.code", width=10),
        Col(_("Store"), "store.name", width=20),
        Col(_("Score"), lambda r: _fraction(r.score), Kind.PERCENT, width=8),
        Col(_("Places gained since the month before"), "rank_change", Kind.INT, width=10),
        Col(_("Score change since the month before"), lambda r: _fraction(r.score_change),
            Kind.PERCENT, width=10),
        *(Col(label, _rate(kind), Kind.PERCENT, width=14) for kind, label in rank_columns()),
    ))
