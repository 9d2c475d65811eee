"""Issue 14's acceptance: the demo's Chair's report for the period ending 20 February 2015, built by
`build_report` as the Minister's office would read it, as PDF and as Word."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from measures.models import Duty, Measure
from progress.position import notice_position
from reporting.selectors import draft_from_data, report_data
from reporting.tests.report_factories import pdf_text
from tests.demo import DEMO_TODAY

pytestmark = pytest.mark.pdf  # the demo issues PDFs, and the report is one

PERIOD_END = date(2015, 2, 20)
MAX_PAGES = 20


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def built(loaded_demo, django_db_blocker, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("built")
    files = {}
    with django_db_blocker.unblock():
        for fmt in ("pdf", "docx"):
            files[fmt] = folder / f"chair.{fmt}"
            call_command(
                "build_report",
                str(loaded_demo.pk),
                "--kind=chair",
                f"--period-end={PERIOD_END.isoformat()}",
                f"--format={fmt}",
                f"--output={files[fmt]}",
                stdout=io.StringIO(),
            )
    return files


@pytest.fixture(scope="module")
def pages(built) -> list[str]:
    return pdf_text(built["pdf"].read_bytes())


@pytest.fixture
def expected(loaded_demo, db) -> tuple[list[str], list[tuple[str, str]]]:
    """Every measure heading, and every failing indicator's code and name, as the position has them."""
    headings = [f"Measure {m.reference}: {m.heading}" for m in Measure.objects.filter(notice=loaded_demo)]
    failing = [
        (row.indicator.code, row.indicator.name)
        for row in notice_position(loaded_demo, on=PERIOD_END).indicators
        if row.assessment.on_failing_list
    ]
    assert headings and failing
    return headings, failing


def test_the_report_fits_in_twenty_pages_with_page_x_of_y_on_every_one(pages):
    assert len(pages) <= MAX_PAGES
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page


def test_every_measure_heading_and_failing_indicator_is_in_the_text(pages, expected):
    text = flat(" ".join(pages))
    headings, failing = expected
    for heading in headings:
        assert flat(heading) in text
    for code, name in failing:
        assert f"{code} {name}" in text


def test_the_pdf_is_tagged_with_a_title_and_every_chart_titled_as_alt_text(built, expected):
    reader = PdfReader(built["pdf"])
    root = reader.root_object
    mark_info = root["/MarkInfo"]
    assert isinstance(mark_info, DictionaryObject) and bool(mark_info["/Marked"])
    assert reader.metadata is not None
    assert reader.metadata.title == (
        "Medway Council: Chair's 3-monthly report to the Minister, 21 November 2014 to 20 February 2015"
    )
    alts = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, DictionaryObject):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                walk(kids)
        elif isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)

    walk(root["/StructTreeRoot"])
    _headings, failing = expected
    for code, name in failing:
        assert any(alt.startswith(f"{code} {name} (") and ", target " in alt for alt in alts), code


def test_no_page_but_the_cover_is_under_a_third_full(built):
    """Measured from the text's positions (pdftotext -bbox): the lowest line of body text on each page."""
    out = subprocess.run(["pdftotext", "-bbox", str(built["pdf"]), "-"], capture_output=True, text=True, check=True)
    fills = []
    for page in out.stdout.split("<page ")[1:]:
        size = re.search(r'height="([\d.]+)"', page)
        assert size is not None
        height = float(size.group(1))
        top, bottom = height * 24 / 297, height - height * 22 / 297  # the @page margins
        words = re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', page)
        lows = [float(m.group(2)) for m in words if top < float(m.group(1)) < bottom]
        fills.append((max(lows) - top) / (bottom - top) if lows else 0.0)
    assert all(fill >= 1 / 3 for fill in fills[1:]), fills


def test_the_figures_are_for_periods_ended_by_the_position_date(pages):
    text = flat(" ".join(pages))
    assert "in February 2015" not in text  # February's figures are not known on 20 February
    assert "January to March 2015" not in text and "Jan–Mar 2015" not in text
    assert "in January 2015" in text


def test_wording_follows_the_issue_date_and_milestones_are_the_real_next_ones(loaded_demo, db, pages):
    text = flat(" ".join(pages))
    # Built on 27 February: the delivery deadline of 23 February has passed.
    assert "will be missed" not in text and "was missed" in text
    report = draft_from_data(loaded_demo, kind="chair_report", period_end=PERIOD_END, today=DEMO_TODAY)
    data = report_data(report, with_charts=False)
    chair_duty = Duty.objects.get(notice=loaded_demo, code=Duty.Code.CHAIR_REPORT)
    own = [m for m in data.milestones if m.title == chair_duty.title]
    assert [m.due_on for m in own] == [date(2015, 5, 21)]  # the next report, never this one (due 21 February)
    board = notice_position(loaded_demo, on=DEMO_TODAY).duty(Duty.Code.BOARD_MEETING)
    assert board is not None and board.due_on is not None
    board_milestones = [m for m in data.milestones if m.title == board.duty.title]
    assert [m.due_on for m in board_milestones] == [board.due_on]  # after the meeting held since the period ended
    assert board.due_on > DEMO_TODAY


def test_the_duties_section_says_what_was_done_late_and_its_proof(pages):
    text = flat(" ".join(pages))
    duties = text[text.index("The notice's duties in the period What the notice") :]
    assert "External validation of progress" in duties
    assert "Report on progress to the Department for Education" in duties
    assert "Done" in duties and "Evidence:" in duties


def test_the_sign_off_is_on_the_last_page(pages):
    last = flat(pages[-1])
    assert "Sign-off" in last and "Signed off by Helen Ward" in last
    assert "Independent Chair of the Improvement Board" in last and "Date issued" in last


def test_the_word_copy_carries_every_measure_heading_and_failing_indicator(built, expected):
    document = docx.Document(str(built["docx"]))
    text = flat(" ".join(p.text for p in document.paragraphs))
    headings, failing = expected
    for heading in headings:
        assert flat(heading) in text
    for code, name in failing:
        assert f"{code} {name}" in text
    assert len(document.inline_shapes) >= len(failing)  # each failing indicator's chart, as PNG
    assert document.core_properties.title.startswith("Medway Council: Chair's 3-monthly report")
