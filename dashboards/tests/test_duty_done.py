"""A one-off duty recorded as done, with its proof: no page reads it overdue again."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from dashboards.tests.dashboard_data import TODAY, make_item
from measures.models import Duty
from measures.tests import factories
from progress.models import DutyCompletion
from progress.position import current_position, forget_local_positions
from progress.services import DutyRefused, duty_complete


@pytest.fixture(autouse=True)
def _pinned_today_and_empty_cache(settings):
    settings.NOTICE_TRACKER_TODAY = TODAY
    cache.clear()
    forget_local_positions()


@pytest.fixture
def scene(personas):
    notice = personas.notice
    duty = factories.make_duty(
        notice,
        Duty.Code.EXTERNAL_VALIDATION,
        title="External validation of progress",
        cadence_months=None,
        starts_on=None,
        due_on=date(2014, 9, 30),
    )
    requirement = factories.make_requirement(factories.make_measure(notice, "3"))
    report = make_item(notice, by=personas["officer"], requirements=[requirement], title="Validation report")
    return duty, report


def url(duty):
    return reverse("dashboards:duty-complete", args=[duty.notice_id, duty.pk])


def test_the_chair_records_the_validation_done_with_its_report_and_it_reads_done_everywhere(client, personas, scene):
    duty, report = scene
    before = current_position(personas.notice, on=TODAY).duty(Duty.Code.EXTERNAL_VALIDATION)
    assert before is not None and before.is_overdue
    client.force_login(personas["chair"])
    response = client.post(
        url(duty), {"done_on": "29/09/2014", "evidence": report.pk, "note": "LGA team visited", "version": "0"}
    )
    assert response.status_code == 302
    position = current_position(personas.notice, on=TODAY)
    status = position.duty(Duty.Code.EXTERNAL_VALIDATION)
    assert status is not None
    assert (status.is_met, status.met_on, status.is_overdue) == (True, date(2014, 9, 29), False)
    assert status not in position.late_duties
    about = client.get(reverse("dashboards:notice-detail", args=[personas.notice.pk])).content.decode()
    assert "Done on 29 September 2014" in about and "Validation report" in about
    client.force_login(personas["observer"])
    portfolio = client.get(reverse("dashboards:portfolio")).content.decode()
    assert "External validation of progress" not in portfolio  # no longer the next (late) duty
    assert DutyCompletion.objects.get(duty=duty).history.count() == 1


def test_proof_is_required_and_the_input_is_kept(client, personas, scene):
    duty, _ = scene
    client.force_login(personas["chair"])
    response = client.post(url(duty), {"done_on": "29/09/2014", "note": "Done, honestly", "version": "0"})
    body = response.content.decode()
    assert response.status_code == 200 and "Choose what proves it" in body and "Done, honestly" in body
    assert not DutyCompletion.objects.exists()


def test_the_service_refuses_a_future_date_and_a_recurring_duty(personas, scene):
    duty, report = scene
    with pytest.raises(DutyRefused, match="has not come yet"):
        duty_complete(
            duty=duty, by=personas["chair"], done_on=date(2015, 3, 1), today=TODAY, evidence=report, expected_version=0
        )
    recurring = factories.make_duty(personas.notice, Duty.Code.CHAIR_REPORT)
    with pytest.raises(DutyRefused, match="recurring"):
        duty_complete(
            duty=recurring, by=personas["chair"], done_on=TODAY, today=TODAY, evidence=report, expected_version=0
        )


def test_a_record_saved_meanwhile_is_not_overwritten(client, personas, scene):
    duty, report = scene
    duty_complete(
        duty=duty,
        by=personas["administrator"],
        done_on=date(2014, 9, 28),
        today=TODAY,
        evidence=report,
        expected_version=0,
    )
    client.force_login(personas["chair"])
    response = client.post(url(duty), {"done_on": "29/09/2014", "evidence": report.pk, "version": "0"})
    assert response.status_code == 409
    assert DutyCompletion.objects.get(duty=duty).done_on == date(2014, 9, 28)


def test_only_the_chair_and_administrators_see_the_link(client, personas, scene):
    duty, _ = scene
    about = reverse("dashboards:notice-detail", args=[personas.notice.pk])
    for role, shown in (("chair", True), ("administrator", True), ("officer", False), ("observer", False)):
        client.force_login(personas[role])
        assert (url(duty) in client.get(about).content.decode()) is shown, role
