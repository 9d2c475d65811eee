"""Issue 14 on a small notice: build_report's errors, a late report's reason, the editor's facts,
the Word copy, the tense of the issue date and the sign-off."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from reporting import selectors, services
from reporting.tense import told
from reporting.tests.report_factories import Q1, make_report, make_scene, pdf_text
from reporting.types import snapshot_of
from reports.models import Report


@pytest.fixture
def scene(personas):
    return make_scene(personas)  # the Chair reports every 3 months from 21 May 2014: Q1's report is due 21 August


def url(name: str, report: Report) -> str:
    return reverse(f"reports:{name}", args=[report.notice_id, report.pk])


def flat(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------------------ build_report


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999", "--kind", "chair", "--period-end", "2014-08-20"], "No notice with id 999"),
        (["{n}", "--kind", "minister", "--period-end", "2014-08-20"], "Unknown kind 'minister'"),
        (["{n}", "--kind", "chair", "--period-end", "20/08/2014"], "Not a date"),
        (["{n}", "--kind", "chair", "--period-end", "2014-08-20", "--format", "odt"], "Unknown format"),
        (["{n}", "--kind", "chair", "--period-end", "2014-07-31"], "call for no Chair's 3-monthly report"),
        (["{n}", "--kind", "chair", "--period-end", "2013-08-20"], "before the notice was issued"),
        (["{n}", "--kind", "chair", "--period-end", "2030-08-20"], "after today"),
    ],
)
def test_build_report_refuses_bad_arguments_with_a_clear_error(scene, settings, tmp_path, args, message):
    settings.NOTICE_TRACKER_TODAY = date(2014, 9, 1)
    output = tmp_path / "report.pdf"
    args = [arg.format(n=scene.notice.pk) for arg in args]
    with pytest.raises(CommandError, match=message):
        call_command("build_report", *args, "--output", str(output), stdout=io.StringIO())
    assert not output.exists()


def test_build_report_as_word_stores_nothing(scene, settings, tmp_path):
    settings.NOTICE_TRACKER_TODAY = date(2014, 9, 1)
    output = tmp_path / "report.docx"
    before = Report.objects.count()
    call_command(
        "build_report",
        str(scene.notice.pk),
        "--kind=chair",
        "--period-end=2014-08-20",
        "--format=docx",
        f"--output={output}",
        stdout=io.StringIO(),
    )
    assert Report.objects.count() == before
    document = docx.Document(str(output))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert "Measure 2: Improve the quality of assessments" in headings
    assert "Measure 3: Strengthen the voice of the child" in headings
    assert any(h.startswith("ASSESS-45 Assessments completed within 45 working days") for h in headings)
    assert len(document.inline_shapes) >= 1  # the failing indicator's chart, as PNG


# ------------------------------------------------------------------------------ late reports


def test_issuing_a_late_report_asks_why_and_refuses_without_a_reason(client, scene, personas, settings):
    settings.NOTICE_TRACKER_TODAY = date(2014, 8, 27)  # due 21 August
    report = make_report(scene.notice, personas["chair"], period=Q1)
    client.force_login(personas["chair"])
    page = client.get(url("report-issue", report)).content.decode()
    assert "This report is late." in page and "6 days late" in page and "Why is the report issued late?" in page
    response = client.post(url("report-issue", report), {"late_reason": "  "})
    assert response.status_code == 200
    assert "Say why the report is issued after the date it was due." in response.content.decode()
    report.refresh_from_db()
    assert report.status == "draft" and report.late_reason == ""


def test_a_report_issued_on_time_is_not_asked_why(client, scene, personas, settings):
    settings.NOTICE_TRACKER_TODAY = date(2014, 8, 21)
    report = make_report(scene.notice, personas["chair"], period=Q1)
    client.force_login(personas["chair"])
    page = client.get(url("report-issue", report)).content.decode()
    assert "This report is late." not in page and "late_reason" not in page


@pytest.mark.pdf
def test_the_late_reason_is_recorded_and_printed_in_the_issued_pdf(client, scene, personas, settings):
    settings.NOTICE_TRACKER_TODAY = date(2014, 8, 27)
    report = make_report(scene.notice, personas["chair"], period=Q1)
    client.force_login(personas["chair"])
    response = client.post(url("report-issue", report), {"late_reason": "The July figures were validated late."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "issued" and report.late_reason == "The July figures were validated late."
    pages = pdf_text(report.pdf_file.read())
    text = flat(" ".join(pages))
    assert "Due 21 August 2014; issued 6 days late" in text
    assert "Why late The July figures were validated late." in text
    last = flat(pages[-1])
    assert "Sign-off" in last and "Date issued 27 August 2014" in last
    # Where its SHA-256 is published (the address may wrap at a slash).
    assert f"/notices/{report.notice_id}/reports/{report.pk}/verify/" in last.replace(" ", "")


# ------------------------------------------------------------------------------ the editor


def test_the_editor_shows_each_measures_roll_up_and_facts_beside_its_judgement(client, scene, personas, settings):
    settings.NOTICE_TRACKER_TODAY = date(2014, 8, 21)
    report = make_report(scene.notice, personas["chair"], period=Q1)
    client.force_login(personas["chair"])
    page = client.get(url("report-edit", report)).content.decode()
    data = selectors.report_data(report, with_charts=False)
    for section in data.measures:
        fieldset = page[page.index(f"Measure {section.reference}: ") :]
        aside = fieldset[fieldset.index("<aside") : fieldset.index("</aside>")]
        assert fieldset.index("judgement") < fieldset.index("<aside")  # in the same fieldset as the judgement box
        assert "Roll-up at 20 August 2014:</strong> " in aside and section.rag_label in aside
        assert all(reason in aside for reason in section.reasons)
        assert f"{len(section.completed)} action" in aside and f"{len(section.overdue)} overdue" in aside


# ------------------------------------------------------------------------------ Word copies


def test_an_issued_reports_word_copy_says_the_pdf_is_the_record(client, scene, personas):
    report = make_report(scene.notice, personas["chair"], period=Q1)
    snapshot = snapshot_of(selectors.report_data(report, issuing_on=date(2014, 8, 21)))
    issued = services.report_issue(
        report_pk=report.pk, by=personas["chair"], on=date(2014, 8, 21), pdf=b"%PDF-1.4 test", snapshot=snapshot
    )
    client.force_login(personas["observer"])
    response = client.get(url("report-docx", issued))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    document = docx.Document(io.BytesIO(response.content))
    first = " ".join(p.text for p in document.paragraphs[:6])
    assert "The PDF is the record." in first and issued.pdf_sha256 in first
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert "Measure 2: Improve the quality of assessments" in headings
    assert len(document.inline_shapes) >= 1  # drawn again from the snapshot's chart arguments


# ------------------------------------------------------------------------------ tense


def test_sentences_about_the_deadline_follow_the_day_the_report_speaks_from():
    deadline = date(2015, 2, 23)
    sentence = "Not improving; the delivery deadline of 23 February 2015 will be missed."
    assert told(sentence, deadline=deadline, on=date(2015, 2, 20)) == sentence
    assert told(sentence, deadline=deadline, on=date(2015, 2, 27)).endswith("23 February 2015 was missed.")
    reason = "Latest figure 60%; it is not projected to meet the target by the delivery deadline of 23 February 2015."
    assert "it was not projected" in told(reason, deadline=deadline, on=date(2015, 2, 27))
