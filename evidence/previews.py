"""Page images of evidence, made on the server, so a reviewer sees a file without downloading it.

A PDF's pages (pypdfium2, PDFium's own renderer) and a PNG or JPEG (Pillow) are drawn as new PNG
images: no uploaded byte reaches the browser as something it would render itself (no PDF viewer,
no image decoder fed an attacker's file, no script). An image is decoded and re-encoded, never
passed through, which also drops its metadata (a photo's location).

Made lazily: the page count on the first visit to the item's page, each page image on its first
request. Both are kept in the storage backend (`default_storage`: the disk or S3) under the file's
SHA-256, `previews/<sha256>/info.json` and `previews/<sha256>/<page>.png`, so a file is drawn once
whoever asks and whichever item holds it. Who may see a preview is decided by the caller, with the
same check as the download (`evidence.access.revision_downloadable`).

Limits: the first `EVIDENCE_PREVIEW_PAGES` pages (10), each at most `MAX_WIDTH` × `MAX_HEIGHT`
pixels; an image over `MAX_IMAGE_PIXELS` or a file that cannot be read (damaged, encrypted) gets
a "no preview" message, never an error page.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from io import BytesIO

import pypdfium2 as pdfium  # type: ignore[import-untyped]  # ships no type information
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from evidence.models import EvidenceRevision
from notice_tracker.lib.uploads import ALLOWED

logger = logging.getLogger(__name__)

MAX_WIDTH = 1240  # an A4 page at 150 dots an inch: text reads at a phone's zoom and a desk's width
MAX_HEIGHT = 3600
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo; larger (or a decompression bomb) is not drawn
PDF_TYPE = "application/pdf"
IMAGE_TYPES = {"image/png", "image/jpeg"}
UNREADABLE = (
    "No preview: the file could not be read (it may be damaged or protected by a password). Download it to open it."
)
TOO_LARGE = "No preview: the image is too large to draw here. Download it to see it."

# PDFium is not thread-safe: one document open at a time in this process.
_PDFIUM = threading.Lock()


class NoPreview(Exception):
    """The file cannot be drawn; the message says so in words for the page."""


@dataclass(frozen=True)
class Preview:
    """What the item's page shows of a file version: `shown` page images of `total`, or why none."""

    revision: EvidenceRevision
    total: int = 0
    shown: int = 0
    problem: str = ""

    @property
    def pages(self) -> range:
        return range(1, self.shown + 1)

    @property
    def more(self) -> int:
        return self.total - self.shown


def max_pages() -> int:
    return max(1, settings.EVIDENCE_PREVIEW_PAGES)


def previewable(content_type: str) -> bool:
    return content_type == PDF_TYPE or content_type in IMAGE_TYPES


def _type_label(content_type: str) -> str:
    return next((t.label for t in ALLOWED if t.content_type == content_type), "file of this type")


def _folder(revision: EvidenceRevision) -> str:
    return f"previews/{revision.sha256}"


def _read(revision: EvidenceRevision) -> bytes:
    with revision.file.open("rb") as handle:
        return handle.read()


def _store(name: str, content: bytes) -> None:
    """Keep a made preview; two requests drawing the same page at once keep one copy."""
    if default_storage.exists(name):
        return
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # the other request saved first: the storage gave this copy another name
        default_storage.delete(saved)


def _count_pages(revision: EvidenceRevision) -> int:
    if revision.content_type in IMAGE_TYPES:
        _open_image(_read(revision))  # read it now: a damaged image says so on the page, not as a broken image
        return 1
    data = _read(revision)
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            raise NoPreview(UNREADABLE) from error
        try:
            return len(document)
        finally:
            document.close()


def preview_of(revision: EvidenceRevision) -> Preview:
    """The preview of a file version the caller may download: its page count (worked out once), or why none."""
    if not previewable(revision.content_type):
        label = _type_label(revision.content_type)
        article = "an" if label[:1].lower() in "aeiou" else "a"
        return Preview(revision, problem=f"No preview for {article} {label}: download it to read it.")
    info_name = f"{_folder(revision)}/info.json"
    try:
        with default_storage.open(info_name, "rb") as handle:
            info = json.loads(handle.read())
    except (FileNotFoundError, OSError, ValueError):
        info = None
    if info is None:
        try:
            info = {"pages": _count_pages(revision)}
        except NoPreview as problem:
            info = {"problem": str(problem)}
        except FileNotFoundError:
            logger.error("File missing from storage: evidence revision %s (%s)", revision.pk, revision.file.name)
            return Preview(revision, problem="No preview: the file is missing from storage.")
        _store(info_name, json.dumps(info).encode())
    if info.get("problem"):
        return Preview(revision, problem=info["problem"])
    total = int(info.get("pages", 0))
    if total < 1:
        return Preview(revision, problem="No preview: the file has no pages.")
    return Preview(revision, total=total, shown=min(total, max_pages()))


def _open_image(data: bytes) -> Image.Image:
    try:
        image = Image.open(BytesIO(data))
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise NoPreview(TOO_LARGE)
        image.load()
    except NoPreview:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise NoPreview(UNREADABLE) from error
    return image


def _png(image: Image.Image) -> bytes:
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    image.thumbnail((MAX_WIDTH, MAX_HEIGHT))
    out = BytesIO()
    image.save(out, format="PNG")  # a new PNG: no text chunks, no EXIF, no ICC profile of the upload's
    return out.getvalue()


def _draw_image(data: bytes) -> bytes:
    image = _open_image(data)
    try:
        return _png(ImageOps.exif_transpose(image) or image)
    except (OSError, ValueError) as error:
        raise NoPreview(UNREADABLE) from error


def _draw_pdf_page(data: bytes, page_number: int) -> bytes:
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            raise NoPreview(UNREADABLE) from error
        try:
            if not 1 <= page_number <= len(document):
                raise NoPreview("No such page.")
            page = document[page_number - 1]
            width, height = page.get_size()
            if width <= 0 or height <= 0:
                raise NoPreview(UNREADABLE)
            scale = min(MAX_WIDTH / width, MAX_HEIGHT / height, 4.0)
            bitmap = page.render(scale=scale, may_draw_forms=False)
            image = bitmap.to_pil()
            page.close()
        except pdfium.PdfiumError as error:
            raise NoPreview(UNREADABLE) from error
        finally:
            document.close()
    return _png(image)


def page_png(revision: EvidenceRevision, page_number: int) -> bytes:
    """Page `page_number` (from 1) of a file version as PNG bytes, drawn once and then kept.

    Raises NoPreview for a page past the preview's limit or a file that cannot be drawn.
    """
    if not previewable(revision.content_type) or not 1 <= page_number <= max_pages():
        raise NoPreview("No such page.")
    name = f"{_folder(revision)}/{page_number}.png"
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        pass
    data = _read(revision)
    if revision.content_type in IMAGE_TYPES:
        if page_number != 1:
            raise NoPreview("No such page.")
        png = _draw_image(data)
    else:
        png = _draw_pdf_page(data, page_number)
    _store(name, png)
    return png
