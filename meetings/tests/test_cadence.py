"""The "Board meets at least monthly" rule as pure dates (meetings/cadence.py)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from meetings.cadence import MeetingGap, meeting_gaps, next_meeting_due
from notice_tracker.lib.dates import add_months

ISSUED = date(2014, 5, 21)


def test_a_board_that_met_every_month_has_no_gaps():
    held = [date(2014, 6, 20), date(2014, 7, 18), date(2014, 8, 18), date(2014, 9, 18)]
    assert meeting_gaps(held, issued_on=ISSUED, on=date(2014, 10, 1)) == []


def test_a_meeting_exactly_one_calendar_month_after_the_last_is_on_time():
    assert meeting_gaps([date(2014, 6, 21), date(2014, 7, 21)], issued_on=ISSUED, on=date(2014, 7, 21)) == []


def test_a_meeting_a_day_more_than_a_month_after_the_last_is_a_gap():
    gaps = meeting_gaps([date(2014, 6, 21), date(2014, 7, 22)], issued_on=ISSUED, on=date(2014, 7, 22))
    assert gaps == [MeetingGap(after=date(2014, 6, 21), before=date(2014, 7, 22), days=31)]


def test_a_first_meeting_more_than_a_month_after_the_issue_date_is_a_gap_counted_from_the_issue():
    gaps = meeting_gaps([date(2014, 7, 1)], issued_on=ISSUED, on=date(2014, 7, 1))
    assert gaps == [MeetingGap(after=None, before=date(2014, 7, 1), days=41)]


def test_no_meeting_for_over_a_month_up_to_today_is_an_open_gap():
    gaps = meeting_gaps([date(2014, 6, 20)], issued_on=ISSUED, on=date(2014, 8, 1))
    assert gaps == [MeetingGap(after=date(2014, 6, 20), before=None, days=42)]


def test_no_meeting_at_all_is_one_open_gap_from_the_issue_date():
    assert meeting_gaps([], issued_on=ISSUED, on=date(2014, 7, 1)) == [MeetingGap(after=None, before=None, days=41)]


def test_nothing_is_missed_within_the_first_month_of_the_notice():
    assert meeting_gaps([], issued_on=ISSUED, on=date(2014, 6, 21)) == []


def test_meetings_before_the_issue_date_or_after_the_check_do_not_count():
    held = [date(2014, 5, 1), date(2014, 6, 20), date(2014, 9, 1)]
    assert meeting_gaps(held, issued_on=ISSUED, on=date(2014, 7, 10)) == []


def test_two_meetings_on_one_day_count_as_one():
    assert meeting_gaps([date(2014, 6, 20), date(2014, 6, 20)], issued_on=ISSUED, on=date(2014, 7, 1)) == []


def test_the_medway_winter_gap_is_flagged_from_18_november_to_6_january():
    held = [
        date(2014, 6, 20),
        date(2014, 7, 18),
        date(2014, 8, 18),
        date(2014, 9, 16),
        date(2014, 9, 30),
        date(2014, 10, 28),
        date(2014, 11, 18),
        date(2015, 1, 6),
        date(2015, 2, 3),
    ]
    gaps = meeting_gaps(held, issued_on=ISSUED, on=date(2015, 2, 27))
    assert gaps == [MeetingGap(after=date(2014, 11, 18), before=date(2015, 1, 6), days=49)]


def test_the_next_meeting_is_due_a_month_after_the_last_or_after_the_issue_date():
    assert next_meeting_due(issued_on=ISSUED, last_held_on=None) == date(2014, 6, 21)
    assert next_meeting_due(issued_on=ISSUED, last_held_on=date(2015, 1, 31)) == date(2015, 2, 28)


# A series where each meeting falls up to `slack` days before one month after the previous one.
issue_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
slacks = st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=30)


def _monthly_series(issued: date, slack: list[int]) -> list[date]:
    held, previous = [], issued
    for days_early in slack:
        previous = add_months(previous, 1) - timedelta(days=days_early)
        held.append(previous)
    return held


@given(issued=issue_dates, slack=slacks)
def test_meetings_every_month_never_leave_a_gap(issued, slack):
    held = _monthly_series(issued, slack)
    assert meeting_gaps(held, issued_on=issued, on=held[-1]) == []


@given(issued=issue_dates, count=st.integers(min_value=2, max_value=30), data=st.data())
def test_removing_one_meeting_from_an_exactly_monthly_series_leaves_exactly_one_gap(issued, count, data):
    held = _monthly_series(issued, [0] * count)
    removed = data.draw(st.integers(min_value=0, max_value=count - 2), label="removed")  # not the last: that is "today"
    gaps = meeting_gaps(held[:removed] + held[removed + 1 :], issued_on=issued, on=held[-1])
    assert len(gaps) == 1
    assert gaps[0].before == held[removed + 1]
    assert gaps[0].after == (held[removed - 1] if removed else None)


@given(
    held=st.lists(st.dates(min_value=date(2014, 1, 1), max_value=date(2016, 12, 31)), max_size=20),
    on=st.dates(min_value=date(2014, 5, 21), max_value=date(2016, 12, 31)),
)
def test_every_gap_is_longer_than_a_month_and_the_last_is_open_exactly_when_the_board_is_overdue(held, on):
    gaps = meeting_gaps(held, issued_on=ISSUED, on=on)
    for gap in gaps:
        start = gap.after or ISSUED
        end = gap.before or on
        assert add_months(start, 1) < end
        assert gap.days == (end - start).days
    counted = [d for d in held if ISSUED <= d <= on]
    overdue = next_meeting_due(issued_on=ISSUED, last_held_on=max(counted, default=None)) < on
    assert overdue == bool(gaps and gaps[-1].before is None)
