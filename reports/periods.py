"""Periods of workbooks and the next run of a schedule (calendar arithmetic only)."""

import datetime

from django.utils import timezone

from hallops.businessdate import week_start
from hallops.periods import month_dates

from .models import Kind


def period_for(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period of a `kind` workbook that contains `day`."""
    if kind == Kind.STORE_DAILY:
        return day, day
    if kind == Kind.STORE_WEEKLY:
        monday = week_start(day)
        return monday, monday + datetime.timedelta(days=6)
    if kind == Kind.REGION_YEARLY:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    return month_dates(day)


def scheduled_period(kind: str, run_day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period a schedule firing on `run_day` builds.

    Daily: that day (21:30, after closing). Weekly: the week so far (the Saturday report).
    Monthly: the previous month, complete, since the run is early in the next one.
    Yearly: the previous year (the run is in January).
    """
    if kind == Kind.REGION_YEARLY:
        return period_for(kind, run_day.replace(month=1, day=1) - datetime.timedelta(days=1))
    if kind in (Kind.STORE_MONTHLY, Kind.REGION_MONTHLY):
        return month_dates(run_day.replace(day=1) - datetime.timedelta(days=1))
    return period_for(kind, run_day)


def next_run(schedule, after: datetime.datetime | None = None) -> datetime.datetime:
    """The first moment strictly after `after` at which `schedule` fires (local time)."""
    after = timezone.localtime(after or timezone.now())
    tz = timezone.get_current_timezone()
    day = after.date()
    for _ in range(800):
        due = datetime.datetime.combine(day, schedule.at_time, tzinfo=tz)
        fires = (
            schedule.kind == Kind.STORE_DAILY
            or (schedule.kind == Kind.STORE_WEEKLY and day.weekday() == schedule.weekday)
            or (schedule.kind in (Kind.STORE_MONTHLY, Kind.REGION_MONTHLY)
                and day.day == schedule.day_of_month)
            or (schedule.kind == Kind.REGION_YEARLY and day.month == 1
                and day.day == schedule.day_of_month)
        )
        if fires and due > after:
            return due
        day += datetime.timedelta(days=1)
    raise ValueError("schedule never fires")  # pragma: no cover - guarded by constraints
