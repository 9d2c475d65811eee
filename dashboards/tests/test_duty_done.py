"""A one-off duty recorded as done, with its proof: no page reads it overdue again."""

from datetime import date

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dashboards.tests.dashboard_data import TODAY, make_item
from demo.evidence import tiny_pdf
from measures.models import Duty
from measures.tests import factories
from meetings.tests.factories import make_meeting
from progress.models import DutyCompletion
from progress.position import current_position, forget_local_positions
from progress.services import DutyRefused, duty_complete

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


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
    assert 'Done on <span data-fact="duty-done:external_validation">29 September 2014</span>' in about
    assert "Validation report" in about
    client.force_login(personas["observer"])
    portfolio = client.get(reverse("dashboards:portfolio")).content.decode()
    # Listed as done, not as the next (late) duty.
    assert (
        f'External validation of progress, <span data-fact="duty-done:external_validation@{duty.notice_id}">29 September 2014</span>'
        in portfolio
    )
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


def test_the_chair_attaches_the_validation_report_itself_and_every_member_can_read_it(client, personas, scene):
    duty, _ = scene
    client.force_login(personas["chair"])
    upload = SimpleUploadedFile("validation-report.pdf", tiny_pdf("External validation report"), "application/pdf")
    response = client.post(url(duty), {"done_on": "29/09/2014", "letter": upload, "version": "0"})
    assert response.status_code == 302
    completion = DutyCompletion.objects.get(duty=duty)
    assert (completion.letter_name, completion.evidence, completion.report) == ("validation-report.pdf", None, None)
    document = reverse("dashboards:duty-document", args=[duty.notice_id, duty.pk])
    client.force_login(personas["observer"])
    about = client.get(reverse("dashboards:notice-detail", args=[duty.notice_id])).content.decode()
    assert f'<a href="{document}">validation-report.pdf</a>' in about
    download = client.get(document)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    # Changing the record later without choosing a file keeps the document.
    client.force_login(personas["chair"])
    again = client.post(url(duty), {"done_on": "30/09/2014", "version": str(completion.version)})
    assert again.status_code == 302
    completion.refresh_from_db()
    assert (completion.done_on, completion.letter_name) == (date(2014, 9, 30), "validation-report.pdf")


def test_a_document_of_the_wrong_kind_is_refused_before_anything_is_stored(client, personas, scene):
    duty, _ = scene
    client.force_login(personas["chair"])
    upload = SimpleUploadedFile("photo.png", PNG_BYTES, "image/png")
    response = client.post(url(duty), {"done_on": "29/09/2014", "letter": upload, "note": "Kept", "version": "0"})
    body = response.content.decode()
    assert response.status_code == 200 and "must be PDF, Word or plain text" in body and "Kept" in body
    assert not DutyCompletion.objects.exists()


def test_the_board_meeting_that_did_it_is_proof_enough(personas, scene):
    duty, _ = scene
    meeting = make_meeting(personas.notice, personas["chair"], held_on=date(2014, 7, 18))
    completion = duty_complete(
        duty=duty, by=personas["chair"], done_on=date(2014, 7, 18), today=TODAY, meeting=meeting, expected_version=0
    )
    assert completion.meeting == meeting
    other = make_meeting(factories.make_notice("Elsewhere"), personas["chair"], held_on=date(2014, 7, 18))
    with pytest.raises(DutyRefused, match="another notice"):
        duty_complete(duty=duty, by=personas["chair"], done_on=TODAY, today=TODAY, meeting=other, expected_version=1)
