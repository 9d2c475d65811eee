"""When the notice's duties fall due: the one place that turns a cadence into dates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from notice_tracker.lib.dates import add_months

if TYPE_CHECKING:
    from measures.models import Duty


def _occurrence(duty: Duty, step: int) -> date:
    # The database holds a recurring duty to a start date (constraint duty_recurring_or_dated).
    if duty.starts_on is None or not duty.is_recurring:
        raise ValueError(f"{duty} does not recur from a start date")
    if duty.cadence_weeks is not None:
        return duty.starts_on + timedelta(weeks=duty.cadence_weeks * step)
    assert duty.cadence_months is not None  # is_recurring: one of the two is set
    return add_months(duty.starts_on, duty.cadence_months * step)


def due_dates(duty: Duty, *, until: date) -> list[date]:
    """Every date the duty falls due up to and including `until`.

    A recurring duty first falls due one cadence after it starts: a notice issued on
    21 May 2014 with a 3-monthly report owes its first report on 21 August 2014.
    """
    if not duty.is_recurring:
        return [duty.due_on] if duty.due_on and duty.due_on <= until else []
    dates, step = [], 1
    while (due := _occurrence(duty, step)) <= until:
        dates.append(due)
        step += 1
    return dates


def next_due_date(duty: Duty, *, on: date) -> date | None:
    """The first due date on or after `on`; a one-off duty keeps its date until it is met."""
    if not duty.is_recurring:
        return None if duty.completed_on else duty.due_on
    step = 1
    while (due := _occurrence(duty, step)) < on:
        step += 1
    return due


def due_after_last(duty: Duty, *, last_met_on: date | None) -> date:
    """For a duty met by what happens (a review held, a report presented): due one cadence after
    the last time it was met, or on its first date if it never was."""
    if last_met_on is None:
        return _occurrence(duty, 1)
    if duty.cadence_weeks is not None:
        return last_met_on + timedelta(weeks=duty.cadence_weeks)
    assert duty.cadence_months is not None  # a recurring duty: one of the two is set
    return add_months(last_met_on, duty.cadence_months)
