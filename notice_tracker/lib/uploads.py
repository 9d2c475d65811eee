"""What an uploaded file really is, read from its content, and a safe name to remember it by.

A name says nothing reliable: an HTML page or a program can be called report.pdf. So the type
is detected from the bytes (magic numbers, the parts inside an Office zip, text that decodes),
and the name's extension must agree with what was detected. One streaming pass over the file
also computes its SHA-256, so a 25 MB upload is never held in memory.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import wraps
from typing import IO

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("PDF", "application/pdf", ("pdf",))
PNG = FileType("PNG image", "image/png", ("png",))
JPEG = FileType("JPEG image", "image/jpeg", ("jpg", "jpeg"))
DOC = FileType("Word document (97–2003)", "application/msword", ("doc",))
XLS = FileType("Excel workbook (97–2003)", "application/vnd.ms-excel", ("xls",))
PPT = FileType("PowerPoint presentation (97–2003)", "application/vnd.ms-powerpoint", ("ppt",))
DOCX = FileType("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",))
XLSX = FileType("Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",))
PPTX = FileType(
    "PowerPoint presentation", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ("pptx",)
)
CSV = FileType("CSV file", "text/csv", ("csv",))
TEXT = FileType("Plain text", "text/plain", ("txt",))

ALLOWED = (PDF, DOC, DOCX, XLS, XLSX, CSV, PPT, PPTX, PNG, JPEG, TEXT)
ALLOWED_EXTENSIONS = tuple(ext for t in ALLOWED for ext in t.extensions)
ALLOWED_DESCRIPTION = "PDF, Word, Excel, CSV, PowerPoint, PNG, JPEG or plain text"

# Text is never binary: control bytes other than tab, newlines and form feed mean it is something else.
_TEXT_BYTES = bytes(range(0x20, 0x100)) + b"\t\n\r\f"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of legacy .doc, .xls and .ppt
_OOXML_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
# Text that a browser would run as a page is not "plain text", whatever it is called: the tags that
# make a page, run script or load something, a comment (browsers sniff it as HTML), an event handler
# attribute on any tag; anywhere in the file, after a byte-order mark or not. A lone "<" or an
# address in angle brackets is still text.
_MARKUP = re.compile(
    rb"<\s*(?:!--|!doctype|\?xml|/?(?:html|head|body|script|svg|math|iframe|frame|frameset|img|object|embed|"
    rb"applet|meta|link|style|base|form|input|button|video|audio|source|template|xmp|plaintext)\b)"
    rb"|<[a-z][^<>]*?\son[a-z]+\s*=",
    re.IGNORECASE,
)
# A PDF's dictionaries are "<</Name ...>>": a tag without the slash in its first bytes is a page.
_PDF_POLYGLOT = re.compile(rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|img|object|embed)\b", re.IGNORECASE)
_MARKUP_OVERLAP = 256  # bytes carried between chunks so a tag split across two is still seen
CHUNK = 64 * 1024


class RejectedFile(ValueError):
    """The file cannot be accepted; the message says why in words a user can act on."""


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check: what it is, its safe name, its size and checksum."""

    file: IO[bytes]
    name: str
    file_type: FileType
    size: int
    sha256: str


def check_upload(file: IO[bytes], *, name: str, size: int | None, max_bytes: int) -> CheckedFile:
    """Check an uploaded file and return it with its facts, or raise RejectedFile."""
    if size is not None and size > max_bytes:  # before reading a byte of it
        raise RejectedFile(f"The file is {_megabytes(size)}; the largest allowed is {_megabytes(max_bytes)}.")
    safe = safe_filename(name)
    extension = safe.rsplit(".", 1)[-1].lower() if "." in safe else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise RejectedFile(f"Files ending .{extension or '(none)'} are not accepted. Upload {ALLOWED_DESCRIPTION}.")
    scan = _scan(_chunks(file), max_bytes=max_bytes)
    if scan.size == 0:
        raise RejectedFile("The file is empty.")
    detected = _detect(file, scan)
    if detected is None:
        raise RejectedFile(f"The file's content is not {ALLOWED_DESCRIPTION}, whatever its name says.")
    if extension not in detected.extensions:
        raise RejectedFile(
            f"The file is named .{extension} but its content is a {detected.label}. "
            f"Rename it to end .{detected.extensions[0]} or upload the right file."
        )
    file.seek(0)
    return CheckedFile(file=file, name=safe, file_type=_BY_EXTENSION[extension], size=scan.size, sha256=scan.sha256)


