"""The notice's "Board meets at least monthly" duty as pure date arithmetic (no Django).

From the notice's issue date, each meeting must fall no later than one calendar month
(notice_tracker.lib.dates.add_months) after the previous one — or after the issue date for the
first. Every breach is a gap; a stretch with no meeting that is still open on the day of
the check is a gap too, and it makes the Board overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from notice_tracker.lib.dates import add_months


@dataclass(frozen=True)
class MeetingGap:
    """A stretch longer than a month with no meeting.

    after=None: before the first meeting, counted from the notice's issue date;
    before=None: still open, counted up to the day of the check.
    """

    after: date | None
    before: date | None
    days: int


def next_meeting_due(*, issued_on: date, last_held_on: date | None) -> date:
    return add_months(last_held_on or issued_on, 1)


def meeting_gaps(held: Iterable[date], *, issued_on: date, on: date) -> list[MeetingGap]:
    """Every breach of the monthly cadence between `issued_on` and `on`, oldest first.

    Meetings before the issue date or after `on` do not count; two meetings on one day
    count as one.
    """
    gaps: list[MeetingGap] = []
    previous: date | None = None  # the last meeting so far; None means "the issue date"
    for day in sorted({d for d in held if issued_on <= d <= on}):
        start = previous or issued_on
        if day > add_months(start, 1):
            gaps.append(MeetingGap(after=previous, before=day, days=(day - start).days))
        previous = day
    start = previous or issued_on
    if add_months(start, 1) < on:
        gaps.append(MeetingGap(after=previous, before=None, days=(on - start).days))
    return gaps
