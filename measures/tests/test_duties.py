from datetime import date

import pytest

from measures.duties import due_dates, next_due_date
from measures.models import Duty
from notice_tracker.lib.dates import add_months


def duty(**kw) -> Duty:
    return Duty(code="x", title="x", **kw)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2014, 5, 21), 3, date(2014, 8, 21)),
        (date(2013, 8, 23), 18, date(2015, 2, 23)),
        (date(2014, 8, 31), 6, date(2015, 2, 28)),
        (date(2015, 8, 31), 6, date(2016, 2, 29)),
        (date(2014, 11, 30), 2, date(2015, 1, 30)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_a_quarterly_duty_first_falls_due_three_months_after_it_starts():
    chair_report = duty(cadence_months=3, starts_on=date(2014, 5, 21))
    assert due_dates(chair_report, until=date(2015, 5, 21)) == [
        date(2014, 8, 21),
        date(2014, 11, 21),
        date(2015, 2, 21),
        date(2015, 5, 21),
    ]


def test_next_due_date_is_today_when_it_falls_today_and_the_next_one_after():
    review = duty(cadence_months=6, starts_on=date(2014, 5, 21))
    assert next_due_date(review, on=date(2014, 11, 21)) == date(2014, 11, 21)
    assert next_due_date(review, on=date(2014, 11, 22)) == date(2015, 5, 21)
    assert next_due_date(review, on=date(2014, 5, 21)) == date(2014, 11, 21)


def test_a_one_off_duty_stays_due_until_it_is_met():
    validation = duty(due_on=date(2014, 9, 30))
    assert next_due_date(validation, on=date(2015, 1, 1)) == date(2014, 9, 30)
    validation.completed_on = date(2014, 9, 15)
    assert next_due_date(validation, on=date(2015, 1, 1)) is None


def test_a_six_weekly_duty_counts_in_weeks():
    meeting = duty(cadence_weeks=6, starts_on=date(2016, 1, 15))
    assert due_dates(meeting, until=date(2016, 4, 1)) == [date(2016, 2, 26)]
    assert next_due_date(meeting, on=date(2016, 2, 27)) == date(2016, 4, 8)
    assert meeting.cadence_label == "Every 6 weeks"
