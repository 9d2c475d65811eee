"""Calendar arithmetic every app shares: the one home for month steps and month ends."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from django.utils import timezone


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Aug + 6 months = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def last_month_end(on: date) -> date:
    """The latest month end strictly before the month `on` is in (a month is snapshotted once it is over)."""
    return on.replace(day=1) - timedelta(days=1)


def at_hour(day: date, hour: int = 10) -> datetime:
    """`day` at `hour` o'clock in the project's time zone (Europe/London): for loaders of past data."""
    return datetime.combine(day, time(hour), tzinfo=timezone.get_default_timezone())
