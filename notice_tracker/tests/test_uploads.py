import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidence.tests import factories
from notice_tracker.lib import uploads as filetypes
from notice_tracker.lib.uploads import RejectedFile, check_upload, safe_filename

LIMIT = 1024 * 1024


def check(content: bytes, name: str, *, size: int | None = None, max_bytes: int = LIMIT):
    return check_upload(
        io.BytesIO(content), name=name, size=len(content) if size is None else size, max_bytes=max_bytes
    )


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (factories.pdf(), "report.pdf", "application/pdf"),
        (factories.PNG, "chart.png", "image/png"),
        (factories.JPEG, "photo.JPG", "image/jpeg"),
        (factories.ooxml("word/"), "minutes.docx", filetypes.DOCX.content_type),
        (factories.ooxml("xl/"), "figures.xlsx", filetypes.XLSX.content_type),
        (factories.ooxml("ppt/"), "board.pptx", filetypes.PPTX.content_type),
        (factories.OLE2, "old.doc", "application/msword"),
        (factories.OLE2, "old.xls", "application/vnd.ms-excel"),
        (factories.OLE2, "old.ppt", "application/vnd.ms-powerpoint"),
        (b"month,cases\n2014-06,40\n", "figures.csv", "text/csv"),
        ("Notes from the visit – café, naïve".encode(), "notes.txt", "text/plain"),
        ("Windows notes – café".encode("cp1252"), "notes.txt", "text/plain"),
    ],
)
def test_each_allowed_type_is_recognised_from_its_content(content, name, content_type):
    result = check(content, name)
    assert result.file_type.content_type == content_type
    assert result.size == len(content)
    assert len(result.sha256) == 64


def test_sha256_is_that_of_the_whole_file_read_in_chunks():
    import hashlib

    content = factories.pdf() + b"x" * (filetypes.CHUNK * 3 + 7)
    assert check(content, "big.pdf").sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (factories.HTML, "report.pdf", "not PDF, Word"),
        (factories.EXE, "report.pdf", "not PDF, Word"),
        (factories.HTML, "page.txt", "not PDF, Word"),
        (b'<?xml version="1.0"?><svg onload="alert(1)"/>', "chart.txt", "not PDF, Word"),
        (factories.pdf(), "report.docx", "content is a PDF"),
        (factories.PNG, "photo.jpg", "content is a PNG image"),
        (b"a,b\n1,2\n", "data.xlsx", "content is a text file"),
        (factories.ooxml("word/"), "minutes.xlsx", "content is a Word document"),
        (b"PK\x03\x04 not really a zip", "minutes.docx", "not PDF, Word"),
        (factories.pdf(), "report.exe", "Files ending .exe are not accepted"),
        (factories.pdf(), "report", "Files ending .(none)"),
        (factories.pdf(), "report.html", "Files ending .html"),
    ],
)
def test_a_file_whose_content_does_not_match_an_allowed_type_and_its_name_is_refused(content, name, message):
    with pytest.raises(RejectedFile, match=message.replace("(", r"\(").replace(")", r"\)")):
        check(content, name)


def test_a_plain_zip_is_not_an_office_file():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    with pytest.raises(RejectedFile):
        check(buffer.getvalue(), "minutes.docx")


def test_an_empty_file_is_refused():
    with pytest.raises(RejectedFile, match="empty"):
        check(b"", "notes.txt")


def test_a_file_declared_larger_than_the_limit_is_refused_before_it_is_read():
    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("read before the size check")

    with pytest.raises(RejectedFile, match="largest allowed is 1.0 MB"):
        check_upload(Unreadable(), name="big.pdf", size=LIMIT + 1, max_bytes=LIMIT)


def test_a_file_whose_declared_size_lies_is_still_stopped_at_the_limit():
    with pytest.raises(RejectedFile, match="larger than"):
        check(factories.pdf() + b"x" * 2000, "big.pdf", size=10, max_bytes=1000)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\report.PDF", "report.pdf"),
        ("Ré union — notes.pdf", "Ré union — notes.pdf"),
        ("Re\u0301union.pdf", "Réunion.pdf"),  # decomposed accents are composed
        ("  .hidden.txt  ", "hidden.txt"),
        ('a<b>c:"d"|e?f*.csv', "abcdef.csv"),
        ("line\nbreak\x00.txt", "linebreak.txt"),
        ("....", "evidence"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ],
)
def test_file_names_are_made_safe_but_stay_readable(name, safe):
    assert safe_filename(name) == safe


@given(st.text())
def test_a_safe_name_never_holds_a_path_or_control_character(name):
    safe = safe_filename(name)
    assert safe and len(safe) <= 150
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert not any(ord(ch) < 32 for ch in safe)


@given(st.binary(max_size=2048), st.sampled_from(filetypes.ALLOWED_EXTENSIONS))
def test_any_bytes_are_either_accepted_as_a_type_matching_the_name_or_refused_with_a_message(content, extension):
    try:
        result = check(content, f"file.{extension}")
    except RejectedFile as error:
        assert str(error)
    else:
        assert extension in result.file_type.extensions


@pytest.mark.parametrize(
    ("content", "name"),
    [
        pytest.param(b"\xef\xbb\xbf<html><body>hi</body></html>", "notes.txt", id="bom-then-html"),
        pytest.param(b"<!-- a note -->\n<script>alert(1)</script>", "notes.txt", id="comment-then-script"),
        pytest.param(b"Visit notes\nSee <img src=x onerror=alert(1)> here\n", "notes.txt", id="img-onerror"),
        pytest.param(b"name,comment\nJo,<svg/onload=alert(1)>\n", "figures.csv", id="csv-with-svg"),
        pytest.param(("x" * 9000 + "\n<script>alert(1)</script>").encode(), "notes.txt", id="script-past-the-head"),
        pytest.param(b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00", "notes.txt", id="utf16-html"),
    ],
)
def test_plain_text_with_markup_anywhere_is_not_plain_text(content, name):
    with pytest.raises(RejectedFile, match="not PDF, Word"):
        check(content, name)


def test_a_pdf_html_polyglot_is_refused():
    polyglot = b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n" + factories.pdf()[9:]
    with pytest.raises(RejectedFile, match="web page"):
        check(polyglot, "report.pdf")


@pytest.mark.parametrize(
    "text",
    [
        b"Caseload < 18 for 3 months; target <= 20 and ratio 1<2.\n",
        b"Email <jo@example.org> about the <b>bold</b> claim? No: a <br> is just text here.\n",
        b"Section 3 <of the notice> says the Board meets monthly.\n",
    ],
)
def test_ordinary_text_with_angle_brackets_is_still_plain_text(text):
    assert check(text, "notes.txt").file_type.content_type == "text/plain"
