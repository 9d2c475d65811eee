"""DfE's six-monthly progress reviews, and the Council's monthly report to the Board: each meets its duty."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from measures.models import Duty
from measures.tests import factories as notice_factories
from meetings.models import DfeReview
from meetings.tests.factories import make_meeting, make_review, review_post_data
from progress.position import forget_local_positions, notice_position

TODAY = date(2015, 2, 27)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.NOTICE_TRACKER_TODAY = TODAY
    cache.clear()
    forget_local_positions()


@pytest.fixture
def review_duty(personas):
    return notice_factories.make_duty(
        personas.notice, Duty.Code.DFE_REVIEW, title="DfE reviews progress", cadence_months=6
    )


def test_no_review_yet_reads_late_from_the_first_due_date(personas, review_duty):
    status = notice_position(personas.notice, on=TODAY).duty(Duty.Code.DFE_REVIEW)
    assert status is not None
    assert (status.due_on, status.is_overdue, status.last_met_on) == (date(2014, 11, 21), True, None)


def test_a_review_recorded_meets_the_duty_until_six_months_on(client, personas, review_duty):
    client.force_login(personas["chair"])
    response = client.post(
        reverse("meetings:review-create", args=[personas.notice.pk]),
        review_post_data(held_on="04/12/2014", outcome="continue"),
    )
    assert response.status_code == 302
    review = DfeReview.objects.get(notice=personas.notice)
    assert (review.held_on, review.outcome, review.created_by) == (
        date(2014, 12, 4),
        "continue",
        personas["chair"],
    )
    status = notice_position(personas.notice, on=TODAY).duty(Duty.Code.DFE_REVIEW)
    assert status is not None
    assert (status.due_on, status.is_overdue, status.last_met_on) == (date(2015, 6, 4), False, date(2014, 12, 4))
    # The DfE observer reads the reviews and their outcome, and is offered no way to change them.
    client.force_login(personas["observer"])
    page = client.get(reverse("meetings:review-list", args=[personas.notice.pk])).content.decode()
    assert "The notice continues" in page and "4 December 2014" in page
    assert reverse("meetings:review-create", args=[personas.notice.pk]) not in page


@pytest.mark.parametrize(
    ("posted", "problem"),
    [
        ({"held_on": "01/03/2015"}, "this date is in the future"),
        ({"held_on": "01/05/2014"}, "before the notice was issued"),
        ({"outcome": ""}, "Choose what the review concluded"),
        ({"attendees": "  \n "}, "Name who attended"),
    ],
)
def test_bad_input_is_refused_and_kept(client, personas, posted, problem):
    client.force_login(personas["chair"])
    data = review_post_data(summary="Kept as typed", **posted)
    response = client.post(reverse("meetings:review-create", args=[personas.notice.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200 and problem in body and "Kept as typed" in body
    assert not DfeReview.objects.exists()


def test_a_review_changed_meanwhile_is_not_overwritten(client, personas):
    review = make_review(personas.notice, personas["chair"])
    url = reverse("meetings:review-edit", args=[personas.notice.pk, review.pk])
    client.force_login(personas["administrator"])
    assert client.post(url, review_post_data(outcome="amend", version=review.version)).status_code == 302
    client.force_login(personas["chair"])
    stale = client.post(url, review_post_data(outcome="recommend_lifting", version=review.version))
    assert stale.status_code == 409
    review.refresh_from_db()
    assert (review.outcome, review.version, review.history.count()) == ("amend", 2, 2)


def test_a_second_review_on_the_same_day_is_refused(client, personas):
    make_review(personas.notice, personas["chair"], held_on=date(2014, 12, 4))
    client.force_login(personas["chair"])
    response = client.post(
        reverse("meetings:review-create", args=[personas.notice.pk]), review_post_data(held_on="04/12/2014")
    )
    assert "already recorded" in response.content.decode()
    assert DfeReview.objects.count() == 1


def test_the_councils_monthly_report_is_met_by_the_meeting_it_was_presented_at(personas):
    notice = personas.notice
    notice_factories.make_duty(
        notice, Duty.Code.PLAN_PROGRESS_REPORT, title="Council reports progress to the Board", cadence_months=1
    )
    make_meeting(notice, personas["chair"], held_on=date(2015, 1, 20), council_report_received=True)
    make_meeting(notice, personas["chair"], held_on=date(2015, 2, 18), council_report_received=False)
    status = notice_position(notice, on=TODAY).duty(Duty.Code.PLAN_PROGRESS_REPORT)
    assert status is not None
    # The February meeting had no report: the one due a month after January's is late.
    assert (status.last_met_on, status.due_on, status.is_overdue) == (date(2015, 1, 20), date(2015, 2, 20), True)
    make_meeting(notice, personas["chair"], held_on=date(2015, 2, 25), council_report_received=True)
    status = notice_position(notice, on=TODAY).duty(Duty.Code.PLAN_PROGRESS_REPORT)
    assert status is not None
    assert (status.due_on, status.is_overdue) == (date(2015, 3, 25), False)


def test_recording_a_review_is_refused_once_the_notice_is_lifted(client, personas):
    personas.notice.status, personas.notice.lifted_on = "lifted", date(2015, 2, 20)
    personas.notice.save()
    client.force_login(personas["chair"])
    assert client.get(reverse("meetings:review-create", args=[personas.notice.pk])).status_code == 403
