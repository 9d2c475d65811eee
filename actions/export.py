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


# What each column of the plan template holds (the import's rules, in its words).
TEMPLATE_NOTES = {
    "Measure": "The notice's measure, e.g. 5: links the action to all of that measure's requirements.",
    "Requirement(s)": "Requirement references, e.g. 3(ii).4; several separated by commas. Give this or Measure.",
    "Reference": "Optional: a blank reference is numbered automatically.",
    "Action": "Required: what will be done.",
    "Owner": "Required: a member of this notice, by name, username or email (see the list below).",
    "Organisation": "Required: the lead organisation, as named in this notice (see the list below).",
    "Start": "Optional: a date such as 21/05/2014; blank is the notice's date.",
    "Due": "Required: a date such as 21/05/2014.",
    "Status": "Optional: Planned (the default), In progress, Complete or Cancelled.",
    "RAG": "Ignored by the import: worked out from progress (the export fills it in).",
    "% complete": "Ignored by the import: logged as progress updates (the export fills it in).",
    "Latest update": "Ignored by the import (the export fills it in).",
}


def build_template(notice: Notice, *, owners: list[tuple[str, str]], organisations: list[str]) -> Workbook:
    """An empty plan with the export's columns (so an export, edited, imports back), and a sheet
    saying what each column takes and which references, owners and organisations this notice has."""
    book = build_workbook([], notice=notice, on=notice.issued_on)
    book.properties.title = f"{notice.authority.name} improvement plan: import template"
    guide = book.create_sheet("How to fill it in")
    guide.append(["Column", "What it takes"])
    for heading in HEADERS:
        guide.append([heading, TEMPLATE_NOTES[heading]])
    guide.append([])
    guide.append(["Requirement", "Of measure"])
    for measure in notice.measures.prefetch_related("requirements").order_by("position"):
        for requirement in measure.requirements.order_by("position"):
            guide.append([_safe(requirement.reference), _safe(f"{measure.reference}. {measure.heading}")])
    guide.append([])
    guide.append(["Owner (username)", "Name"])
    for username, name in owners:
        guide.append([_safe(username), _safe(name)])
    guide.append([])
    guide.append(["Organisation"])
    for name in organisations:
        guide.append([_safe(name)])
    for cell in guide["A"]:
        cell.font = Font(bold=cell.value in ("Column", "Requirement", "Owner (username)", "Organisation"))
    guide.column_dimensions["A"].width, guide.column_dimensions["B"].width = 24, 90
    return book


def template_xlsx(notice: Notice, *, owners: list[tuple[str, str]], organisations: list[str]) -> HttpResponse:
    buffer = io.BytesIO()
    build_template(notice, owners=owners, organisations=organisations).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    return _attachment(response, f"{slugify(notice.authority.name)}-plan-import-template.xlsx")
