"""The evidence list as CSV or Excel: the same rows the page shows, chosen by the same filters."""

from __future__ import annotations

import csv
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from evidence.models import EvidenceItem

HEADERS = [
    "ID",
    "Title",
    "Kind",
    "Qualitative or quantitative",
    "Covers from",
    "Covers to",
    "Review status",
    "Requirements",
    "Actions",
    "Organisation",
    "Submitted by",
    "Submitted at",
    "Restricted",
    "Current file",
    "File SHA-256",
    "Link",
]
FORMATS = {"csv", "xlsx"}


def export_rows(items: list[EvidenceItem]) -> list[list]:
    """One row per item; values stay typed (dates, numbers) so Excel can sort them."""
    return [
        [
            item.pk,
            item.title,
            item.get_kind_display(),
            item.get_nature_display(),
            item.covers_from,
            item.covers_to,
            item.get_review_status_display(),
            ", ".join(r.reference for r in item.requirements.all()),
            ", ".join(a.reference for a in item.actions.all()),
            item.organisation.name if item.organisation else "",
            item.submitted_by.get_full_name() or item.submitted_by.username,
            timezone.localtime(item.submitted_at).replace(tzinfo=None, microsecond=0),
            "Yes" if item.restricted else "No",
            item.current_revision.original_name if item.current_revision else "",
            item.current_revision.sha256 if item.current_revision else "",
            item.link,
        ]
        for item in items
    ]


def export_response(items: list[EvidenceItem], *, fmt: str, filename_stem: str) -> HttpResponse:
    rows = export_rows(items)
    if fmt == "xlsx":
        return _xlsx(rows, filename_stem)
    return _csv(rows, filename_stem)


def _safe_cell(value):
    """Text that a spreadsheet would run as a formula is written as text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(rows: list[list], stem: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    response.write("\ufeff")  # so Excel opens accented names correctly
    writer = csv.writer(response)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_safe_cell(_csv_value(v)) for v in row])
    return response


def _csv_value(value):
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y %H:%M" if hasattr(value, "hour") else "%d/%m/%Y")
    return "" if value is None else value


def _xlsx(rows: list[list], stem: str) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "Evidence"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([_safe_cell(v) for v in row])
    for index, header in enumerate(HEADERS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(50, len(header) + 4))
        if header.startswith("Covers"):
            for cell in sheet[letter][1:]:
                cell.number_format = "DD/MM/YYYY"
        if header == "Submitted at":
            for cell in sheet[letter][1:]:
                cell.number_format = "DD/MM/YYYY HH:MM"
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response
