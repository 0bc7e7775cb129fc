"""Sheets of the workbooks, and the registry that puts them in each workbook.

A sheet is a class with a bilingual title, typed columns and a `rows(ctx)` generator; it
joins workbooks with `@register_sheet(kinds=…, order=…)`. A feature adds its sheet by adding
a module here (and importing it in `reports/sheets/_all.py`); the engine never changes.
See reports/README.md.
"""

from __future__ import annotations

import contextvars
import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import get_language

from hallops.money import ZERO


@dataclass(frozen=True)
class L:
    """A label in both languages of the workbooks."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.en if (get_language() or "").startswith("en") else self.zh


class T(StrEnum):
    """Column types: how a value is written and whether it is summed."""

    TEXT = "text"
    INT = "int"
    MONEY = "money"
    DATE = "date"
    DATETIME = "datetime"
    PERCENT = "percent"
    AUTO = "auto"  # by the value's Python type (used by label/value sheets)


# Units shown in a column's header: money and percentages get theirs by type; counts
# declare `unit=TIMES` (or another L) themselves.
YUAN = L("元", "yuan")
PERCENT_UNIT = L("%", "%")
TIMES = L("次", "times")
MINUTES = L("分钟", "min")
_DEFAULT_UNITS = {T.MONEY: YUAN, T.PERCENT: PERCENT_UNIT}
NUMERIC_TYPES = (T.INT, T.MONEY, T.PERCENT)


@dataclass(frozen=True)
class Column:
    title: L
    type: T = T.TEXT
    width: int | None = None
    # Summed in the totals row; by default money and integer columns are.
    total: bool | None = None
    # The unit in the header ("现金（元）"); money and percent columns have theirs by default.
    unit: L | None = None

    @property
    def header(self) -> str:
        """The title with its unit, unless the title already names it."""
        title = str(self.title)
        unit = self.unit or _DEFAULT_UNITS.get(self.type)
        if unit is None or str(unit) in title:
            return title
        english = (get_language() or "").startswith("en")
        return f"{title} ({unit})" if english else f"{title}（{unit}）"

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    @property
    def summed(self) -> bool:
        return self.total if self.total is not None else self.type in (T.INT, T.MONEY)

    @property
    def display_width(self) -> int:
        if self.width:
            return self.width
        return {T.MONEY: 14, T.INT: 10, T.DATE: 12, T.DATETIME: 17, T.PERCENT: 9}.get(self.type, 16)


@dataclass
class SheetContext:
    """What a sheet reads: one store (or the region's stores) over [start, end]."""

    kind: str
    start: datetime.date
    end: datetime.date
    stores: Sequence  # the stores of this sheet (one for a store workbook)
    region: object | None = None
    today: datetime.date | None = None
    # The day to whose close the figures run, when the period holds days after it that are
    # not read as they are (the yearly leaves the open day out): printed in the header.
    through: datetime.date | None = None
    # Every store of the workbook, and a cache shared by its sheets, so that a sheet repeated
    # per store can read all stores in one query (see ByDaySheet).
    scope_stores: Sequence = ()
    cache: dict = field(default_factory=dict)

    def __post_init__(self):
        if not self.scope_stores:
            self.scope_stores = list(self.stores)

    def cached(self, key: str, compute):
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    @property
    def store(self):
        return self.stores[0] if len(self.stores) == 1 else None

    def days(self) -> Iterator[datetime.date]:
        day = self.start
        while day <= self.end:
            yield day
            day += datetime.timedelta(days=1)

    def for_store(self, store) -> SheetContext:
        return SheetContext(kind=self.kind, start=self.start, end=self.end, stores=[store],
                            region=self.region, today=self.today, through=self.through,
                            scope_stores=self.scope_stores, cache=self.cache)


@dataclass(frozen=True)
class Typed:
    """A value of an AUTO column written as `type` (a percentage among counts and money)."""

    value: object
    type: T


class Sheet:
    """Subclass and register. `rows` yields sequences in column order.

    The engine gives every sheet its page setup from its shape (see reports/README.md);
    `signatures` adds signature lines after the data (制表 / 复核 / 厅经理 …).
    """

    key: str = ""
    title: L = L("", "")
    columns: Sequence[Column] = ()
    totals: bool = True
    # Regional workbooks: a per-store sheet is repeated once for each store of the region.
    per_store: bool = False
    # Who signs this sheet on paper, in order: each gets a line and a date line.
    signatures: Sequence[L] = ()

    def sheet_title(self, ctx: SheetContext) -> str:
        if self.per_store and ctx.store is not None:
            return f"{ctx.store.code} {ctx.store.name}"
        return str(self.title)

    def rows(self, ctx: SheetContext) -> Iterable[Sequence]:
        raise NotImplementedError


@dataclass(frozen=True)
class _Registered:
    sheet: type[Sheet]
    kinds: tuple[str, ...]
    order: int


_registry: list[_Registered] = []


def register_sheet(*, kinds: Iterable[str], order: int = 100):
    """Class decorator: put this sheet in the workbooks of `kinds`, sorted by `order`."""

    def decorator(cls: type[Sheet]) -> type[Sheet]:
        assert cls.key, f"{cls.__name__} needs a key"
        _registry[:] = [r for r in _registry if r.sheet.key != cls.key]
        _registry.append(_Registered(cls, tuple(str(k) for k in kinds), order))
        return cls

    return decorator


def unregister_sheet(key: str) -> None:
    _registry[:] = [r for r in _registry if r.sheet.key != key]


def sheets_for(kind: str) -> list[Sheet]:
    from . import _all  # noqa: F401  (registers the built-in sheets)

    return [r.sheet() for r in sorted(_registry, key=lambda r: (r.order, r.sheet.key))
            if str(kind) in r.kinds]


@dataclass(frozen=True)
class Headline:
    """A figure shown for each store: in the summary sheets and the regional store table."""

    key: str
    title: L
    type: T
    # function(stores, start, end, today) -> {store_id: value}
    compute: object
    order: int = 100


_headlines: list[Headline] = []


def register_headline(*, key: str, title: L, type: T = T.INT, order: int = 100):
    """Decorator for function(stores, start, end, today) -> {store_id: value}."""

    def decorator(func):
        _headlines[:] = [h for h in _headlines if h.key != key]
        _headlines.append(Headline(key, title, type, func, order))
        return func

    return decorator


def headlines() -> list[Headline]:
    from . import _all  # noqa: F401

    return sorted(_headlines, key=lambda h: (h.order, h.key))


_shared: contextvars.ContextVar[dict | None] = contextvars.ContextVar("headline_cache",
                                                                      default=None)


def shared(key, compute):
    """`compute()`, computed once for all the headlines of one `headline_values` call.

    Several figures often come from one read (the cash totals give takings, overage,
    shortage and hand-ins); each headline asks for it by the same key and the first one pays.
    Given a workbook's cache (`SheetContext.cache`), the sheets share those reads too. Outside
    `headline_values` it simply computes, so nothing stale is ever kept.
    """
    cache = _shared.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def headline_values(stores, start, end, today, *, cache: dict | None = None
                    ) -> dict[int, dict[str, object]]:
    """{store_id: {headline key: value}}: one query or so per headline, for all stores.

    `cache`: the workbook's (ctx.cache), so that headlines and sheets read shared figures once.
    """
    out: dict[int, dict[str, object]] = {s.pk: {} for s in stores}
    token = _shared.set(cache if cache is not None else {})
    try:
        for h in headlines():
            values = h.compute(stores, start, end, today)
            zero = ZERO if h.type == T.MONEY else 0
            for store_id, row in out.items():
                row[h.key] = values.get(store_id, zero)
    finally:
        _shared.reset(token)
    return out


__all__ = ["MINUTES", "NUMERIC_TYPES", "TIMES", "YUAN", "Column", "Headline", "L", "Sheet",
           "SheetContext", "T", "Typed", "headline_values",
           "headlines", "register_headline", "register_sheet", "shared", "sheets_for",
           "unregister_sheet"]
