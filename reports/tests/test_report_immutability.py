"""An issued report can never be changed or deleted, through any path — and its stored bytes
still match the SHA-256 recorded when it was issued. Drafts, by contrast, change freely."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from measures.tests import factories
from reporting import services as report_services
from reporting.tests.report_factories import Q2, issue_quickly, make_report
from reports.models import IssuedReportError, Report, ReportSection


@pytest.fixture
def chair(personas):
    return personas["chair"]


@pytest.fixture
def issued(personas, chair) -> Report:
    factories.make_measure(personas.notice, "2", heading="Improve assessments")
    report = make_report(personas.notice, chair)
    report.executive_summary = "As issued."
    report.save()
    return issue_quickly(report, chair)


def unchanged(report: Report) -> bool:
    stored = Report._base_manager.get(pk=report.pk)
    sections = list(ReportSection._base_manager.filter(report=report).values_list("narrative", flat=True))
    return stored.status == "issued" and stored.executive_summary == "As issued." and sections == [""]


def test_a_draft_can_be_changed_and_deleted(personas, chair):
    draft = make_report(personas.notice, chair)
    draft.executive_summary = "Changed."
    draft.save()
    Report.objects.filter(pk=draft.pk).update(next_steps="Next.")
    ReportSection.objects.filter(report=draft).update(narrative="Written.")
    draft.delete()
    assert not Report.objects.filter(pk=draft.pk).exists()


def test_model_save_of_an_issued_report_is_refused(issued):
    issued.executive_summary = "Rewritten."
    with pytest.raises(IssuedReportError):
        issued.save()
    assert unchanged(issued)


def test_model_delete_of_an_issued_report_is_refused(issued):
    with pytest.raises(IssuedReportError):
        issued.delete()
    assert unchanged(issued)


def test_queryset_update_of_an_issued_report_is_refused(issued):
    with pytest.raises(IssuedReportError):
        Report.objects.filter(pk=issued.pk).update(executive_summary="Rewritten.")
    assert unchanged(issued)


def test_queryset_delete_of_an_issued_report_is_refused(issued):
    with pytest.raises(IssuedReportError):
        Report.objects.filter(notice=issued.notice).delete()
    assert unchanged(issued)


def test_sections_of_an_issued_report_cannot_be_saved_updated_deleted_or_added(issued):
    section = ReportSection.objects.get(report=issued)
    section.narrative = "Rewritten."
    with pytest.raises(IssuedReportError):
        section.save()
    with pytest.raises(IssuedReportError):
        section.delete()
    with pytest.raises(IssuedReportError):
        ReportSection.objects.filter(report=issued).update(narrative="Rewritten.")
    with pytest.raises(IssuedReportError):
        ReportSection.objects.filter(report=issued).delete()
    with pytest.raises(IssuedReportError):
        ReportSection.objects.bulk_create([ReportSection(report=issued, position=9, heading="Added")])
    with pytest.raises(IssuedReportError):
        ReportSection(report=issued, position=9, heading="Added").save()
    assert unchanged(issued)


def test_a_section_cannot_be_moved_out_of_an_issued_report(issued, personas, chair):
    draft = make_report(personas.notice, chair, period=Q2)
    section = ReportSection.objects.get(report=issued)
    section.report = draft
    section.position = 99
    with pytest.raises(IssuedReportError):
        section.save()
    assert unchanged(issued)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE reports_report SET executive_summary = 'Rewritten.' WHERE id = %s",
        "UPDATE reports_report SET status = 'draft' WHERE id = %s",
        "DELETE FROM reports_report WHERE id = %s",
        "UPDATE reports_reportsection SET narrative = 'Rewritten.' WHERE report_id = %s",
        "DELETE FROM reports_reportsection WHERE report_id = %s",
        "INSERT INTO reports_reportsection (report_id, position, heading, judgement, narrative) VALUES (%s, 9, 'Added', '', '')",
    ],
)
def test_the_database_refuses_raw_sql_that_would_change_an_issued_report(issued, sql):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [issued.pk])
    assert unchanged(issued)


def test_the_database_still_lets_raw_sql_change_a_draft(personas, chair):
    draft = make_report(personas.notice, chair)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reports_report SET executive_summary = 'Raw.' WHERE id = %s", [draft.pk])
        cursor.execute("UPDATE reports_reportsection SET narrative = 'Raw.' WHERE report_id = %s", [draft.pk])
    assert Report.objects.get(pk=draft.pk).executive_summary == "Raw."


def test_the_edit_form_refuses_an_issued_report(client, issued, chair):
    client.force_login(chair)
    url = reverse("reports:report-edit", args=[issued.notice_id, issued.pk])
    response = client.post(url, {"version": issued.version, "executive_summary": "Rewritten."})
    assert response.status_code == 403
    assert unchanged(issued)


def test_the_delete_page_refuses_an_issued_report(client, issued, chair):
    client.force_login(chair)
    response = client.post(reverse("reports:report-delete", args=[issued.notice_id, issued.pk]))
    assert response.status_code == 403
    assert unchanged(issued)


@pytest.fixture
def superuser(personas):
    return factories.make_user("superuser", is_staff=True, is_superuser=True)


def test_the_admin_neither_changes_nor_deletes_an_issued_report(client, issued, superuser):
    client.force_login(superuser)
    change = reverse("admin:reports_report_change", args=[issued.pk])
    assert client.get(change).status_code == 200  # it can be read
    response = client.post(
        change, {"executive_summary": "Rewritten.", "sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0"}
    )
    assert response.status_code == 403
    assert client.post(reverse("admin:reports_report_delete", args=[issued.pk]), {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:reports_report_changelist"),
        {"action": "delete_selected", "_selected_action": [issued.pk], "post": "yes"},
    )
    assert bulk.status_code in (302, 403)
    assert unchanged(issued)


def test_the_admin_can_still_fix_a_drafts_words(client, personas, chair, superuser):
    draft = make_report(personas.notice, chair)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:reports_report_change", args=[draft.pk]),
        {
            "executive_summary": "Fixed.",
            "overall_judgement": "",
            "mscb_assessment": "",
            "next_steps": "",
            "correction_note": "",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
            "sections-MIN_NUM_FORMS": "0",
            "sections-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    assert Report.objects.get(pk=draft.pk).executive_summary == "Fixed."


def test_the_stored_bytes_still_match_the_sha256_and_tampering_would_show(issued):
    assert report_services.sha256_of_stored(issued) == issued.pdf_sha256
    with open(issued.pdf_file.path, "ab") as stored:
        stored.write(b"%tampered")
    assert report_services.sha256_of_stored(issued) != issued.pdf_sha256


def test_issuing_twice_is_refused(issued, chair):
    with pytest.raises(IssuedReportError):
        issue_quickly(issued, chair, on=date(2014, 9, 1))
    assert Report.objects.get(pk=issued.pk).issued_on == date(2014, 8, 21)


def test_a_correction_supersedes_the_issued_report_which_stays_as_it_was(client, issued, chair):
    client.force_login(chair)
    response = client.post(reverse("reports:report-correct", args=[issued.notice_id, issued.pk]))
    correction = Report.objects.get(supersedes=issued)
    assert response.status_code == 302 and response["Location"].endswith(f"/{correction.pk}/edit/")
    assert correction.executive_summary == "As issued." and correction.status == "draft"
    issue_quickly(correction, chair, on=date(2014, 9, 1))
    assert unchanged(issued)
    for report in (issued, correction):
        download = client.get(reverse("reports:report-download", args=[report.notice_id, report.pk]))
        assert download.status_code == 200
    second = client.post(reverse("reports:report-correct", args=[issued.notice_id, issued.pk]))
    assert second.status_code == 302 and Report.objects.filter(supersedes=issued).count() == 1