@dataclass
class _Scan:
    head: bytes = b""
    size: int = 0
    sha256: str = ""
    is_text: bool = True
    has_markup: bool = False


def _chunks(file: IO[bytes]) -> Iterable[bytes]:
    file.seek(0)
    if hasattr(file, "chunks"):  # Django's UploadedFile streams from memory or a temporary file
        yield from file.chunks(CHUNK)
        return
    while chunk := file.read(CHUNK):
        yield chunk


def _scan(chunks: Iterable[bytes], *, max_bytes: int) -> _Scan:
    """One pass: size, SHA-256, the first bytes, and whether it is all text (UTF-8 or Windows-1252)."""
    scan, digest, tail = _Scan(), hashlib.sha256(), b""
    utf8, cp1252 = codecs.getincrementaldecoder("utf-8-sig")(), codecs.getincrementaldecoder("cp1252")()
    utf8_ok = cp1252_ok = True
    for chunk in chunks:
        scan.size += len(chunk)
        if scan.size > max_bytes:  # the declared size can lie; the bytes cannot
            raise RejectedFile(f"The file is larger than the {_megabytes(max_bytes)} allowed.")
        digest.update(chunk)
        if len(scan.head) < 4096:
            scan.head += chunk[: 4096 - len(scan.head)]
        if chunk.translate(None, _TEXT_BYTES):
            utf8_ok = cp1252_ok = False
        utf8_ok = utf8_ok and _decodes(utf8, chunk)
        cp1252_ok = cp1252_ok and _decodes(cp1252, chunk)
        if not scan.has_markup:
            scan.has_markup = bool(_MARKUP.search(tail + chunk))
            tail = chunk[-_MARKUP_OVERLAP:]
    scan.is_text = (utf8_ok and _decodes(utf8, b"", final=True)) or cp1252_ok
    scan.sha256 = digest.hexdigest()
    return scan


