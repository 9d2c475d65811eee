"""The improvement plan as councils keep it, as CSV or Excel: exactly the rows the list shows.

Cells a spreadsheet would read as a formula (=, +, -, @ at the start) are prefixed with an
apostrophe, so a note typed by a user cannot run as a formula on someone else's machine.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from actions.selectors import ActionRow
from measures.models import Notice

HEADERS = [
    "Measure",
    "Requirement(s)",
    "Reference",
    "Action",
    "Owner",
    "Organisation",
    "Start",
    "Due",
    "Status",
    "RAG",
    "% complete",
    "Latest update",
]
_WIDTHS = [9, 18, 10, 50, 20, 30, 12, 12, 12, 8, 11, 60]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_filename(notice: Notice, *, on: date, extension: str) -> str:
    """medway-council-improvement-plan-2014-06-30.xlsx"""
    return f"{slugify(notice.authority.name)}-improvement-plan-{on.isoformat()}.{extension}"


def _british(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _latest_update(row: ActionRow) -> str:
    if not row.latest_update_on:
        return ""
    return f"{_british(row.latest_update_on)}: {row.latest_update_note}"


def _safe(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def row_values(row: ActionRow, *, dates_as_text: bool) -> list:
    def when(value):
        return _british(value) if dates_as_text else value

    return [
        ", ".join(row.measures),
        ", ".join(row.requirements),
        row.reference,
        row.title,
        row.owner,
        row.organisation,
        when(row.start_on),
        when(row.due_on),
        row.status_label,
        row.rag_label if row.rag else "",
        row.percent_complete,
        _latest_update(row),
    ]


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_csv(rows: list[ActionRow], *, notice: Notice, on: date) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_safe(v) for v in row_values(row, dates_as_text=True)])
    # The byte-order mark makes Excel read the file as UTF-8 (names with accents, en dashes).
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, export_filename(notice, on=on, extension="csv"))


def build_workbook(rows: list[ActionRow], *, notice: Notice, on: date) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Improvement plan"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(v) for v in row_values(row, dates_as_text=False)])
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cells in sheet.iter_rows(min_row=2):
        cells[6].number_format = cells[7].number_format = "DD/MM/YYYY"
        cells[3].alignment = cells[11].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.properties.title = f"{notice.authority.name} improvement plan as at {on:%d/%m/%Y}"
    return book


def export_xlsx(rows: list[ActionRow], *, notice: Notice, on: date) -> HttpResponse:
    buffer = io.BytesIO()
    build_workbook(rows, notice=notice, on=on).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    return _attachment(response, export_filename(notice, on=on, extension="xlsx"))
