"""Hand-made archives for the upload and import tests: built cheaply, byte by byte where needed."""

from __future__ import annotations

import io
import struct
import zipfile

MB = 1024 * 1024


def with_declared_size(content: bytes, name: str, declared: int) -> bytes:
    """The archive with `name`'s declared unpacked size rewritten (local header and directory) to lie."""
    data = bytearray(content)
    for signature, size_at, name_length_at, header in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            (length,) = struct.unpack_from("<H", data, start + name_length_at)
            if bytes(data[start + header : start + header + length]) == name.encode():
                struct.pack_into("<I", data, start + size_at, declared)
            start += 4
    return bytes(data)


def zeros_docx(size: int) -> bytes:
    """A .docx-shaped zip whose document part is `size` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as entry:
            for offset in range(0, size, MB):
                entry.write(bytes(min(MB, size - offset)))
    return buffer.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = "</sheetData></worksheet>"


def row_xml(values: list[str], number: int | None = None) -> str:
    """A row; without a number Excel (and openpyxl) numbers rows and cells in order."""
    cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in values)
    opening = f'<row r="{number}"' if number else "<row"
    return f"{opening}>{cells}</row>" if cells else f"{opening}/>"


def xlsx(sheet_pieces, *, prolog: str = "") -> bytes:
    """A minimal workbook whose first sheet's XML is `prolog` + the pieces, streamed into the zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(prolog.encode())
            batch: list[str] = []
            for piece in sheet_pieces:
                batch.append(piece)
                if len(batch) >= 10_000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write("".join(batch).encode())
    return buffer.getvalue()


def table_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    pieces = [SHEET_START, row_xml(header), *(row_xml(r) for r in rows), SHEET_END]
    return xlsx(pieces)


def many_rows_xlsx(header: list[str], row, count: int, *, numbered: bool = False) -> bytes:
    """A small workbook holding `count` rows under its header.

    `row` is a list of values (the same every row; [] for empty rows) or a function of the row's
    number. Unnumbered identical rows compress about 600:1, numbered ones about 10:1.
    """

    def pieces():
        yield SHEET_START
        yield row_xml(header, 1 if numbered else None)
        same = None if callable(row) else row_xml(row)
        for number in range(2, count + 2):
            if same is not None and not numbered:
                yield same
            else:
                yield row_xml(row(number) if callable(row) else row, number if numbered else None)
        yield SHEET_END

    return xlsx(pieces())
