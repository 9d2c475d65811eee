"""The report pages: starting, writing, previewing, building, issuing, downloading, verifying."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import SecurityEvent
from progress.services import judgement_record
from reporting import services
from reporting.tests.report_factories import issue_for_real, make_report, make_scene, tiny_upload
from reports.models import Report


@pytest.fixture
def scene(personas):
    return make_scene(personas)


@pytest.fixture
def today(settings):
    settings.NOTICE_TRACKER_TODAY = date(2014, 8, 21)
    return settings.NOTICE_TRACKER_TODAY


def url(name: str, report: Report) -> str:
    return reverse(f"reports:{name}", args=[report.notice_id, report.pk])


def test_the_chair_starts_a_report_with_a_section_per_measure(client, scene, personas, today):
    client.force_login(personas["chair"])
    response = client.post(
        reverse("reports:report-create", args=[scene.notice.pk]),
        {"kind": "chair_report", "period_start": "21/05/2014", "period_end": "20/08/2014"},
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == url("report-edit", report)
    assert [s.heading for s in report.sections.order_by("position")] == [
        "Measure 2: Improve the quality of assessments",
        "Measure 3: Strengthen the voice of the child",
    ]
    assert report.author == personas["chair"] and report.status == "draft"


def test_the_chairs_monthly_judgements_start_her_reports_judgements(client, scene, personas, today):
    judgement_record(
        measure=scene.measure_a,
        by=personas["chair"],
        month=date(2014, 8, 1),
        rag="amber",
        sentence="Better than the data says.",
        expected_version=0,
    )
    client.force_login(personas["chair"])
    client.post(
        reverse("reports:report-create", args=[scene.notice.pk]),
        {"kind": "chair_report", "period_start": "21/05/2014", "period_end": "20/08/2014"},
    )
    sections = Report.objects.get().sections.order_by("position")
    assert [(s.measure_id, s.judgement) for s in sections] == [(scene.measure_a.pk, "amber"), (scene.measure_b.pk, "")]
    client.force_login(personas["lead_member"])
    client.post(
        reverse("reports:report-create", args=[scene.notice.pk]),
        {"kind": "lead_member_report", "period_start": "21/05/2014", "period_end": "20/11/2014"},
    )
    lead = Report.objects.get(kind="lead_member_report")
    assert all(s.judgement == "" for s in lead.sections.all())  # the Lead Member judges for herself


def test_start_beside_a_period_with_a_draft_opens_that_draft_and_never_makes_a_second(
    client, scene, personas, settings
):
    settings.NOTICE_TRACKER_TODAY = date(2014, 9, 1)
    client.force_login(personas["chair"])
    create = reverse("reports:report-create", args=[scene.notice.pk])
    period = {"kind": "chair_report", "period_start": "21/05/2014", "period_end": "20/08/2014"}
    client.post(create, period)
    draft = Report.objects.get()
    listing = client.get(reverse("reports:report-list", args=[scene.notice.pk])).content.decode()
    assert url("report-edit", draft) in listing and "Open the draft" in listing
    started = client.get(create, {"kind": "chair_report", "from": "21/05/2014", "to": "20/08/2014"})
    assert started.status_code == 302 and started["Location"] == url("report-edit", draft)
    again = client.post(create, period)
    assert again.status_code == 200 and "already started" in again.content.decode()
    assert Report.objects.count() == 1


def test_the_database_holds_one_draft_per_kind_and_period(scene, personas):
    first = make_report(scene.notice, personas["chair"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            notice=scene.notice,
            kind=first.kind,
            period_start=first.period_start,
            period_end=first.period_end,
            author=personas["chair"],
        )


def test_a_bad_period_is_reshown_with_the_error_and_the_input_kept(client, scene, personas):
    client.force_login(personas["chair"])
    response = client.post(
        reverse("reports:report-create", args=[scene.notice.pk]),
        {"kind": "chair_report", "period_start": "21/08/2014", "period_end": "20/05/2014"},
    )
    assert response.status_code == 200
    assert "The period must end on or after the day it starts." in response.content.decode()
    assert 'value="21/08/2014"' in response.content.decode()
    assert not Report.objects.exists()


def test_the_lead_member_cannot_start_the_chairs_report(client, scene, personas):
    client.force_login(personas["lead_member"])
    response = client.post(
        reverse("reports:report-create", args=[scene.notice.pk]),
        {"kind": "chair_report", "period_start": "21/05/2014", "period_end": "20/08/2014"},
    )
    assert response.status_code == 200 and not Report.objects.exists()


def test_the_author_writes_the_judgements_and_narrative(client, scene, personas):
    report = make_report(scene.notice, personas["chair"])
    first = report.sections.order_by("position").first()
    assert first is not None
    client.force_login(personas["chair"])
    response = client.post(
        url("report-edit", report),
        {
            "version": report.version,
            "executive_summary": "Steady progress.",
            "overall_judgement": "amber",
            "mscb_assessment": "",
            "next_steps": "",
            f"section-{first.pk}-judgement": "red",
            f"section-{first.pk}-narrative": "Assessments are still late.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    first.refresh_from_db()
    assert (report.executive_summary, report.overall_judgement, report.version) == ("Steady progress.", "amber", 2)
    assert (first.judgement, first.narrative) == ("red", "Assessments are still late.")


def test_bad_input_in_a_section_is_reshown_with_the_error_and_nothing_saved(client, scene, personas):
    report = make_report(scene.notice, personas["chair"])
    first = report.sections.order_by("position").first()
    assert first is not None
    client.force_login(personas["chair"])
    response = client.post(
        url("report-edit", report),
        {
            "version": report.version,
            "executive_summary": "Kept on error.",
            f"section-{first.pk}-judgement": "purple",
            f"section-{first.pk}-narrative": "Also kept.",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Select a valid choice" in page
    assert "Kept on error." in page and "Also kept." in page
    assert Report.objects.get(pk=report.pk).executive_summary == ""


def test_a_stale_edit_is_refused_with_409_showing_both_versions_and_the_words_kept(client, scene, personas):
    report = make_report(scene.notice, personas["chair"])
    first, second = Client(), Client()  # only the Chair writes this report: say, on a laptop and on a phone
    first.force_login(personas["chair"])
    second.force_login(personas["chair"])
    opened = report.version  # both open the draft at this version
    assert first.post(url("report-edit", report), {"version": opened, "executive_summary": "First."}).status_code == 302
    response = second.post(url("report-edit", report), {"version": opened, "executive_summary": "Second."})
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this report after you opened it: chair saved it on" in body
    assert "<del>—</del> → <ins>First.</ins>" in body  # theirs
    assert "Second.</textarea>" in body  # mine, kept
    assert response.context["form"]["version"].value() == str(opened + 1)
    assert Report.objects.get(pk=report.pk).executive_summary == "First."


def test_the_preview_shows_the_period_facts_and_no_restricted_evidence(client, scene, personas):
    report = make_report(scene.notice, personas["chair"])
    client.force_login(personas["chair"])
    page = client.get(url("report-preview", report)).content.decode()
    assert "DRAFT – not issued" in page
    assert "Measure 2: Improve the quality of assessments" in page
    assert "Performance failing to meet targets and timescales" in page
    assert scene.open_title in page and scene.restricted_title not in page


@pytest.mark.pdf
def test_a_draft_pdf_is_built_in_the_request_and_downloaded_marked_draft(client, scene, personas, today):
    report = make_report(scene.notice, personas["chair"])
    client.force_login(personas["chair"])
    assert client.post(url("report-draft-build", report)).status_code == 302
    report.refresh_from_db()
    assert report.build_status == "done" and report.draft_file
    response = client.get(url("report-draft-download", report))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="medway-council-chair-report-2014-08-21-DRAFT.pdf"' in response["Content-Disposition"]


@pytest.mark.pdf
def test_issuing_stores_the_pdf_and_records_who_and_when(client, scene, personas, today):
    report = make_report(scene.notice, personas["chair"])
    client.force_login(personas["chair"])
    assert client.get(url("report-issue", report)).status_code == 200
    response = client.post(url("report-issue", report))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "issued" and report.issued_on == today and report.issued_by == personas["chair"]
    assert report.pdf_name == "medway-council-chair-report-2014-08-21.pdf" and len(report.pdf_sha256) == 64
    assert report.snapshot is not None and report.snapshot["period_end"] == "2014-08-20"
    assert SecurityEvent.objects.filter(kind="report_issued", object_ref=f"reports.Report:{report.pk}").exists()


@pytest.mark.pdf
def test_an_observer_downloads_the_issued_file_with_its_name_and_the_download_is_recorded(client, scene, personas):
    report = issue_for_real(make_report(scene.notice, personas["chair"]), personas["chair"])
    client.force_login(personas["observer"])
    response = client.get(url("report-download", report))
    assert response.status_code == 200
    assert 'filename="medway-council-chair-report-2014-08-21.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == report.pdf_file.open("rb").read()
    assert SecurityEvent.objects.filter(kind="report_download", user=personas["observer"]).count() == 1


def test_observers_and_other_writers_never_see_a_draft(client, scene, personas):
    report = make_report(scene.notice, personas["chair"])
    for persona in ("observer", "lead_member", "officer"):
        client.force_login(personas[persona])
        for name in ("report-detail", "report-preview"):
            assert client.get(url(name, report)).status_code == 404
        assert str(report) not in client.get(reverse("reports:report-list", args=[scene.notice.pk])).content.decode()


@pytest.mark.pdf
def test_the_verification_page_shows_the_sha256_and_compares_a_copy(client, scene, personas):
    report = issue_for_real(make_report(scene.notice, personas["chair"]), personas["chair"])
    client.force_login(personas["observer"])
    page = client.get(url("report-verify", report)).content.decode()
    assert report.pdf_sha256 in page
    genuine = client.post(url("report-verify", report), {"copy": tiny_upload(report.pdf_file.open("rb").read())})
    assert "It matches." in genuine.content.decode()
    forged = client.post(url("report-verify", report), {"copy": tiny_upload(b"%PDF-1.4 not the report")})
    assert "It does not match." in forged.content.decode()


def test_the_list_shows_the_schedule_with_the_next_and_late_reports(client, scene, personas, settings):
    settings.NOTICE_TRACKER_TODAY = date(2014, 9, 1)
    client.force_login(personas["observer"])
    page = client.get(reverse("reports:report-list", args=[scene.notice.pk])).content.decode()
    assert "Late:</strong> Chair&#x27;s 3-monthly report to the Minister, due 21 August 2014" in page
    assert 'due <span data-fact="next-report">21 November 2014</span>' in page


@pytest.mark.pdf
def test_the_list_and_detail_pages_read_in_a_fixed_number_of_queries(
    client, scene, personas, django_assert_num_queries
):
    chair = personas["chair"]
    first = issue_for_real(make_report(scene.notice, chair), chair)
    client.force_login(chair)
    list_url = reverse("reports:report-list", args=[scene.notice.pk])
    # session, user, membership; the notice's stored position (one query); the list
    client.get(list_url)
    with django_assert_num_queries(5):
        client.get(list_url)
    for kind in ("review_pack", "chair_report", "mscb_update"):
        make_report(
            scene.notice,
            personas["mscb_chair" if kind == "mscb_update" else "chair"],
            kind=kind,
            period=(date(2014, 8, 21), date(2014, 11, 20)),
        )
    client.get(list_url)
    with django_assert_num_queries(5):
        client.get(list_url)
    # session, user, membership; the report; its sections; its history
    with django_assert_num_queries(6):
        client.get(url("report-detail", first))


@pytest.mark.parametrize(
    "start, end", [("21/05/2014", "20/08/2014"), ("2014-05-21", "2014-08-20"), ("21 May 2014", "20 Aug 2014")]
)
def test_the_period_saves_typed_the_british_way_iso_or_in_words(client, scene, personas, start, end):
    client.force_login(personas["chair"])
    response = client.post(
        reverse("reports:report-create", args=[scene.notice.pk]),
        {"kind": "chair_report", "period_start": start, "period_end": end},
    )
    assert response.status_code == 302
    assert (Report.objects.get().period_start, Report.objects.get().period_end) == (
        date(2014, 5, 21),
        date(2014, 8, 20),
    )


def test_a_period_date_that_is_not_one_is_refused_naming_it(client, scene, personas):
    client.force_login(personas["chair"])
    response = client.post(
        reverse("reports:report-create", args=[scene.notice.pk]),
        {"kind": "chair_report", "period_start": "21/05/2014", "period_end": "soon"},
    )
    assert "Enter the last day of the period as a date, for example 21/05/2014." in response.content.decode()
    assert "For example, 21/05/2014." in response.content.decode()


def _with_a_draft_pdf(report: Report) -> Report:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from reporting.tests.report_factories import TINY_PDF

    report.draft_file.save("draft.pdf", ContentFile(TINY_PDF), save=False)
    Report.objects.filter(pk=report.pk).update(draft_file=report.draft_file.name, draft_built_at=timezone.now())
    report.refresh_from_db()
    return report


def test_a_draft_pdf_download_is_written_to_the_security_log(client, scene, personas, today):
    # Security review (issue 13), finding 9.
    report = _with_a_draft_pdf(make_report(scene.notice, personas["chair"]))
    client.force_login(personas["administrator"])
    assert client.get(url("report-draft-download", report)).status_code == 200
    event = SecurityEvent.objects.get(kind="report_draft_download")
    assert event.user == personas["administrator"] and event.notice == scene.notice
    assert event.object_ref == f"reports.Report:{report.pk}" and event.detail.endswith("-DRAFT.pdf")


def test_only_a_writer_of_the_report_builds_its_draft_pdf(client, scene, personas, today):
    # Security review (issue 13), finding 11: the administrator reads the Chair's draft but writes no report.
    report = _with_a_draft_pdf(make_report(scene.notice, personas["chair"]))
    built = (report.draft_file.name, report.draft_built_at)
    client.force_login(personas["administrator"])
    assert "Build a draft PDF" not in client.get(url("report-detail", report)).content.decode()
    assert client.post(url("report-draft-build", report)).status_code == 403
    report.refresh_from_db()
    assert (report.draft_file.name, report.draft_built_at) == built and report.build_status == "idle"
    assert "Download the draft PDF" in client.get(url("report-detail", report)).content.decode()


@pytest.mark.pdf
def test_an_issued_file_changed_in_storage_is_refused_and_the_mismatch_logged(client, scene, personas, caplog):
    report = issue_for_real(make_report(scene.notice, personas["chair"]), personas["chair"])
    with open(report.pdf_file.path, "r+b") as stored:  # someone with access to the disk edits the PDF
        stored.seek(-20, 2)
        stored.write(b"%% altered afterwards")
    client.force_login(personas["observer"])
    response = client.get(url("report-download", report))
    assert response.status_code == 409
    assert "does not match the SHA-256 recorded when it was issued" in response.content.decode()
    refusal = SecurityEvent.objects.get(kind="report_download", object_ref=f"reports.Report:{report.pk}")
    assert refusal.detail.startswith("Refused: the stored file's SHA-256 differs from the record")
    assert any("SHA-256" in record.getMessage() and record.levelname == "ERROR" for record in caplog.records)


def test_a_build_no_worker_starts_says_so_and_can_be_asked_for_again(client, scene, personas, today):
    report = make_report(scene.notice, personas["chair"])
    Report.objects.filter(pk=report.pk).update(
        build_status=Report.Build.QUEUED, build_requested_at=timezone.now() - timedelta(seconds=30)
    )
    client.force_login(personas["chair"])
    waiting = client.get(url("report-detail", report)).content.decode()
    assert 'http-equiv="refresh"' in waiting and url("report-draft-build", report) not in waiting
    assert client.post(url("report-draft-build", report)).status_code in (200, 302)
    report.refresh_from_db()
    requested = report.build_requested_at
    assert requested is not None and requested < timezone.now() - timedelta(
        seconds=20
    )  # refused: the first is under way

    Report.objects.filter(pk=report.pk).update(build_requested_at=timezone.now() - timedelta(minutes=3))
    stalled = client.get(url("report-detail", report)).content.decode()
    assert "No worker has started this build" in stalled and "manage.py rqworker default" in stalled
    assert 'http-equiv="refresh"' not in stalled and url("report-draft-build", report) in stalled
    asked = services.build_requested(report=report, by=personas["chair"], final=False, job_id="report-again")
    assert (asked.build_status, asked.build_job_id) == (Report.Build.QUEUED, "report-again")
    assert asked.is_under_way
