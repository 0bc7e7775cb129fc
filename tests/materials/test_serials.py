"""Serial-range parsing under hostile input (Hypothesis): it either refuses with a DomainError
or returns sorted, disjoint ranges that hold exactly the numbers typed."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallops.exceptions import DomainError
from materials import serials

LENGTH, PREFIX = 10, "50"


def fmt(n):
    return serials.format_serial(n, length=LENGTH, prefix=PREFIX)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_it_never_fails_on_arbitrary_text(text):
    try:
        ranges = serials.parse_ranges(text, length=LENGTH, prefix=PREFIX)
    except DomainError as error:
        assert error.message
        return
    assert ranges == serials.normalize(ranges)
    for a, b in ranges:
        assert 0 <= a <= b < 10 ** (LENGTH - len(PREFIX))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10 ** 8 - 1), st.integers(0, 50)), min_size=1,
                max_size=8))
def test_it_reads_back_disjoint_ranges_it_wrote(pairs):
    ranges = serials.normalize([(a, min(a + d, 10 ** 8 - 1)) for a, d in pairs])
    text = serials.format_ranges(ranges, length=LENGTH, prefix=PREFIX)
    assert serials.parse_ranges(text, length=LENGTH, prefix=PREFIX) == ranges


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10 ** 6), st.integers(0, 100), st.integers(1, 100))
def test_it_refuses_overlapping_ranges(a, d, overlap):
    first = (a, a + d)
    second = (a + d - min(overlap - 1, d), a + d + 5)
    text = f"{fmt(first[0])}-{fmt(first[1])}, {fmt(second[0])}-{fmt(second[1])}"
    with pytest.raises(DomainError, match="overlap"):
        serials.parse_ranges(text, length=LENGTH, prefix=PREFIX)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 20)), max_size=6),
       st.lists(st.tuples(st.integers(0, 300), st.integers(0, 20)), max_size=6))
def test_set_arithmetic_matches_python_sets(xs, ys):
    xs = [(a, a + d) for a, d in xs]
    ys = [(a, a + d) for a, d in ys]

    def as_set(rs):
        return {n for a, b in rs for n in range(a, b + 1)}

    assert as_set(serials.subtract(xs, ys)) == as_set(xs) - as_set(ys)
    assert as_set(serials.intersect(xs, ys)) == as_set(xs) & as_set(ys)
    assert serials.count(serials.normalize(xs)) == len(as_set(xs))
    gaps = serials.gaps(xs)
    if xs:
        lo, hi = min(a for a, _ in xs), max(b for _, b in xs)
        assert as_set(gaps) == set(range(lo, hi + 1)) - as_set(xs)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 20)), max_size=8),
       st.integers(-2, 320), st.integers(0, 30))
def test_adding_and_removing_one_range_matches_normalize_and_subtract(xs, a, d):
    """The ledger replay's bisecting add/remove equal the general operations."""
    xs = serials.normalize([(x, x + dx) for x, dx in xs])
    assert serials.add(xs, (a, a + d)) == serials.normalize([*xs, (a, a + d)])
    assert serials.remove(xs, (a, a + d)) == serials.subtract(xs, [(a, a + d)])


def test_it_refuses_reversed_wrong_length_and_prefix():
    with pytest.raises(DomainError, match="reversed"):
        serials.parse_ranges(f"{fmt(9)}-{fmt(3)}", length=LENGTH, prefix=PREFIX)
    with pytest.raises(DomainError, match="characters"):
        serials.parse_ranges("501", length=LENGTH, prefix=PREFIX)
    with pytest.raises(DomainError, match="does not start with"):
        serials.parse_ranges("1000000001", length=LENGTH, prefix=PREFIX)
    with pytest.raises(DomainError, match="followed by digits"):
        serials.parse_ranges("50０００００００1", length=LENGTH, prefix=PREFIX)
    assert serials.parse_ranges(f"{fmt(1)}~{fmt(3)}；{fmt(4)}", length=LENGTH,
                                prefix=PREFIX) == [(1, 4)]
