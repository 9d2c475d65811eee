"""board_cadence(): the monthly-meeting check the dashboard and the reports show."""

from datetime import date

import pytest

from meetings.cadence import MeetingGap
from meetings.selectors import board_cadence
from meetings.tests.factories import make_meeting


@pytest.fixture
def chair(personas):
    return personas["chair"]


def test_a_notice_with_no_meetings_is_overdue_a_month_after_issue(personas):
    cadence = board_cadence(personas.notice, on=date(2014, 7, 1))
    assert cadence.meetings_held == 0
    assert cadence.last_held_on is None
    assert cadence.next_due_on == date(2014, 6, 21)
    assert cadence.is_overdue
    assert cadence.gaps == [MeetingGap(after=None, before=None, days=41)]
    assert cadence.dfe_attended == 0


def test_cadence_counts_meetings_and_dfe_attendance_up_to_the_day_in_one_query(
    personas, chair, django_assert_num_queries
):
    notice = personas.notice
    make_meeting(notice, chair, held_on=date(2014, 6, 20), dfe_attended=True)
    make_meeting(notice, chair, held_on=date(2014, 7, 18))
    make_meeting(notice, chair, held_on=date(2014, 9, 1), dfe_attended=True, dfe_attendee_name="James Fraser")
    make_meeting(notice, chair, held_on=date(2014, 5, 1))  # before the notice: not counted
    with django_assert_num_queries(1):
        cadence = board_cadence(notice, on=date(2014, 8, 25))
    assert (cadence.meetings_held, cadence.last_held_on, cadence.dfe_attended) == (2, date(2014, 7, 18), 1)
    assert cadence.next_due_on == date(2014, 8, 18)
    assert cadence.is_overdue
    assert cadence.gaps == [MeetingGap(after=date(2014, 7, 18), before=None, days=38)]


def test_a_late_meeting_closes_the_open_gap_and_leaves_it_on_record(personas, chair):
    notice = personas.notice
    make_meeting(notice, chair, held_on=date(2014, 6, 20))
    make_meeting(notice, chair, held_on=date(2014, 9, 1))
    cadence = board_cadence(notice, on=date(2014, 9, 10))
    assert not cadence.is_overdue
    assert cadence.next_due_on == date(2014, 10, 1)
    assert cadence.gaps == [MeetingGap(after=date(2014, 6, 20), before=date(2014, 9, 1), days=73)]


def test_another_notices_meetings_do_not_count(personas, chair):
    from measures.tests import factories as measures_factories

    other = measures_factories.make_notice("Elsewhere")
    make_meeting(other, chair, held_on=date(2014, 6, 20))
    assert board_cadence(personas.notice, on=date(2014, 6, 25)).meetings_held == 0
