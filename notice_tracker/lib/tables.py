"""The rows of an uploaded spreadsheet (CSV or Excel), read lazily and cut off at a limit.

An import file is small on disk but may be huge inside: a 100 KB workbook can hold a million
rows, and a CSV can hold one field of megabytes. So an Excel file's parts are inflated and
counted before anything parses them (the zip limits evidence uploads use, tighter), XML that
declares entities is refused by name, and rows are taken one at a time until the caller's
limit is passed; nothing past the limit is read. Every failure is a `TableError` whose message
a person can act on.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from django.conf import settings

from notice_tracker.lib.uploads import RejectedFile, ZipLimits, check_zip

MAX_FIELD_BYTES = 128 * 1024  # Python's csv field limit; no cell of an import comes near it
MAX_COLUMNS = 200
# Blank rows are skipped by the importers, but each still costs a parse: a sheet may run on
# past its table for a while, never for ever.
BLANK_ROWS_ALLOWED = 10_000
NOT_XLSX = (
    "The file could not be read as an Excel workbook (.xlsx). Save it from Excel as "
    "“Excel Workbook” or as CSV and upload it again."
)
_ENTITY_MARKS = tuple(
    mark.encode(encoding) for mark in ("<!DOCTYPE", "<!ENTITY") for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)


class TableError(ValueError):
    """The file cannot be read as a table; the message says why."""


class NotAWorkbook(TableError):
    """The file is not a zip of an Excel workbook at all."""


class TooManyRows(TableError):
    """More rows than the caller allows (`blank`: mostly empty rows, a sheet that runs on)."""

    def __init__(self, limit: int, *, blank: bool = False):
        self.limit, self.blank = limit, blank
        if blank:
            message = (
                f"The sheet runs on for more than {BLANK_ROWS_ALLOWED:,} empty rows; delete the empty rows "
                "under the table and upload it again."
            )
        else:
            message = f"The sheet has more than {limit:,} rows; import at most {limit:,} at a time."
        super().__init__(message)


def decode_text(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows


def csv_rows(text: str, *, max_rows: int, dialect: type[csv.Dialect] | csv.Dialect = csv.excel) -> list[list[str]]:
    """The CSV's rows, raising TooManyRows once more than `max_rows` hold anything."""
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return _bounded(reader, max_rows=max_rows)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise TableError(
                f"Row {reader.line_num} has a field longer than {MAX_FIELD_BYTES // 1024} KB; no cell of an "
                "import is that long. Check the file."
            ) from None
        raise TableError(f"The CSV file could not be read: {error}.") from None


def import_zip_limits() -> ZipLimits:
    limits = ZipLimits.from_settings()
    return replace(limits, max_unpacked_bytes=min(limits.max_unpacked_bytes, settings.IMPORT_XLSX_MAX_UNPACKED_BYTES))


def xlsx_rows(content: bytes, *, max_rows: int, cell: Callable[[object], object] | None = None) -> list[list]:
    """The first sheet's rows, each cell passed through `cell` (default: its value).

    Raises TableError for a file that is not a workbook, unpacks too far, declares XML entities or
    is damaged, and TooManyRows once more than `max_rows` rows hold anything.
    """
    from openpyxl import load_workbook

    file = io.BytesIO(content)
    try:
        _refuse_large_sheets(check_zip(file, import_zip_limits()))
        _refuse_entities(file)
    except TableError:
        raise
    except RejectedFile as error:
        raise TableError(str(error)) from None
    except (zipfile.BadZipFile, OSError, ValueError):
        raise NotAWorkbook(NOT_XLSX) from None
    convert = cell or (lambda c: getattr(c, "value", None))
    try:
        book = load_workbook(file, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            width = min(sheet.max_column, MAX_COLUMNS) if sheet.max_column else None
            rows = ([convert(c) for c in row[:MAX_COLUMNS]] for row in sheet.iter_rows(max_col=width))
            return _bounded(rows, max_rows=max_rows)
        finally:
            book.close()
    except TableError:
        raise
    except Exception:  # openpyxl raises many kinds (zip, XML, key, type errors) for a damaged workbook
        raise TableError(NOT_XLSX) from None


def _refuse_large_sheets(entries: list[zipfile.ZipInfo]) -> None:
    """openpyxl parses a whole sheet that lacks a <dimension> before giving its first row, and holds
    every shared string and style in memory, so the size of each XML part, not the row count, bounds
    the time and memory of opening a workbook. (check_zip has made sure declared sizes are real.)"""
    limit = settings.IMPORT_XLSX_MAX_SHEET_BYTES
    for entry in entries:
        if not entry.filename.endswith(".xml") or entry.file_size <= limit:
            continue
        what = "A sheet of the workbook" if entry.filename.startswith("xl/worksheets/") else "A part of the workbook"
        raise TableError(
            f"{what} holds {entry.file_size / (1024 * 1024):.1f} MB of data; an import may hold at most "
            f"{limit / (1024 * 1024):.1f} MB a sheet. Split it into smaller files or delete the empty rows."
        )


def _refuse_entities(file: io.BytesIO) -> None:
    """Excel never writes a DOCTYPE: one in any part is an entity attack (or a forgery), refused by name."""
    with zipfile.ZipFile(file) as archive:
        for name in archive.namelist():
            if not name.endswith((".xml", ".rels", ".vml")):
                continue
            with archive.open(name) as part:
                tail = b""
                while chunk := part.read(64 * 1024):
                    window = tail + chunk
                    if any(mark in window for mark in _ENTITY_MARKS):
                        raise TableError(
                            "The workbook declares XML entities (a DOCTYPE), which Excel never writes; it cannot "
                            "be read. Save it from Excel as “Excel Workbook” or as CSV and upload it again."
                        )
                    tail = window[-32:]
    file.seek(0)


def _bounded(rows: Iterable[list], *, max_rows: int) -> list[list]:
    table: list[list] = []
    filled = blank_run = 0
    for row in _lists(rows):
        if any(value not in (None, "") and str(value).strip() for value in row):
            filled, blank_run = filled + 1, 0
            if filled > max_rows:
                raise TooManyRows(max_rows)
        else:
            blank_run += 1
            if blank_run > BLANK_ROWS_ALLOWED:
                raise TooManyRows(max_rows, blank=True)
        table.append(row)
    while table and blank_run:  # the empty rows after the table say nothing
        table.pop()
        blank_run -= 1
    return table


def _lists(rows: Iterable) -> Iterator[list]:
    for row in rows:
        yield list(row)
