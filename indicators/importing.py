"""Reading figures from a case-management system's CSV or Excel export, and checking every row.

The file holds aggregate figures only: one row per indicator and period, with the columns
in COLUMNS. Any other column is refused, so a file of child-level records cannot be loaded
by mistake. Checking collects every problem, each naming its row (as numbered in the
spreadsheet, header = row 1) and column; a file with any problem stores nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from indicators.figures import (
    FigureError,
    Figures,
    check_figures,
    check_period,
    parse_figures,
)
from indicators.models import Indicator, IndicatorValue
from indicators.periods import parse_period, period_label
from notice_tracker.lib import tables

MAX_BYTES = 2 * 1024 * 1024
TOO_BIG = f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it by period."
MAX_ROWS = 5000
COLUMNS = {
    "code": ("code", "indicator code", "indicator id", "measure code"),
    "indicator": ("indicator", "indicator name", "name"),
    "period": ("period", "month", "period start", "reporting period"),
    "value": ("value", "figure", "result"),
    "numerator": ("numerator",),
    "denominator": ("denominator",),
    "commentary": ("commentary", "comment", "comments", "note", "notes"),
}
_ALIASES = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
ACCEPTED = ".csv or .xlsx"


class ImportFileError(ValueError):
    """The file as a whole cannot be read: wrong type, too big, no usable header."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class RawRecord:
    row: int
    cells: dict[str, str]  # our column name -> the cell as text


@dataclass(frozen=True)
class ImportRow:
    row: int
    indicator: Indicator
    period: date
    figures: Figures
    commentary: str
    existing: IndicatorValue | None = None

    @property
    def period_label(self) -> str:
        return period_label(self.period, self.indicator.frequency)

    @property
    def outcome(self) -> str:
        if self.existing is None:
            return "new"
        same = (self.existing.value, self.existing.numerator, self.existing.denominator, self.existing.commentary) == (
            self.figures.value,
            self.figures.numerator,
            self.figures.denominator,
            self.commentary,
        )
        return "unchanged" if same else "update"


