"""Importing a notice from the PDF DfE publishes: the same notice as its text, furniture gone, bad PDFs refused.

The PDFs are printed here from the text notices (notice_pdf.py), with a two-column running
head carrying an OFFICIAL mark, a running foot with "Page N of M" and footnote numbers as
small raised digits, so everything the reader has to strip or recognise is really there.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError
from pypdf import PdfReader, PdfWriter

from measures.importer.parser import NoticeParseError, ParsedNotice, parse_notice, read_notice
from measures.importer.pdf import NO_TEXT
from measures.models import Duty, Measure, Notice, Requirement
from measures.tests.notice_pdf import image_only_pdf, notice_pdf
from measures.tests.notice_samples import SAMPLES, load, medway_path
from measures.tests.test_import_notice import row_counts, run

pytestmark = pytest.mark.pdf

MEDWAY_HEAD = "Improvement Notice – Medway Council"


@pytest.fixture(scope="module")
def medway_pdf() -> bytes:
    return notice_pdf(medway_path().read_text(encoding="utf-8"), head=MEDWAY_HEAD)


def snapshot(notice: ParsedNotice) -> dict:
    """Everything the import stores, as plain values."""
    return {
        "header": (
            notice.title,
            notice.authority_name,
            notice.authority_address,
            notice.issued_on,
            notice.signed_by,
            notice.signatory_role,
            notice.supersedes_issued_on,
            notice.delivery_deadline,
        ),
        "background": notice.background,
        "consequence": notice.consequence,
        "sections": notice.sections,
        "measures": [
            (m.reference, m.printed_number, m.heading, m.intro, m.closing, tuple(m.footnotes)) for m in notice.measures
        ],
        "requirements": [
            (r.reference, r.text, r.subheading, r.kind, tuple(r.footnotes))
            for m in notice.measures
            for r in m.requirements
        ],
        "duties": [
            (
                d.code,
                d.title,
                d.section,
                " ".join(d.source_text.split()),
                d.responsible,
                d.recipient,
                d.cadence_months,
                d.cadence_weeks,
                d.due_on,
                d.starts_on,
            )
            for d in notice.duties
        ],
        "source_reports": [(s.title, s.published_on) for s in notice.source_reports],
    }


def test_pdf_of_medway_parses_to_exactly_what_its_text_gives(medway_pdf):
    source = read_notice(medway_pdf, source_name="medway.pdf")
    assert source.kind == "pdf"
    from_pdf, from_text = parse_notice(source.text), load(medway_path())
    assert snapshot(from_pdf) == snapshot(from_text)
    assert len(from_pdf.measures) == 10
    assert sum(len(m.requirements) for m in from_pdf.measures) == 45


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_pdf_of_each_sample_notice_parses_to_what_its_text_gives(path: Path):
    pdf = notice_pdf(path.read_text(encoding="utf-8"), head=f"Improvement Notice {path.stem}")
    assert snapshot(parse_notice(read_notice(pdf).text)) == snapshot(load(path))


def test_page_furniture_is_removed_and_the_import_says_so(medway_pdf):
    source = read_notice(medway_pdf)
    assert "OFFICIAL" not in source.text
    assert "Page 1 of" not in source.text and MEDWAY_HEAD not in source.text
    assert "Department for Education OFFICIAL" not in source.text
    pages = len(PdfReader(io.BytesIO(medway_pdf)).pages)
    assert pages > 3  # so running furniture really repeats
    assert f"Page furniture removed from {pages} pages: 'Department for Education OFFICIAL Page N of N'." in (
        source.notes
    )


def test_footnote_numbers_printed_small_and_raised_are_lifted_like_the_texts(medway_pdf):
    notice = parse_notice(read_notice(medway_pdf).text)
    requirement = next(r for m in notice.measures for r in m.requirements if r.reference == "3(i).1")
    assert requirement.text.endswith("'Working Together to Safeguard Children 2013'.")
    assert requirement.footnotes[0].startswith("Statutory Guidance: 'Working Together")
    assert "education.gov.uk" in requirement.footnotes[0]


def stored() -> dict[str, list]:
    requirements = Requirement.objects.order_by("measure__position", "position")
    duties = Duty.objects.values_list("code", "cadence_months", "cadence_weeks", "due_on", "starts_on")
    return {
        "measures": list(Measure.objects.order_by("position").values_list("reference", "heading")),
        "requirements": list(requirements.values_list("reference", "text", "footnotes")),
        "duties": sorted(duties),
    }


@pytest.mark.django_db
def test_import_notice_on_the_medway_pdf_stores_what_the_text_stores(tmp_path, medway_pdf):
    pdf = tmp_path / "medway.pdf"
    pdf.write_bytes(medway_pdf)
    output = run(pdf)
    assert "10 measures, 45 requirements, 10 duties" in output
    assert "Read from a PDF of" in output and "Page furniture removed" in output
    notice = Notice.objects.get()
    assert (notice.authority.name, notice.issued_on, notice.delivery_deadline) == (
        "Medway Council",
        date(2014, 5, 21),
        date(2015, 2, 23),
    )
    from_pdf = stored()
    Notice.objects.all().delete()
    run(medway_path())
    from_text = stored()
    assert from_pdf == from_text


@pytest.mark.django_db
def test_importing_the_same_pdf_again_changes_nothing(tmp_path, medway_pdf):
    pdf = tmp_path / "medway.pdf"
    pdf.write_bytes(medway_pdf)
    run(pdf)
    before = row_counts()
    assert "nothing changed" in run(pdf)
    assert row_counts() == before


def _encrypted(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _letter_pdf() -> bytes:
    letter = "Dear colleague,\n\nPlease find attached the agenda for the next Board.\n\nYours sincerely\n"
    return notice_pdf(letter, head="Board papers")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda pdf: b"", "is empty"),
        (lambda pdf: image_only_pdf(), "this PDF has no text to read"),
        (_encrypted, "password-protected PDF"),
        (lambda pdf: _letter_pdf(), "No numbered sections found"),
        (lambda pdf: pdf[: len(pdf) // 3], "damaged PDF"),
    ],
    ids=["empty", "image-only", "encrypted", "not-a-notice", "truncated"],
)
def test_bad_pdfs_get_a_clear_error_and_nothing_is_written(tmp_path, medway_pdf, make, message):
    path = tmp_path / "notice.pdf"
    path.write_bytes(make(medway_pdf))
    with pytest.raises(CommandError) as error:
        run(path)
    assert message in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert row_counts() == {"notices": 0, "measures": 0, "requirements": 0, "duties": 0, "history": 0}


def test_a_scanned_pdf_is_refused_asking_for_the_accessible_version():
    with pytest.raises(NoticeParseError) as error:
        read_notice(image_only_pdf(), source_name="scan.pdf")
    assert str(error.value) == f"scan.pdf: {NO_TEXT}"
    assert "ask DfE for the accessible version" in str(error.value)


def test_a_pdf_opened_without_a_password_is_read():
    """Owner-only encryption (printing or copying limits) still lets anyone read the text."""
    pdf = notice_pdf((SAMPLES / "holmbury-2016-02-01.txt").read_text(encoding="utf-8"))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    assert parse_notice(read_notice(out.getvalue()).text).authority_name == "Holmbury Metropolitan Borough Council"