def _decodes(decoder: codecs.IncrementalDecoder, chunk: bytes, *, final: bool = False) -> bool:
    try:
        decoder.decode(chunk, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _detect(file: IO[bytes], scan: _Scan) -> FileType | None:
    head = scan.head
    if head.startswith(b"%PDF-"):
        if _PDF_POLYGLOT.search(head[:1024]):
            raise RejectedFile(
                "The PDF also holds a web page (HTML) in its first bytes, a trick to make browsers run it. "
                "It cannot be accepted; save the document as PDF again and upload that."
            )
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(_OLE2):
        return _ole2_type(head)
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_type(file)
    if scan.is_text and not scan.has_markup:
        return _TEXT_ANY
    return None


def _ole2_type(head: bytes) -> FileType | None:
    """Legacy Office files share one container; its stream names (UTF-16) say which program made it."""
    names = {"WordDocument": DOC, "Workbook": XLS, "Book": XLS, "PowerPoint Document": PPT}
    for stream, file_type in names.items():
        if stream.encode("utf-16-le") in head:
            return file_type
    return _OLE2_UNKNOWN


# Families whose members differ only by name: the extension decides which member it is.
# (An OLE2 stream directory is not always in the first 4 KB, so its program may be unknown.)
_OLE2_UNKNOWN = FileType("legacy Office file", "application/x-ole-storage", ("doc", "xls", "ppt"))
_TEXT_ANY = FileType("text file", "text/plain", ("txt", "csv"))
_BY_EXTENSION = {ext: t for t in ALLOWED for ext in t.extensions}


@dataclass(frozen=True)
class ZipLimits:
    """How big an Office file may be once unpacked: a zip bomb is refused before anyone opens it."""

    max_entries: int = 2000
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_ratio: int = 200  # unpacked ÷ packed, for any part over RATIO_FLOOR bytes

    RATIO_FLOOR = 1024 * 1024  # small parts may compress extremely well and harm nobody

    @classmethod
    def from_settings(cls) -> ZipLimits:
        from django.conf import settings

        return cls(
            max_entries=settings.EVIDENCE_ZIP_MAX_ENTRIES,
            max_unpacked_bytes=settings.EVIDENCE_ZIP_MAX_UNPACKED_BYTES,
            max_ratio=settings.EVIDENCE_ZIP_MAX_RATIO,
        )

    def check(self, entries: list[zipfile.ZipInfo]) -> None:
        """Raise RejectedFile if the archive's directory describes a bomb.

        The sizes come from the central directory, so nothing is decompressed here: a cheap first
        refusal. They can lie, so `check_zip` then inflates every part to count the real bytes.
        """
        if len(entries) > self.max_entries:
            raise RejectedFile(
                f"The file holds {len(entries):,} parts; a real Office document has far fewer than "
                f"{self.max_entries:,}. It cannot be accepted."
            )
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > self.max_unpacked_bytes:
            raise RejectedFile(
                f"The file would unpack to {_megabytes(unpacked)}; the most allowed is "
                f"{_megabytes(self.max_unpacked_bytes)}. Split it into smaller files."
            )
        for entry in entries:
            self._check_ratio(entry.file_size, entry.compress_size)

    def _check_ratio(self, unpacked: int, packed: int) -> None:
        if unpacked > self.RATIO_FLOOR and unpacked > self.max_ratio * max(packed, 1):
            raise RejectedFile(
                "The file is packed far more tightly than any real Office document (a zip bomb). It cannot be accepted."
            )


def check_zip(file: IO[bytes], limits: ZipLimits | None = None) -> list[zipfile.ZipInfo]:
    """The archive's parts, after checking its directory and then every part's real unpacked size.

    Raises RejectedFile for a bomb or a lying part, zipfile.BadZipFile for something not a zip.
    Each part is inflated in pieces and the count stops at the limit, so memory and time stay
    bounded whatever the archive declares; nothing inflated is kept.
    """
    limits = limits or ZipLimits.from_settings()
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        entries = archive.infolist()  # reads only the directory: nothing is decompressed
    limits.check(entries)
    total = 0
    for entry in entries:
        total += _inflated_size(file, entry, limits, room=limits.max_unpacked_bytes - total)
    file.seek(0)
    return entries


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's own layout of a part's local header
_INFLATE_STEP = 1024 * 1024


def _inflated_size(file: IO[bytes], entry: zipfile.ZipInfo, limits: ZipLimits, *, room: int) -> int:
    """How many bytes the part really unpacks to, inflating its stream until its own end."""
    if entry.flag_bits & 0x1:
        raise RejectedFile("The file is encrypted or password-protected. Remove the password and upload it again.")
    file.seek(entry.header_offset)
    header = file.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    fields = _LOCAL_HEADER.unpack(header)
    file.seek(entry.header_offset + _LOCAL_HEADER.size + fields[10] + fields[11])
    if entry.compress_type == zipfile.ZIP_STORED:
        size = entry.compress_size
    elif entry.compress_type == zipfile.ZIP_DEFLATED:
        size = _inflate(file, entry, limits, room=room)
    else:
        raise RejectedFile("The file uses a kind of compression Office never writes. It cannot be accepted.")
    if size > room:
        raise _too_big(limits)
    if size != entry.file_size:
        raise RejectedFile(
            f"A part of the file ({entry.filename}) unpacks to more than it declares (a zip bomb, or a damaged "
            "file). It cannot be accepted."
            if size > entry.file_size
            else f"A part of the file ({entry.filename}) is damaged. It cannot be accepted."
        )
    return size


def _inflate(file: IO[bytes], entry: zipfile.ZipInfo, limits: ZipLimits, *, room: int) -> int:
    inflater, size, packed = zlib.decompressobj(-zlib.MAX_WBITS), 0, 0
    while not inflater.eof:
        data = inflater.unconsumed_tail or file.read(CHUNK)
        if not inflater.unconsumed_tail:
            if not data:
                raise RejectedFile(f"A part of the file ({entry.filename}) is cut short. It cannot be accepted.")
            packed += len(data)
        try:
            size += len(inflater.decompress(data, _INFLATE_STEP))
        except zlib.error:
            raise RejectedFile(f"A part of the file ({entry.filename}) is damaged. It cannot be accepted.") from None
        if size > room:
            raise _too_big(limits)
        limits._check_ratio(size, min(packed, entry.compress_size) if entry.compress_size else packed)
    return size


def _too_big(limits: ZipLimits) -> RejectedFile:
    return RejectedFile(
        f"The file unpacks to more than {_megabytes(limits.max_unpacked_bytes)}, the most allowed. "
        "It cannot be accepted; split it into smaller files."
    )


def _ooxml_type(file: IO[bytes], limits: ZipLimits | None = None) -> FileType | None:
    """A Word, Excel or PowerPoint file is a zip with a content-types part and its program's folder."""
    try:
        entries = check_zip(file, limits)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        if isinstance(error, RejectedFile):
            raise
        return None
    names = [entry.filename for entry in entries]
    if "[Content_Types].xml" not in names:
        return None
    for prefix, file_type in _OOXML_PARTS.items():
        if any(name.startswith(prefix) for name in names):
            return file_type
    return None


def safe_filename(name: str, *, max_length: int = 150) -> str:
    """The last part of a path, without control or reserved characters; accents and dashes kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*]', "", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if not name:
        return "evidence"
    stem, dot, extension = name.rpartition(".")
    if not dot:
        return name[:max_length]
    return f"{stem[: max_length - len(extension) - 1].rstrip(' .') or 'evidence'}.{extension.lower()}"


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size / 1024, 0.1):.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class CheckedFileField(forms.FileField):
    """A file whose type, size and name have been checked; its value is a `CheckedFile`."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        limit = settings.EVIDENCE_MAX_UPLOAD_BYTES
        try:
            return check_upload(upload, name=upload.name, size=upload.size, max_bytes=limit)
        except RejectedFile as error:
            raise forms.ValidationError(str(error), code="rejected") from error


# Room for the form's other fields on top of the file itself.
FORM_FIELDS_ALLOWANCE = 1024 * 1024


def upload_size_guarded(view=None, *, max_bytes: int | None = None, what: str = "Evidence files"):
    """Refuse an oversized upload from its Content-Length, before Django reads the body to disk.

    `max_bytes` is the view's own limit (default: EVIDENCE_MAX_UPLOAD_BYTES, read per request);
    `what` names the files in the refusal. The CSRF check normally reads the whole body first, so
    it is done here, after the size check.
    """
    if view is None:
        return lambda wrapped: upload_size_guarded(wrapped, max_bytes=max_bytes, what=what)
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        limit = max_bytes if max_bytes is not None else settings.EVIDENCE_MAX_UPLOAD_BYTES
        if request.method == "POST" and request_length(request) > limit + FORM_FIELDS_ALLOWANCE:
            return too_large(request, limit=limit, what=what)
        return protected(request, *args, **kwargs)

    return guarded


def request_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def too_large(request: HttpRequest, *, limit: int, what: str) -> HttpResponse:
    context = {"limit_mb": max(limit // (1024 * 1024), 1), "what": what, "back": request.path}
    return render(request, "too_large.html", context, status=413)
