"""Word, Excel and PowerPoint files are zip archives: a zip bomb is refused from its directory alone."""

import io
import zipfile

import pytest
from django.urls import reverse

from evidence.tests import factories
from notice_tracker.lib import uploads as filetypes
from notice_tracker.lib.uploads import RejectedFile, ZipLimits, check_upload
from notice_tracker.tests import zipcraft

MB = 1024 * 1024


def office_zip(parts: dict[str, int], *, folder: str = "word/") -> bytes:
    """A .docx-shaped zip whose parts are `size` bytes of zeros each, written in 1 MB pieces."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, size in parts.items():
            with archive.open(f"{folder}{name}", "w", force_zip64=size > 1024 * MB) as entry:
                for offset in range(0, size, MB):
                    entry.write(bytes(min(MB, size - offset)))
    return buffer.getvalue()


def check(content: bytes, name: str = "minutes.docx"):
    return check_upload(io.BytesIO(content), name=name, size=len(content), max_bytes=25 * MB)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return office_zip({"document.xml": 300 * MB})


def test_a_docx_that_unpacks_to_300_mb_is_refused_without_unpacking_it(bomb, settings):
    assert len(bomb) < 1 * MB, "the bomb itself is small: about 300 KB"
    with pytest.raises(RejectedFile, match=r"would unpack to 300.0 MB; the most allowed is 200.0 MB"):
        check(bomb)


def test_a_bomb_under_the_total_limit_is_still_refused_for_its_packing_ratio(settings):
    settings.EVIDENCE_ZIP_MAX_UNPACKED_BYTES = 500 * MB
    with pytest.raises(RejectedFile, match="zip bomb"):
        check(office_zip({"document.xml": 50 * MB}))


def test_an_office_file_with_too_many_parts_is_refused(settings):
    settings.EVIDENCE_ZIP_MAX_ENTRIES = 50
    many = office_zip({f"media/image{n}.png": 10 for n in range(60)})
    with pytest.raises(RejectedFile, match="holds 61 parts"):
        check(many)


def test_real_office_files_are_still_accepted():
    for folder, name in [("word/", "minutes.docx"), ("xl/", "figures.xlsx"), ("ppt/", "board.pptx")]:
        assert check(factories.ooxml(folder), name).file_type.extensions == (name.rsplit(".")[-1],)


def test_a_large_but_ordinary_part_is_accepted():
    limits = ZipLimits(max_ratio=200)
    ordinary = zipfile.ZipInfo("word/document.xml")
    ordinary.file_size, ordinary.compress_size = 40 * MB, 4 * MB  # text compresses about 10:1
    limits.check([ordinary])


def test_the_limits_come_from_settings(settings):
    settings.EVIDENCE_ZIP_MAX_ENTRIES, settings.EVIDENCE_ZIP_MAX_UNPACKED_BYTES = 7, 8
    assert filetypes.ZipLimits.from_settings() == ZipLimits(
        max_entries=7, max_unpacked_bytes=8, max_ratio=settings.EVIDENCE_ZIP_MAX_RATIO
    )


def test_uploading_a_zip_bomb_shows_why_it_was_refused(client, personas, bomb):
    client.force_login(personas["officer"])
    data = {**factories.item_data(), "file": factories.upload("minutes.docx", bomb)}
    response = client.post(reverse("evidence:item-submit", args=[personas.notice.pk]), data)
    assert response.status_code == 200
    assert "would unpack to 300.0 MB" in response.content.decode()


def test_a_docx_that_declares_1000_bytes_but_unpacks_to_300_mb_is_refused_while_inflating():
    liar = zipcraft.with_declared_size(zipcraft.zeros_docx(300 * MB), "word/document.xml", 1000)
    assert zipfile.ZipFile(io.BytesIO(liar)).getinfo("word/document.xml").file_size == 1000
    with pytest.raises(RejectedFile, match="cannot be accepted"):
        check(liar)


def test_a_part_that_unpacks_to_more_than_it_declares_is_refused_even_when_small():
    liar = zipcraft.with_declared_size(factories.ooxml("word/"), "word/document.xml", 2)
    with pytest.raises(RejectedFile, match="unpacks to more than it declares"):
        check(liar)


def test_the_total_is_counted_from_the_inflated_bytes_and_stops_at_the_limit():
    limits = ZipLimits(max_unpacked_bytes=5 * MB, max_ratio=10_000)
    liar = zipcraft.with_declared_size(zipcraft.zeros_docx(50 * MB), "word/document.xml", 1000)
    with pytest.raises(RejectedFile, match=r"unpacks to more than 5.0 MB"):
        filetypes.check_zip(io.BytesIO(liar), limits)
