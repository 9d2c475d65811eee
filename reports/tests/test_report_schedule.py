"""The report schedule follows the notice's duties: which report is due next and which are late."""

from __future__ import annotations

from datetime import date

import pytest

from measures.models import Duty
from measures.tests import factories
from progress.position import notice_position
from reporting.tests.report_factories import Q1, Q2, issue_quickly, make_report
from reports.models import Report
from reports.schedule import report_schedule


@pytest.fixture
def duties(personas):
    notice = personas.notice
    factories.make_duty(notice, Duty.Code.CHAIR_REPORT, title="Chair's 3-monthly report", position=1)
    factories.make_duty(notice, Duty.Code.MSCB_REPORT, title="MSCB Chair's 3-monthly report", position=2)
    factories.make_duty(notice, Duty.Code.DFE_REVIEW, title="DfE review", cadence_months=6, position=3)
    factories.make_duty(notice, Duty.Code.BOARD_MEETING, title="Board meets monthly", cadence_months=1, position=4)
    return notice


def rows_of(rows, kind):
    return [(row.due_on, row.issued is not None, row.is_late) for row in rows if row.kind == kind]


def test_due_dates_come_from_the_duties_and_unanswered_past_ones_are_late(duties):
    rows = report_schedule(duties, on=date(2014, 12, 1))
    assert rows_of(rows, Report.Kind.CHAIR) == [
        (date(2014, 8, 21), False, True),
        (date(2014, 11, 21), False, True),
        (date(2015, 2, 21), False, False),
    ]
    assert rows_of(rows, Report.Kind.REVIEW_PACK) == [
        (date(2014, 11, 21), False, True),
        (date(2015, 5, 21), False, False),
    ]
    assert not any(row.duty.code == Duty.Code.BOARD_MEETING for row in rows)


def test_an_issued_report_for_the_period_answers_its_due_date(duties, personas):
    chair = personas["chair"]
    issue_quickly(make_report(duties, chair, period=Q1), chair, on=date(2014, 8, 20))
    issue_quickly(make_report(duties, chair, period=Q2), chair, on=date(2014, 11, 25))
    make_report(duties, chair, period=(date(2014, 11, 21), date(2015, 2, 20)))  # a draft answers nothing
    rows = [row for row in report_schedule(duties, on=date(2014, 12, 1)) if row.kind == Report.Kind.CHAIR]
    assert [(row.issued is not None, row.is_late, row.issued_late) for row in rows] == [
        (True, False, False),
        (True, False, True),
        (False, False, False),
    ]
    assert rows[0].period_start == date(2014, 5, 21) and rows[0].period_end == date(2014, 8, 20)


def test_a_superseded_report_gives_way_to_its_correction(duties, personas):
    chair = personas["chair"]
    first = issue_quickly(make_report(duties, chair, period=Q1), chair, on=date(2014, 8, 20))
    correction = issue_quickly(make_report(duties, chair, period=Q1, supersedes=first), chair, on=date(2014, 9, 1))
    row = next(r for r in report_schedule(duties, on=date(2014, 9, 2)) if r.kind == Report.Kind.CHAIR)
    assert row.issued == correction


def test_the_dashboard_gets_the_next_report_due_and_the_late_ones(duties):
    position = notice_position(duties, on=date(2014, 9, 1))
    assert position.next_report is not None
    assert (position.next_report.kind, position.next_report.due_on) == (Report.Kind.CHAIR, date(2014, 11, 21))
    assert {(row.kind, row.due_on) for row in position.late_reports} == {
        (Report.Kind.CHAIR, date(2014, 8, 21)),
        (Report.Kind.MSCB, date(2014, 8, 21)),
    }


def test_the_schedule_reads_in_three_queries(duties, personas, django_assert_num_queries):
    issue_quickly(make_report(duties, personas["chair"], period=Q1), personas["chair"])
    with django_assert_num_queries(3):  # duties, issued reports, drafts
        report_schedule(duties, on=date(2015, 6, 1))
