"""Stored files: writing them alongside a transaction, and handing them back as downloads."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)


@contextmanager
def stored_files_removed_on_failure() -> Iterator[list[str]]:
    """Files written inside the block (their names appended to the list) are deleted if it fails,
    so no file outlives a rolled-back row.

    Wrap the transaction in it (not the other way round) so a failure at commit is caught too.
    """
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def attachment_response(field_file: FieldFile, *, filename: str, content_type: str, owner: str) -> FileResponse:
    """Stream a stored file as a download that no browser will render or cache.

    `owner` names the record in the log if the file has gone from storage (e.g. "evidence revision 12").
    """
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        logger.error("File missing from storage: %s (%s)", owner, field_file.name)
        raise Http404("The file is missing from storage; an administrator has been told.") from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
