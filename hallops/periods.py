"""Calendar periods in one place: month bounds, month and week navigation, the clock
tolerance for "not in the future", and the dates a page accepts from its query string.

Pages read `date`, `week` and `month` only through `query_day` / `query_month`, which accept
days inside [EARLIEST, LATEST]. A year such as 9999 or 0001 passes a date field but overflows
one step of arithmetic later (the next week, the month's end as a datetime), and no business
data lies outside the window. Navigation returns None rather than step out of it.
"""

import calendar
import datetime
import re

from django.utils import timezone

from hallops.businessdate import week_start

# Clocks of tills, phones and PCs drift: a moment up to this far ahead of the server still
# counts as "now" when a form refuses times in the future.
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2099, 12, 31)

MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
DAY_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def in_window(day: datetime.date) -> bool:
    return EARLIEST <= day <= LATEST


def month_dates(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day (both inclusive) of the month containing `day`."""
    first = day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_moments(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Aware [first 00:00, first of the next month 00:00) in local time, for timestamps."""
    first, last = month_dates(day)
    return day_moments(first, last)


def day_moments(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime,
                                                                     datetime.datetime]:
    """Aware [first 00:00, the day after last 00:00) in local time: a week's or month's."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time(0), tzinfo=tz)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(0), tzinfo=tz)
    return start, end


def previous_month(day: datetime.date) -> datetime.date | None:
    """First day of the month before `day`'s, or None outside the window."""
    before = shift_days(day.replace(day=1), -1)
    return before.replace(day=1) if before else None


def following_month(day: datetime.date) -> datetime.date | None:
    """First day of the month after `day`'s, or None outside the window."""
    return shift_days(month_dates(day)[1], 1)


def month_nav(day: datetime.date) -> dict:
    """Template context of a month page: `month` (its first day), `prev_month`, `next_month`."""
    return {"month": day.replace(day=1), "prev_month": previous_month(day),
            "next_month": following_month(day)}


def shift_days(day: datetime.date, days: int) -> datetime.date | None:
    """`day` moved by `days`, or None when that leaves the window (a disabled link)."""
    if not (EARLIEST - day).days <= days <= (LATEST - day).days:
        return None
    return day + datetime.timedelta(days=days)


def week_nav(monday: datetime.date) -> dict:
    return {"prev_week": shift_days(monday, -7), "next_week": shift_days(monday, 7)}


def parse_day(value) -> datetime.date | None:
    """A YYYY-MM-DD inside the window, or None for anything else."""
    if not isinstance(value, str) or not DAY_PATTERN.match(value):
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return day if in_window(day) else None


def parse_month(value) -> datetime.date | None:
    """The first day of a YYYY-MM month inside the window, or None for anything else."""
    match = MONTH_PATTERN.match(value) if isinstance(value, str) else None
    if not match:
        return None
    first = datetime.date(int(match.group(1)), int(match.group(2)), 1)
    return first if in_window(first) else None


def query_day(query, name: str, default: datetime.date) -> datetime.date:
    """The day in `query[name]` (a QueryDict or dict), else `default`."""
    return parse_day(query.get(name)) or default


def query_week(query, name: str, default: datetime.date) -> datetime.date:
    """Monday of the week holding the day in `query[name]`, else of `default`'s week.

    The Monday of EARLIEST's week falls a few days before it; week pages stop their links at
    the window's edges (`week_nav`), so no arithmetic runs far outside it.
    """
    return week_start(query_day(query, name, default))


def query_month(query, name: str, default: datetime.date) -> datetime.date:
    """First day of the month in `query[name]` (YYYY-MM), else of `default`'s month."""
    return parse_month(query.get(name)) or default.replace(day=1)

