"""Serial numbers and ranges of serial-tracked items (SIM cards, value cards, invoice paper).

A serial is the item's prefix followed by digits, exactly `serial_length` characters long
(`8986` + 16 digits for an ICCID). Its number is the digits after the prefix, so a range
`first–last` is the numbers first..last inclusive, written back with the same zero padding.
Ranges are held as sorted, disjoint, non-adjacent (first, last) integer pairs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from django.utils.translation import gettext as _

from hallops.exceptions import DomainError

Range = tuple[int, int]
# "a-b", "a–b", "a~b", "a—b" or one serial; several separated by commas, semicolons or lines.
_SEPARATORS = re.compile(r"[,;，；\n\r]+")
_DASH = re.compile(r"\s*[-–—~至]\s*")
MAX_RANGES = 500


def parse_serial(text: str, *, length: int, prefix: str = "", field: str | None = None) -> int:
    value = (text or "").strip()
    if not value:
        raise DomainError(_("Enter a serial number."), field=field)
    if len(value) != length:
        raise DomainError(_("Serial number %(serial)s has %(got)s characters; this item's have "
                            "%(want)s.") % {"serial": value[:40], "got": len(value), "want": length},
                          field=field)
    if prefix and not value.startswith(prefix):
        raise DomainError(_("Serial number %(serial)s does not start with %(prefix)s.")
                          % {"serial": value, "prefix": prefix}, field=field)
    digits = value[len(prefix):]
    if not digits or not digits.isascii() or not digits.isdigit():
        raise DomainError(_("Serial number %(serial)s must be %(prefix)s followed by digits.")
                          % {"serial": value, "prefix": prefix or "", }, field=field)
    return int(digits)


def format_serial(number: int, *, length: int, prefix: str = "") -> str:
    return prefix + str(number).zfill(length - len(prefix))


def parse_range(first: str, last: str, *, length: int, prefix: str = "") -> Range:
    a = parse_serial(first, length=length, prefix=prefix, field="first_serial")
    b = parse_serial(last or first, length=length, prefix=prefix, field="last_serial")
    if b < a:
        raise DomainError(_("The range is reversed: the last serial comes before the first."),
                          field="last_serial")
    return (a, b)


def parse_ranges(text: str, *, length: int, prefix: str = "", field: str | None = None) -> list[Range]:
    """Ranges typed as text ("first-last, first-last", one serial alone is a range of one).
    Overlapping ranges are refused; adjacent ones are merged."""
    parts = [p.strip() for p in _SEPARATORS.split(text or "") if p.strip()]
    if len(parts) > MAX_RANGES:
        raise DomainError(_("At most %(n)s ranges at once.") % {"n": MAX_RANGES}, field=field)
    ranges: list[Range] = []
    for part in parts:
        bits = _DASH.split(part)
        if len(bits) > 2:
            raise DomainError(_("%(part)s is not a range: write first-last.") % {"part": part[:60]},
                              field=field)
        try:
            ranges.append(parse_range(bits[0], bits[-1], length=length, prefix=prefix))
        except DomainError as error:
            raise DomainError(error.message, field=field) from None
    ranges.sort()
    for (a1, b1), (a2, b2) in zip(ranges, ranges[1:], strict=False):
        if a2 <= b1:
            raise DomainError(_("Ranges %(one)s and %(two)s overlap.") % {
                "one": format_range((a1, b1), length=length, prefix=prefix),
                "two": format_range((a2, b2), length=length, prefix=prefix)}, field=field)
    return normalize(ranges)


def format_range(r: Range, *, length: int, prefix: str = "") -> str:
    a, b = r
    if a == b:
        return format_serial(a, length=length, prefix=prefix)
    return f"{format_serial(a, length=length, prefix=prefix)}–{format_serial(b, length=length, prefix=prefix)}"


def format_ranges(ranges: Iterable[Range], *, length: int, prefix: str = "") -> str:
    return ", ".join(format_range(r, length=length, prefix=prefix) for r in ranges)


def normalize(ranges: Iterable[Range]) -> list[Range]:
    """Sorted, merged (overlapping or adjacent ranges become one)."""
    out: list[Range] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + 1:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def count(ranges: Iterable[Range]) -> int:
    return sum(b - a + 1 for a, b in ranges)


def intersect(xs: list[Range], ys: list[Range]) -> list[Range]:
    out: list[Range] = []
    i = j = 0
    xs, ys = normalize(xs), normalize(ys)
    while i < len(xs) and j < len(ys):
        a = max(xs[i][0], ys[j][0])
        b = min(xs[i][1], ys[j][1])
        if a <= b:
            out.append((a, b))
        if xs[i][1] < ys[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(xs: list[Range], ys: list[Range]) -> list[Range]:
    """The parts of xs not in ys."""
    out: list[Range] = []
    ys = normalize(ys)
    for a, b in normalize(xs):
        start = a
        for c, d in ys:
            if d < start or c > b:
                continue
            if c > start:
                out.append((start, c - 1))
            start = max(start, d + 1)
            if start > b:
                break
        if start <= b:
            out.append((start, b))
    return out


def _start(r: Range) -> int:
    return r[0]


def _end(r: Range) -> int:
    return r[1]


def add(ranges: list[Range], r: Range) -> list[Range]:
    """`normalize(ranges + [r])` for already normalized `ranges`, without re-sorting them
    (a ledger replay adds one range per movement to lists of hundreds)."""
    a, b = r
    i = bisect_left(ranges, a - 1, key=_end)  # the first range ending at or after a - 1
    j = bisect_right(ranges, b + 1, key=_start)  # ranges[i:j] overlap or touch [a, b]
    if i < j:
        a, b = min(a, ranges[i][0]), max(b, ranges[j - 1][1])
    return [*ranges[:i], (a, b), *ranges[j:]]


def remove(ranges: list[Range], r: Range) -> list[Range]:
    """`subtract(ranges, [r])` for already normalized `ranges` (see `add`)."""
    a, b = r
    i = bisect_left(ranges, a, key=_end)  # the first range ending at or after a
    j = bisect_right(ranges, b, key=_start)  # ranges[i:j] overlap [a, b]
    if i >= j:
        return list(ranges)
    middle = []
    if ranges[i][0] < a:
        middle.append((ranges[i][0], a - 1))
    if ranges[j - 1][1] > b:
        middle.append((b + 1, ranges[j - 1][1]))
    return [*ranges[:i], *middle, *ranges[j:]]


def gaps(ranges: list[Range]) -> list[Range]:
    """The numbers missing between the first and the last range."""
    rs = normalize(ranges)
    return [(b1 + 1, a2 - 1) for (_a1, b1), (a2, _b2) in zip(rs, rs[1:], strict=False)]
