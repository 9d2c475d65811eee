"""Builders for evidence tests: real (tiny) files of every allowed type, and items made through the services."""

from __future__ import annotations

import zipfile
from datetime import date
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

from demo.evidence import checked, tiny_pdf
from evidence import services
from evidence.models import EvidenceItem
from measures.models import Membership

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def pdf(text: str = "Audit findings") -> bytes:
    return tiny_pdf(text)


def ooxml(folder: str) -> bytes:
    """A zip shaped like a Word (word/), Excel (xl/) or PowerPoint (ppt/) file."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(f"{folder}document.xml", "<doc/>")
    return buffer.getvalue()


def upload(name: str = "report.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf() if content is None else content)


def item_data(**overrides) -> dict:
    data = {
        "title": "Case-file audit, June 2014",
        "description": "Twenty cases audited.",
        "kind": EvidenceItem.Kind.CASE_FILE_AUDIT,
        "nature": EvidenceItem.Nature.QUALITATIVE,
        "covers_from": date(2014, 6, 1),
        "covers_to": date(2014, 6, 30),
        "link": "",
        "restricted": False,
        "requirements": [],
        "actions": [],
    }
    data.update(overrides)
    return data


def make_item(notice, user, *, file: tuple[bytes, str] | None = (b"", "audit.pdf"), **overrides) -> EvidenceItem:
    """An item submitted through the service, by `user` for their organisation on `notice`."""
    membership = Membership.objects.get(notice=notice, user=user)
    data = item_data(**overrides)
    if file is not None:
        content, name = file
        data["file"] = checked(content or pdf(), name)
    return services.evidence_submit(notice=notice, by=user, organisation=membership.organisation, form_data=data)
