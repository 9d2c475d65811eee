"""A document kept on a record — a Board meeting's minutes, the letter proving a duty done, the
letter lifting a notice: one checked file and what was checked of it, in five fields named
`<prefix>_file`, `<prefix>_name`, `<prefix>_content_type`, `<prefix>_size`, `<prefix>_sha256`.

One form field checks the upload (type, size, name) before anything is stored; one function
stores it alongside the record's transaction; downloads go through lib.files.attachment_response.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files import File
from django.db import models

from notice_tracker.lib.uploads import DOC, DOCX, PDF, TEXT, CheckedFile, FileType, RejectedFile, check_upload

DOCUMENT_TYPES = (PDF, DOC, DOCX, TEXT)
DOCUMENT_DESCRIPTION = "PDF, Word or plain text"


class DocumentFileField(forms.FileField):
    """A document upload: checked like evidence files, and only the kinds documents come in."""

    def __init__(self, *args, what: str = "The file", types: tuple[FileType, ...] = DOCUMENT_TYPES, **kwargs) -> None:
        self.what, self.types = what, types
        kwargs.setdefault(
            "help_text", f"{DOCUMENT_DESCRIPTION}; up to {settings.EVIDENCE_MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            checked = check_upload(
                upload, name=upload.name, size=upload.size, max_bytes=settings.EVIDENCE_MAX_UPLOAD_BYTES
            )
        except RejectedFile as error:
            raise forms.ValidationError(str(error), code="rejected") from error
        if checked.file_type not in self.types:
            raise forms.ValidationError(
                f"{self.what} must be {DOCUMENT_DESCRIPTION}; this is a {checked.file_type.label}.", code="type"
            )
        return checked


def attach_document(instance: models.Model, prefix: str, upload: CheckedFile, *, stored: list[str]) -> None:
    """Store `upload` as the record's `<prefix>` document (not saving the record); the same file again stores nothing.

    The stored name is appended to `stored` (see lib.files.stored_files_removed_on_failure).
    """
    if getattr(instance, f"{prefix}_sha256") == upload.sha256:
        return
    upload.file.seek(0)
    field_file = getattr(instance, f"{prefix}_file")
    field_file.save(upload.name, File(upload.file), save=False)
    assert field_file.name is not None  # save() above named the stored file
    stored.append(field_file.name)
    setattr(instance, f"{prefix}_name", upload.name)
    setattr(instance, f"{prefix}_content_type", upload.file_type.content_type)
    setattr(instance, f"{prefix}_size", upload.size)
    setattr(instance, f"{prefix}_sha256", upload.sha256)
