"""SLA clock arithmetic: pure functions over aware datetimes, no database.

A clock either runs on wall time (`week=None`) or counts only a store's opening hours
(a `WorkingWeek`). Deadlines are stored as concrete moments so queues sort and sweeps filter
in SQL; pausing while waiting for the customer moves them on resume by the time the clock
did not run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

ZERO = dt.timedelta(0)
# A limit longer than this many days of opening hours means the week has no open day.
_SEARCH_DAYS = 366 * 2


@dataclass(frozen=True)
class WorkingWeek:
    """Opening hours per weekday (index 0 = Monday): (opens, closes) or None when closed."""

    hours: tuple[tuple[dt.time, dt.time] | None, ...]
    tz: dt.tzinfo

    def __post_init__(self):
        if len(self.hours) != 7:
            raise ValueError("a working week has seven days")
        for day in self.hours:
            if day is not None and not day[0] < day[1]:
                raise ValueError("a day must open before it closes")

    @classmethod
    def every_day(cls, opens: dt.time, closes: dt.time, tz: dt.tzinfo) -> WorkingWeek:
        return cls(tuple((opens, closes) for _ in range(7)), tz)

    @property
    def has_open_day(self) -> bool:
        return any(self.hours)

    def day_bounds(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        hours = self.hours[day.weekday()]
        if hours is None:
            return None
        return (
            dt.datetime.combine(day, hours[0], tzinfo=self.tz),
            dt.datetime.combine(day, hours[1], tzinfo=self.tz),
        )

    def is_open(self, moment: dt.datetime) -> bool:
        bounds = self.day_bounds(moment.astimezone(self.tz).date())
        return bounds is not None and bounds[0] <= moment < bounds[1]


def _open_intervals(
    week: WorkingWeek, start: dt.datetime
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Open intervals from `start` onwards (the first one clipped to start)."""
    day = start.astimezone(week.tz).date()
    for _ in range(_SEARCH_DAYS):
        bounds = week.day_bounds(day)
        if bounds is not None and bounds[1] > start:
            yield max(bounds[0], start), bounds[1]
        day += dt.timedelta(days=1)


def working_time_between(
    start: dt.datetime, end: dt.datetime, week: WorkingWeek | None = None
) -> dt.timedelta:
    """How long the clock runs from start to end (zero when end is not after start)."""
    if end <= start:
        return ZERO
    if week is None:
        return end - start
    total = ZERO
    for opens, closes in _open_intervals(week, start):
        if opens >= end:
            break
        total += min(closes, end) - opens
    return total


def add_working_time(
    start: dt.datetime, duration: dt.timedelta, week: WorkingWeek | None = None
) -> dt.datetime:
    """The moment the clock, started at `start`, has run for `duration`.

    A limit that runs out exactly at closing time ends at closing time, not at the next
    opening.
    """
    if duration < ZERO:
        raise ValueError("a time limit cannot be negative")
    if week is None:
        return start + duration
    if not week.has_open_day:
        raise ValueError("the store is never open")
    if duration == ZERO:
        return start
    remaining = duration
    for opens, closes in _open_intervals(week, start):
        if closes - opens >= remaining:
            return opens + remaining
        remaining -= closes - opens
    raise ValueError("time limit too long")  # pragma: no cover - needs a two-year limit


def resume_deadline(
    deadline: dt.datetime,
    paused_at: dt.datetime,
    resumed_at: dt.datetime,
    week: WorkingWeek | None = None,
) -> dt.datetime:
    """A deadline moved by a pause: the time that was left at the pause starts again.

    A deadline already passed when the clock paused stays where it was (still overdue).
    """
    if resumed_at <= paused_at or deadline <= paused_at:
        return deadline
    left = working_time_between(paused_at, deadline, week)
    return add_working_time(resumed_at, left, week)


def due_state(now: dt.datetime, deadline: dt.datetime | None, warning: dt.timedelta) -> str:
    """ "overdue" once past the deadline, "due_soon" within `warning` of it, else "ok".

    At exactly the deadline the order is due, not yet overdue.
    """
    if deadline is None:
        return "ok"
    if now > deadline:
        return "overdue"
    if deadline - now <= warning:
        return "due_soon"
    return "ok"
