"""hallops.periods: month bounds, navigation that stays in the window, and query dates of
year 9999 or 0001 answered with a page instead of an OverflowError (a 500)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hallops import periods

D = datetime.date


def test_it_gives_the_month_as_dates_and_as_local_moments():
    assert periods.month_dates(D(2024, 2, 17)) == (D(2024, 2, 1), D(2024, 2, 29))
    assert periods.month_dates(D(2023, 12, 31)) == (D(2023, 12, 1), D(2023, 12, 31))
    start, end = periods.month_moments(D(2023, 12, 5))
    assert timezone.localtime(start).replace(tzinfo=None) == datetime.datetime(2023, 12, 1)
    assert timezone.localtime(end).replace(tzinfo=None) == datetime.datetime(2024, 1, 1)
    assert start.tzinfo is not None


def test_it_navigates_months_and_weeks_but_not_out_of_the_window():
    assert periods.month_nav(D(2024, 1, 20)) == {
        "month": D(2024, 1, 1), "prev_month": D(2023, 12, 1), "next_month": D(2024, 2, 1)}
    assert periods.previous_month(D(2000, 1, 15)) is None
    assert periods.following_month(D(2099, 12, 1)) is None
    assert periods.week_nav(D(2024, 1, 1)) == {"prev_week": D(2023, 12, 25),
                                               "next_week": D(2024, 1, 8)}
    assert periods.week_nav(D(2099, 12, 28))["next_week"] is None
    assert periods.shift_days(D(2000, 1, 5), -14) is None
    # Far outside the window (a caller's bug) still answers None instead of overflowing.
    assert periods.shift_days(D(9999, 12, 31), 1) is None
    assert periods.following_month(D(9999, 12, 1)) is None
    assert periods.previous_month(D(1, 1, 1)) is None


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01",
                                   "2024-02-30", "20240101", "2024-1-1", "", None, "２０２４-０１-０１",
                                   "2024-01-01T00:00", ["2024-01-01"]])
def test_it_refuses_query_days_outside_the_window_or_malformed(value):
    assert periods.parse_day(value) is None
    assert periods.query_day({"date": value}, "date", D(2024, 5, 6)) == D(2024, 5, 6)


@pytest.mark.parametrize("value", ["9999-12", "0001-01", "1999-12", "2100-01", "2024-13",
                                   "2024-00", "2024-1", "", None, "2024-01-01"])
def test_it_refuses_query_months_outside_the_window_or_malformed(value):
    assert periods.parse_month(value) is None
    assert periods.query_month({"month": value}, "month", D(2024, 5, 6)) == D(2024, 5, 1)


def test_it_reads_good_query_dates():
    assert periods.query_day({"d": "2024-02-29"}, "d", D(2020, 1, 1)) == D(2024, 2, 29)
    assert periods.query_week({"w": "2024-01-04"}, "w", D(2020, 1, 1)) == D(2024, 1, 1)
    assert periods.query_month({"m": "2099-12"}, "m", D(2020, 1, 1)) == D(2099, 12, 1)


# (persona, URL name, URL kwargs, query parameter): every page reading a date from the query.
DATED_PAGES = [
    ("sm_a", "store_manager:roster", None, "week"),
    ("sm_a", "store_manager:cash", None, "week"),
    ("sm_a", "store_manager:store_report", None, "date"),
    ("sm_a", "store_manager:attendance", None, "month"),
    ("sm_a", "store_manager:targets", None, "month"),
    ("sm_a", "store_manager:progress", None, "month"),
    ("sm_a", "store_manager:progress_chart", None, "month"),
    ("sm_a", "store_manager:service_records", None, "month"),
    ("sm_a", "store_manager:kpi", None, "month"),
    ("sm_a", "store_manager:complaint_kpi", None, "month"),
    ("sm_a", "store_manager:complaint_kpi_chart", {"kind": "category"}, "month"),
    ("sm_a", "store_manager:complaint_kpi_chart", {"kind": "week"}, "month"),
    ("clerk_a", "clerk:progress", None, "month"),
    ("clerk_a", "clerk:progress_chart", None, "month"),
    ("dm_a", "duty_manager:cash_board", None, "day"),
    ("supervisor", "supervisor:complaint_kpi", None, "month"),
    ("supervisor", "supervisor:complaint_kpi_chart", {"kind": "category"}, "month"),
    ("supervisor", "supervisor:complaint_kpi_chart", {"kind": "week"}, "month"),
]
EDGE_VALUES = {"month": ["9999-12", "0001-01", "2099-12", "2000-01"],
               "week": ["9999-12-31", "0001-01-01", "2099-12-31", "2000-01-01"],
               "date": ["9999-12-31", "0001-01-01", "2099-12-31", "2000-01-01"],
               "day": ["9999-12-31", "0001-01-01", "2099-12-31", "2000-01-01"]}


@pytest.mark.parametrize(("persona", "url_name", "kwargs", "param"), DATED_PAGES,
                         ids=[f"{u}-{(k or {}).get('kind', '')}" for _p, u, k, _q in DATED_PAGES])
def test_it_answers_pages_of_year_9999_or_0001_without_an_error(world, persona, url_name, kwargs,
                                                                param):
    client = Client(raise_request_exception=False)
    client.force_login(getattr(world, persona))
    url = reverse(url_name, kwargs=kwargs)
    for value in EDGE_VALUES[param]:
        response = client.get(url, {param: value})
        assert response.status_code == 200, (url, value, response.status_code)
        body = response.content.decode(errors="replace")
        # Navigation links stay inside the window.
        for bad in ("9999-", "0001-", "2100-", "1999-"):
            assert f'href="?{param}={bad}' not in body, (url, value, bad)
