"""The generated PDFs, read back with pypdf: the facts from the data, the page furniture, the
DRAFT marking, tagging and metadata, and no restricted evidence."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from reporting import pdf as report_pdf
from reporting.selectors import report_data
from reporting.tests import report_factories
from reporting.tests.report_factories import Q1, make_report, make_scene, pdf_text
from reporting.types import snapshot_of
from reports.models import Report


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def scene(personas):
    return make_scene(personas)


@pytest.fixture
def draft_pdf(scene, personas) -> bytes:
    report = make_report(scene.notice, personas["chair"], period=Q1)
    return report_pdf.render_pdf(report_data(report))


@pytest.fixture
def issued(scene, personas) -> Report:
    chair = personas["chair"]
    mscb = make_report(scene.notice, personas["mscb_chair"], kind=Report.Kind.MSCB, period=Q1)
    mscb.executive_summary = "The MSCB has agreed a new threshold document with partners."
    mscb.save()
    report_factories.issue_quickly(mscb, personas["mscb_chair"], on=date(2014, 8, 18))
    # The draft the `draft_pdf` fixture started, when a test takes both: one draft per period.
    report = Report.objects.drafts().filter(notice=scene.notice, kind=Report.Kind.CHAIR).first() or make_report(
        scene.notice, chair, period=Q1
    )
    report.executive_summary, report.mscb_assessment = "Progress is real but fragile.", "The MSCB update is credible."
    report.save()
    return report_factories.issue_for_real(report, chair, on=date(2014, 8, 21))


@pytest.mark.pdf
def test_each_measure_heading_and_its_period_counts_are_in_the_pdf(draft_pdf, scene):
    text = flat(" ".join(pdf_text(draft_pdf)))
    assert "Measure 2: Improve the quality of assessments" in text
    assert "Measure 3: Strengthen the voice of the child" in text
    # Measure 2: A-1 completed in Q1; due in it; A-2 and A-3 (completed only in September) overdue at its end.
    assert (
        "Actions completed in the period: 1. Actions due in the period: 3. Actions overdue at the end of the period: 2."
    ) in text
    # Measure 3: B-1 due and completed in Q1.
    assert (
        "Actions completed in the period: 1. Actions due in the period: 1. Actions overdue at the end of the period: 0."
    ) in text


@pytest.mark.pdf
def test_the_summary_totals_count_the_whole_notice_for_the_period(draft_pdf):
    text = flat(" ".join(pdf_text(draft_pdf)))
    assert "Actions completed in the period 2" in text
    assert "Actions due in the period 4" in text
    assert "Actions overdue at the end of the period 2" in text
    assert "Evidence items accepted for the period 1" in text
    assert "Improvement Board meetings held 2" in text


@pytest.mark.pdf
def test_each_failing_indicator_is_named_with_its_latest_value(draft_pdf):
    text = flat(" ".join(pdf_text(draft_pdf)))
    # The section flows on from what comes before it: read from its heading on.
    failing = text[text.index("Performance failing to meet targets and timescales Section 12") :]
    # The period ends on 20 August, before August's figure can be known: July's is the latest.
    assert "ASSESS-45 Assessments completed within 45 working days: 68% in July 2014" in failing


@pytest.mark.pdf
def test_board_meetings_and_the_gap_in_the_monthly_cadence_are_reported(draft_pdf):
    text = flat(" ".join(pdf_text(draft_pdf)))
    assert "2 meetings held in the period; a DfE official attended 1." in text
    assert "Gap flagged: no meeting between 17 June 2014 and 19 August 2014 (63 days)." in text


@pytest.mark.pdf
def test_every_page_says_page_x_of_y_and_official(draft_pdf):
    pages = pdf_text(draft_pdf)
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "OFFICIAL" in page


@pytest.mark.pdf
def test_the_contents_give_page_numbers(draft_pdf):
    contents = flat(pdf_text(draft_pdf)[1])
    assert re.search(r"Executive summary\s*\.*\s*2", contents)  # it follows the contents on their page
    assert re.search(r"Performance failing to meet targets and timescales\s*\.*\s*\d+", contents)


@pytest.mark.pdf
def test_every_page_of_a_draft_says_draft(draft_pdf):
    assert all("DRAFT" in page for page in pdf_text(draft_pdf))


@pytest.mark.pdf
def test_an_issued_report_does_not_say_draft_and_carries_its_issue_date(issued):
    pdf = issued.pdf_file.read()
    pages = pdf_text(pdf)
    assert not any("DRAFT" in page for page in pages)
    assert "21 August 2014" in flat(pages[0])


@pytest.mark.pdf
def test_restricted_evidence_never_appears_in_a_draft_an_issued_report_or_its_snapshot(draft_pdf, issued, scene):
    assert scene.open_title in flat(" ".join(pdf_text(draft_pdf)))
    for pdf in (draft_pdf, issued.pdf_file.read()):
        assert scene.restricted_title not in flat(" ".join(pdf_text(pdf)))
    assert scene.restricted_title not in str(issued.snapshot)
    assert scene.open_title in str(issued.snapshot)


@pytest.mark.pdf
def test_the_chair_report_includes_the_assessed_mscb_update(issued):
    text = flat(" ".join(pdf_text(issued.pdf_file.read())))
    assert "The MSCB has agreed a new threshold document with partners." in text
    assert "The MSCB update is credible." in text


@pytest.mark.pdf
def test_the_pdf_is_tagged_with_title_language_and_metadata(issued):
    reader = PdfReader(BytesIO(issued.pdf_file.read()))
    root = reader.root_object
    mark_info = root["/MarkInfo"]
    assert isinstance(mark_info, DictionaryObject) and bool(mark_info["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata is not None and reader.metadata.subject is not None
    assert (
        reader.metadata.title
        == "Medway Council: Chair's 3-monthly report to the Minister, 21 May 2014 to 20 August 2014"
    )
    assert reader.metadata.author == "chair, Independent Chair of the Improvement Board"
    assert "Improvement Notice" in reader.metadata.subject


@pytest.mark.pdf
def test_charts_are_vector_and_their_text_extractable(draft_pdf):
    text = " ".join(pdf_text(draft_pdf))
    assert "Per cent" in text or "%" in text  # axis text drawn as text, not paths
    reader = PdfReader(BytesIO(draft_pdf))
    images = sum(len(page.images) for page in reader.pages)
    assert images == 0  # nothing rasterised


@pytest.mark.pdf
def test_the_snapshot_holds_the_data_the_pdf_was_built_from(issued):
    snapshot = issued.snapshot
    assert snapshot["period_start"] == "2014-05-21" and snapshot["is_draft"] is False
    assert [m["reference"] for m in snapshot["measures"]] == ["2", "3"]
    assert snapshot["failing"][0]["code"] == "ASSESS-45" and snapshot["failing"][0]["latest"] == "68%"
    assert "chart" not in snapshot["failing"][0]


def test_report_data_reads_in_a_fixed_number_of_queries(scene, personas, django_assert_max_num_queries):
    from actions.tests import factories as action_factories
    from measures.tests import factories

    report = make_report(scene.notice, personas["chair"], period=Q1)
    report = Report.objects.select_related("notice__authority", "author").get(pk=report.pk)
    # Two positions: at the period's end (the facts) and on the day the report speaks from (what is next).
    with django_assert_max_num_queries(64) as small:
        report_data(report)
    for index in range(4):  # more measures, actions and indicators: no more queries
        measure = factories.make_measure(scene.notice, f"{5 + index}", heading=f"Measure heading {index}")
        requirement = factories.make_requirement(measure)
        action_factories.make_action(
            scene.notice,
            owner=personas["officer"],
            organisation=personas.organisation,
            requirements=[requirement],
            due_on=date(2014, 8, 1),
        )
    report = Report.objects.select_related("notice__authority", "author").get(pk=report.pk)
    with django_assert_max_num_queries(len(small.captured_queries)):
        data = report_data(report)
    assert len(data.measures) == 6
    assert snapshot_of(data)["totals"]["due"] == 8
