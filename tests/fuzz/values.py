"""Hypothesis strategies for hostile form and query values."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

# Values that broke (or could break) a page: overflowing dates, numbers past any column,
# redirect targets that are view names or other sites, NUL bytes PostgreSQL refuses.
HOSTILE = [
    "", " ", "0", "-1", "1", "2", "-0", "00", "007", "+5", "1e309", "1E+2", "-1e-7", "NaN", "nan",
    "Infinity", "-inf", "inf", "sNaN", "99999999999999999999999", "-99999999999999999999",
    "2147483648", "9223372036854775808", "0.001", "1.005", "0.5", "-0.01", "1,000.00", "１２３",
    "12345678901.99", "999999999999.99", "٣", "9999-12-31", "0001-01-01", "0000-00-00", "2024-02-30",
    "9999-12", "0001-01", "2024-13", "1999-12-31", "2100-01-01", "9999-12-31T23:59",
    "0001-01-01T00:00", "9999-12-31 23:59:59", "2024-01-01T25:61", "2024-W01", "2024-01-01",
    "12:00", "24:00", "99:99", "//evil.example", "https://evil.example/", "/\\evil.example",
    "javascript:alert(1)", "/accounts/login/", "home", "store_manager:home", "clerk:home",
    "<script>alert(1)</script>", "' OR 1=1 --", "%00", "\x00", "a\x00b", "\u202e", "😀😀😀",
    "测试内容", "a" * 300, "9" * 60, "x" * 5000, "true", "false", "on", "None", "null", "[]", "{}",
    "1:1", "999999:999999", "-1:-1", "a:b", "cell", "../../etc/passwd",
]

_dates = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
_datetimes = st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31, 23, 59))

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
    st.floats().map(repr),
    _dates.map(datetime.date.isoformat),
    _dates.map(lambda d: d.strftime("%Y-%m") if d.year >= 1000 else f"{d.year:04d}-{d.month:02d}"),
    _datetimes.map(lambda m: m.isoformat(timespec="minutes")),
)


def value_for(spec, extra_ids=()) -> st.SearchStrategy:
    """A value of one field: what the page offers, another store's ids, or something hostile."""
    offered = [v for v in spec.options if isinstance(v, str)]
    choices = [st.sampled_from(offered)] if offered else []
    if extra_ids:
        choices.append(st.sampled_from([str(i) for i in extra_ids]))
    one = st.one_of(*choices, hostile_text) if choices else hostile_text
    if spec.kind == "file":
        return st.binary(max_size=2000).map(lambda b: SimpleUploadedFile("boss.xlsx", b))
    if spec.multiple or spec.kind == "checkbox":
        return st.lists(one, max_size=3)
    return one
