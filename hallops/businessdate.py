"""The business date: the one place that decides which business day a moment belongs to.

Work done after midnight by a shift that began the evening before belongs to that evening's
day. Each store sets the time its business day starts (`Store.day_starts_at`, 05:00 by
default); moments before it count to the previous day.
"""

import datetime

from django.utils import timezone


def business_date(moment: datetime.datetime | None = None, *, store) -> datetime.date:
    local = timezone.localtime(moment or timezone.now())
    if local.time() < store.day_starts_at:
        return local.date() - datetime.timedelta(days=1)
    return local.date()


def shift_bounds(day: datetime.date, shift_type) -> tuple[datetime.datetime, datetime.datetime]:
    """Aware start and end of a shift worked on business date `day` (end may be next day)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, shift_type.starts_at, tzinfo=tz)
    end_day = day + datetime.timedelta(days=1) if shift_type.crosses_midnight else day
    end = datetime.datetime.combine(end_day, shift_type.ends_at, tzinfo=tz)
    return start, end


def day_bounds(day: datetime.date, *, store) -> tuple[datetime.datetime, datetime.datetime]:
    """Aware [start, end) of a business day of a store."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, store.day_starts_at, tzinfo=tz)
    return start, start + datetime.timedelta(days=1)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())
