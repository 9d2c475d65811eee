"""Reporting periods: a period is the first day of its month (quarters start in Jan, Apr, Jul, Oct).

Pure date arithmetic with no Django in it, shared by analysis, charts, import and pages.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHLY = "monthly"
QUARTERLY = "quarterly"

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(period: date, months: int) -> date:
    index = period.year * 12 + period.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """Whole months from `start`'s month to `end`'s month (negative when `end` is earlier)."""
    return (end.year - start.year) * 12 + end.month - start.month


def is_period_start(period: date, frequency: str = MONTHLY) -> bool:
    if period.day != 1:
        return False
    return frequency != QUARTERLY or period.month in (1, 4, 7, 10)


def period_label(period: date, frequency: str = MONTHLY) -> str:
    """'June 2014' for a month; 'April to June 2014' for a quarter."""
    if frequency == QUARTERLY:
        last = add_months(period, 2)
        first_name = _MONTH_NAMES[period.month - 1]
        if last.year != period.year:
            return f"{first_name} {period.year} to {_MONTH_NAMES[last.month - 1]} {last.year}"
        return f"{first_name} to {_MONTH_NAMES[last.month - 1]} {last.year}"
    return f"{_MONTH_NAMES[period.month - 1]} {period.year}"


def short_label(period: date) -> str:
    """'Jun 14': for chart axes, where space is short."""
    return f"{_MONTH_NAMES[period.month - 1][:3]} {period.year % 100:02d}"


def parse_period(raw: object) -> date:
    """Read a period as spreadsheets and case-management exports write it.

    Accepts dates and datetimes (Excel cells), '2014-06', '2014-06-01', '06/2014', '01/06/2014'
    (day first, as in the UK), 'Jun 2014', 'June 2014', 'Jun-14'. Returns the first of the month.
    Raises ValueError with a message fit to show the user.
    """
    if isinstance(raw, datetime):
        return raw.date().replace(day=1)
    if isinstance(raw, date):
        return raw.replace(day=1)
    text = str(raw or "").strip()
    if not text:
        raise ValueError("Give the period, e.g. 2014-06 or June 2014.")
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ T]00:00(?::00)?)?", text)
    if match:
        return _checked(int(match[1]), int(match[2]), text)
    match = re.fullmatch(r"(?:(\d{1,2})/)?(\d{1,2})/(\d{4})", text)
    if match:
        return _checked(int(match[3]), int(match[2]), text)
    match = re.fullmatch(r"([A-Za-z]+)[\s\-/]+(\d{2}|\d{4})", text)
    if match and match[1].lower() in _MONTHS:
        year = int(match[2])
        return _checked(year + 2000 if year < 100 else year, _MONTHS[match[1].lower()], text)
    raise ValueError(f"'{text}' is not a period we can read; write it as 2014-06 or June 2014.")


def _checked(year: int, month: int, text: str) -> date:
    if not 1 <= month <= 12 or not 1900 <= year <= 2999:
        raise ValueError(f"'{text}' is not a real month.")
    return date(year, month, 1)