@dataclass
class CheckedImport:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # our column name -> as written in the file

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def read_upload(name: str, content: bytes) -> tuple[dict[str, str], list[RawRecord]]:
    """The file's header (ours -> as written) and its non-empty rows. Raises ImportFileError."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(TOO_BIG)
    extension = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if extension == "xls":
        raise ImportFileError("Old Excel files (.xls) cannot be read: save it as .xlsx or CSV and upload that.")
    if extension not in ("csv", "xlsx", "xlsm"):
        raise ImportFileError(f"'{name}' is not a file type we can import: upload {ACCEPTED}.")
    try:
        table = _csv_rows(content) if extension == "csv" else _excel_rows(content)
    except tables.TooManyRows as error:
        if error.blank:
            raise ImportFileError(str(error)) from None
        raise ImportFileError(f"The file has more than {MAX_ROWS} rows; split it by period.") from None
    except tables.NotAWorkbook:
        raise ImportFileError(f"The file is named .xlsx but is not an Excel workbook: upload {ACCEPTED}.") from None
    except tables.TableError as error:
        raise ImportFileError(str(error)) from None
    return _records(table)


def _csv_rows(content: bytes) -> list[list[object]]:
    if b"\x00" in content[:4096] or content.startswith(b"PK\x03\x04"):
        raise ImportFileError(f"The file is named .csv but is not plain text: upload {ACCEPTED}.")
    # Excel on Windows saves CSV in Windows-1252. Reading stops once the rows pass the limit.
    return [list(row) for row in tables.csv_rows(tables.decode_text(content), max_rows=MAX_ROWS + 1)]


def _excel_rows(content: bytes) -> list[list[object]]:
    return tables.xlsx_rows(content, max_rows=MAX_ROWS + 1, cell=_excel_cell)


def _excel_cell(cell) -> object:
    value = getattr(cell, "value", None)
    # A cell formatted as a percentage holds a fraction: 0.82 shown as 82%.
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", "") or "")
    ):
        return str(Decimal(str(value)) * 100)
    if isinstance(value, float):
        return repr(value)
    return value


def _records(table: list[list[object]]) -> tuple[dict[str, str], list[RawRecord]]:
    if not table:
        raise ImportFileError("The file is empty.")
    headers: dict[str, int] = {}
    written: dict[str, str] = {}
    unknown = []
    for index, cell in enumerate(table[0]):
        label = str(cell or "").strip()
        key = _ALIASES.get(re.sub(r"[\s_]+", " ", label.lower()))
        if key:
            headers[key], written[key] = index, label
        elif label:
            unknown.append(label)
    _check_header(headers, unknown)
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS} rows; split it by period.")
    records = []
    for number, row in enumerate(table[1:], start=2):
        cells = {key: _text(row[index]) if index < len(row) else "" for key, index in headers.items()}
        if any(value not in ("", None) for value in cells.values()):
            records.append(RawRecord(number, cells))
    if not records:
        raise ImportFileError("The file has a header but no rows of figures.")
    return written, records


def _check_header(headers: dict[str, int], unknown: list[str]) -> None:
    if unknown:
        raise ImportFileError(
            f"Row 1: column{'s' if len(unknown) > 1 else ''} {', '.join(repr(u) for u in unknown)} cannot be imported. "
            "Only aggregate figures are accepted, in the columns: code or indicator, period, value, numerator, "
            "denominator, commentary. Never upload records about individual children."
        )
    missing = [name for name in ("period", "value") if name not in headers]
    if "code" not in headers and "indicator" not in headers:
        missing.insert(0, "code or indicator")
    if "value" in missing and {"numerator", "denominator"} <= headers.keys():
        missing.remove("value")
    if missing:
        raise ImportFileError(f"Row 1: the header has no {', no '.join(missing)} column.")


def _text(cell: object) -> str:
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return "" if cell is None else str(cell).strip()


def check_records(
    records: list[RawRecord], *, notice, headers: dict[str, str], scope_organisation_id: int | None, today: date
) -> CheckedImport:
    """Check every row against the notice's indicators; collect all problems. 2 queries."""
    indicators = list(Indicator.objects.filter(notice=notice).select_related("owner_organisation"))
    by_code = {indicator.code.casefold(): indicator for indicator in indicators}
    by_name = {_key(indicator.name): indicator for indicator in indicators}
    checked = CheckedImport(headers=headers)
    seen: dict[tuple[int, date], int] = {}
    for record in records:
        errors: list[RowError] = []
        row = _check_record(record, by_code, by_name, headers, scope_organisation_id, today, errors)
        if row is not None:
            key = (row.indicator.pk, row.period)
            if key in seen:
                errors.append(
                    RowError(
                        record.row,
                        headers.get("period", "period"),
                        f"{row.indicator.code} for {row.period_label} is also on row {seen[key]}; give each period once.",
                    )
                )
            else:
                seen[key] = record.row
                checked.rows.append(row)
        checked.errors.extend(errors)
    if checked.errors:
        return checked
    existing = IndicatorValue.objects.filter(
        indicator__in={r.indicator for r in checked.rows}, period__in={r.period for r in checked.rows}
    )
    by_key = {(value.indicator_id, value.period): value for value in existing}
    checked.rows = [
        ImportRow(r.row, r.indicator, r.period, r.figures, r.commentary, by_key.get((r.indicator.pk, r.period)))
        for r in checked.rows
    ]
    return checked


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _check_record(record, by_code, by_name, headers, scope_organisation_id, today, errors) -> ImportRow | None:
    column = lambda name: headers.get(name, name)  # noqa: E731  the column as the user wrote it
    indicator = _find_indicator(record, by_code, by_name, column, errors)
    if (
        indicator is not None
        and scope_organisation_id is not None
        and indicator.owner_organisation_id != scope_organisation_id
    ):
        errors.append(
            RowError(
                record.row,
                column("code" if "code" in headers else "indicator"),
                f"{indicator.code} is owned by {indicator.owner_organisation}; you can enter figures only "
                "for your own organisation's indicators.",
            )
        )
        indicator = None
    period = None
    try:
        period = parse_period(record.cells.get("period"))
        if indicator is not None:
            check_period(period, frequency=indicator.frequency, today=today)
    except FigureError as error:
        errors.append(RowError(record.row, column("period"), error.errors["period"]))
        period = None
    except ValueError as error:
        errors.append(RowError(record.row, column("period"), str(error)))
    figures = _check_numbers(record, indicator, column, errors)
    if indicator is None or period is None or figures is None:
        return None
    return ImportRow(record.row, indicator, period, figures, record.cells.get("commentary", ""))


def _find_indicator(record, by_code, by_name, column, errors) -> Indicator | None:
    code, name = record.cells.get("code", ""), record.cells.get("indicator", "")
    if code:
        found = by_code.get(code.casefold())
        if found is None:
            errors.append(RowError(record.row, column("code"), f"No indicator with code '{code}' in this notice."))
        return found
    if name:
        found = by_name.get(_key(name))
        if found is None:
            errors.append(RowError(record.row, column("indicator"), f"No indicator called '{name}' in this notice."))
        return found
    errors.append(
        RowError(
            record.row,
            column("code") if code == "" and "code" in record.cells else column("indicator"),
            "Give the indicator's code or name.",
        )
    )
    return None


def _check_numbers(record, indicator, column, errors) -> Figures | None:
    try:
        value, numerator, denominator = parse_figures(
            record.cells.get("value"), record.cells.get("numerator"), record.cells.get("denominator")
        )
    except FigureError as error:
        errors.extend(RowError(record.row, column(field), message) for field, message in error.errors.items())
        return None
    if indicator is None:
        return None
    try:
        return check_figures(unit=indicator.unit, value=value, numerator=numerator, denominator=denominator)
    except FigureError as error:
        errors.extend(RowError(record.row, column(name), message) for name, message in error.errors.items())
        return None
