"""Evidence a reviewer can see: PDF pages and images drawn on the server as PNG (evidence/previews.py)."""

import re
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from evidence.tests import factories

pytestmark = pytest.mark.django_db


def pdf_of(pages: int) -> bytes:
    """A real PDF of `pages` pages (Pillow writes one page per image), each a different grey."""
    images = [Image.new("RGB", (595, 842), (40 * n % 255, 200, 200)) for n in range(pages)]
    out = BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:])
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (300, 200), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010E] = "Taken at 12 Acacia Avenue"  # ImageDescription
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def preview_url(item, number=1, page=1):
    return reverse("evidence:revision-preview", args=[item.notice_id, item.pk, number, page])


def detail(client, item) -> str:
    response = client.get(reverse("evidence:item-detail", args=[item.notice_id, item.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_pdf_s_pages_are_shown_as_png_images_with_the_file_name_and_page_as_text(client, personas):
    item = factories.make_item(personas.notice, personas["officer"], file=(pdf_of(2), "case audit.pdf"))
    client.force_login(personas["chair"])
    html = detail(client, item)
    images = re.findall(r'<img src="([^"]+)"[^>]*alt="([^"]+)"', html)
    assert images == [
        (preview_url(item, 1, 1), "case audit.pdf, page 1 of 2"),
        (preview_url(item, 1, 2), "case audit.pdf, page 2 of 2"),
    ]
    response = client.get(preview_url(item, 1, 2))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    page = Image.open(BytesIO(response.content))
    assert page.format == "PNG" and page.width == 1240 and abs(page.height - 1754) <= 1  # A4, 150 dots an inch
    assert page.convert("RGB").getpixel((600, 800)) == (40, 200, 200)  # the second page's grey, not the first's


def test_pages_are_drawn_once_and_kept_under_the_file_s_checksum(client, personas):
    item = factories.make_item(personas.notice, personas["officer"], file=(pdf_of(1), "audit.pdf"))
    revision = item.current_revision
    assert revision is not None
    client.force_login(personas["officer"])
    detail(client, item)  # the page count, worked out on the first visit
    first = client.get(preview_url(item)).content
    assert default_storage.exists(f"previews/{revision.sha256}/1.png")
    assert default_storage.exists(f"previews/{revision.sha256}/info.json")
    default_storage.delete(str(revision.file.name))  # the upload gone: the kept page answers alone
    second = client.get(preview_url(item))
    assert second.status_code == 200 and second.content == first


def test_only_the_first_pages_are_drawn_and_the_rest_are_offered_as_a_download(client, personas, settings):
    settings.EVIDENCE_PREVIEW_PAGES = 2
    item = factories.make_item(personas.notice, personas["officer"], file=(pdf_of(5), "long.pdf"))
    client.force_login(personas["officer"])
    html = detail(client, item)
    assert len(re.findall(r"<img src=", html)) == 2
    assert re.search(r"3 more pages:\s*<a href=\"[^\"]+/revisions/1/\">download version 1 to see them</a>", html)
    assert client.get(preview_url(item, 1, 3)).status_code == 404


def test_an_image_is_re_encoded_as_png_without_its_metadata(client, personas):
    upload = jpeg_with_exif()
    item = factories.make_item(personas.notice, personas["officer"], file=(upload, "photo.jpg"))
    client.force_login(personas["officer"])
    assert 'alt="photo.jpg, the whole file"' in detail(client, item)
    response = client.get(preview_url(item))
    assert response["Content-Type"] == "image/png" and response.content != upload
    image = Image.open(BytesIO(response.content))
    assert image.format == "PNG" and image.size == (300, 200)
    assert not image.info.get("exif") and "Acacia" not in response.content.decode("latin-1")
    assert client.get(preview_url(item, 1, 2)).status_code == 404  # an image has one page


def test_a_damaged_file_gets_a_clear_no_preview_message_not_an_error(client, personas):
    damaged = b"%PDF-1.7\n" + b"this is not really a PDF\n" * 20
    item = factories.make_item(personas.notice, personas["officer"], file=(damaged, "broken.pdf"))
    image = factories.make_item(personas.notice, personas["officer"], file=(factories.PNG, "broken.png"))
    client.force_login(personas["officer"])
    for broken in (item, image):
        html = detail(client, broken)
        assert "No preview: the file could not be read (it may be damaged or protected by a password)." in html
        assert "<img src=" not in html
        response = client.get(preview_url(broken))
        assert response.status_code == 404 and b"No preview" in response.content


def test_a_file_of_another_type_says_there_is_no_preview_for_it(client, personas):
    item = factories.make_item(personas.notice, personas["officer"], file=(factories.ooxml("word/"), "notes.docx"))
    client.force_login(personas["officer"])
    assert "No preview for a Word document: download it to read it." in detail(client, item)
    assert client.get(preview_url(item)).status_code == 404


def test_a_restricted_item_s_preview_is_hidden_from_those_who_may_not_see_it(client, personas):
    item = factories.make_item(personas.notice, personas["officer"], restricted=True, file=(pdf_of(1), "named.pdf"))
    client.force_login(personas["chair"])
    assert client.get(preview_url(item)).status_code == 200
    client.force_login(personas["observer"])
    assert client.get(preview_url(item)).status_code == 404  # as if it did not exist, like the download
