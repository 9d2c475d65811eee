"""Dates in a notice's wording: fixed ones ("by end of October 2014") and relative ones.

Relative dates count from something: the notice itself ("within 8 weeks of the date of this
Notice"), a report it cites ("within 18 months of the LAC inspection"), or another dated duty
("3 months after the external validation").  What they count from is resolved by the caller
(an ``Anchor``); a date that cannot be worked out comes back with a question instead.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from notice_tracker.lib.dates import add_months

_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
FULL_DATE = re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b")
MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+(?P<year>\d{{4}})\b")
_NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})\b")
_NUMBER = (
    r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|sixteen|eighteen"
    r"|twenty-four|twenty|thirty-six|thirty)"
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "sixteen": 16, "eighteen": 18,
    "twenty": 20, "twenty-four": 24, "thirty": 30, "thirty-six": 36,
}  # fmt: skip


def to_number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def month_number(name: str) -> int:
    return next(i for i in range(1, 13) if calendar.month_name[i].startswith(name[:3].title()))


def find_date(text: str) -> date | None:
    """The first full date ("21st May 2014", "21/05/2014") in the text."""
    if match := FULL_DATE.search(text):
        return date(int(match["year"]), month_number(match["month"]), int(match["day"]))
    if match := _NUMERIC_DATE.search(text):
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    return None


def long_date(day: date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


# ---------------------------------------------------------------- deadlines

_DEADLINE = re.compile(
    r"\b(?:no later than|not later than|by|before)\s+(?:the\s+)?(?P<end>end\s+of\s+)?(?P<when>"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH.replace('month', 'm2')},?\s+\d{{4}})",  # a second month group needs its own name
    re.I,
)


def find_deadline(text: str, guesses: list[str]) -> date | None:
    """A one-off deadline; a bare month means its last day ("by September 2014")."""
    match = _DEADLINE.search(text)
    if not match:
        return None
    when = match["when"]
    if exact := find_date(when):
        return exact
    month_year = MONTH_YEAR.search(when)
    assert month_year is not None  # the deadline pattern only matches dates
    year, month = int(month_year["year"]), month_number(month_year["month"])
    due = date(year, month, calendar.monthrange(year, month)[1])
    if not match["end"]:
        guesses.append(f"'{match.group().strip()}' gives only a month; read as its last day, {long_date(due)}.")
    return due


# ------------------------------------------------------------ relative dates

_UNIT = r"(?P<unit>weeks?|months?)"
_WITHIN = re.compile(rf"\bwithin\s+{_NUMBER}\s+{_UNIT}\b(?:\s+(?:of|from)\s+(?P<anchor>[^.,;:]+))?", re.I)
_AFTER = re.compile(rf"\b{_NUMBER}\s+{_UNIT}\s+(?:after|following|from)\s+(?P<anchor>[^.,;:]+)", re.I)

# What a relative date counts from: the anchor's words → (its date, how to name it), or None.
Anchor = Callable[[str], "tuple[date, str] | None"]


@dataclass(frozen=True)
class Due:
    on: date | None
    phrase: str  # the words that set the date, as printed
    question: str = ""  # set when `on` could not be worked out: what the administrator must say


def find_due(text: str, guesses: list[str], anchor: Anchor) -> Due | None:
    """When a one-off obligation falls due, from a fixed date or one relative to an event."""
    if fixed := _DEADLINE.search(text):
        return Due(find_deadline(text, guesses), fixed.group().strip())
    for pattern in (_WITHIN, _AFTER):
        if match := pattern.search(text):
            return _relative(match, guesses, anchor)
    return None


def _relative(match: re.Match[str], guesses: list[str], anchor: Anchor) -> Due:
    count, unit = to_number(match[1]), match["unit"].lower().rstrip("s")
    phrase, words = match.group().strip(), (match["anchor"] or "").strip()
    start = anchor(words or "this Notice")
    if start is None:
        question = (
            f"'{phrase}': the notice gives no date for '{words}', so this date could not be worked out; "
            "it is kept as the notice words it. Set the date."
        )
        return Due(None, phrase, question)
    day, label = start
    due = day + timedelta(weeks=count) if unit == "week" else add_months(day, count)
    counted = f"{count} {unit}{'s' if count != 1 else ''} after {label} ({long_date(day)})"
    if not words:
        guesses.append(f"'{phrase}' names no starting point; counted from the date of this notice: {counted}, "
                       f"{long_date(due)}.")  # fmt: skip
    else:
        guesses.append(f"'{phrase}' read as {counted}: {long_date(due)}.")
    return Due(due, phrase)
