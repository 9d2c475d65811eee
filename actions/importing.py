"""Reading an existing improvement plan (Excel or CSV) into rows ready to become actions.

The usual council format: a header row, then one row per action with the measure or
requirement reference, the action, owner, organisation, due date and status. Parsing only
reads; it never writes. Every problem is reported against its spreadsheet row and column,
and a file with any problem creates nothing (see `plan_import_commit`).
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from openpyxl.utils.datetime import from_excel

from actions.models import Action
from measures.models import Measure, Notice, Organisation, Requirement
from notice_tracker.lib import clock, tables

MAX_ROWS = 2000
HEADER_ROOM = 11  # the header row and up to ten title rows above it (see find_header)
Status = Action.Status

# Column -> the headings councils use for it (compared lower-case, punctuation ignored).
COLUMNS = {
    "Reference": ["reference", "ref", "action ref", "action reference", "action no", "action number", "no"],
    "Measure": ["measure", "measure ref", "measure reference", "measure no", "notice measure", "section"],
    "Requirement": ["requirement", "requirements", "requirement s", "requirement ref", "requirement reference"],
    "Action": ["action", "actions", "action title", "title", "what will be done"],
    "Description": ["description", "detail", "details", "how"],
    "Owner": ["owner", "action owner", "lead officer", "responsible officer", "responsible"],
    "Organisation": ["organisation", "organization", "lead organisation", "lead organization", "agency", "lead agency"],
    "Start": ["start", "start date", "start on", "from"],
    "Due": ["due", "due date", "due on", "deadline", "target date", "by when", "due by"],
    "Status": ["status", "progress status"],
    "Completed": ["completed", "completed on", "date completed"],
}
REQUIRED = ["Action", "Owner", "Organisation", "Due"]
STATUS_WORDS = {
    Status.PLANNED: ["planned", "not started", "not yet started", "to do", "open", "new"],
    Status.IN_PROGRESS: ["in progress", "on track", "ongoing", "started", "underway", "on going", "at risk", "delayed"],
    Status.COMPLETE: ["complete", "completed", "done", "closed", "achieved", "delivered"],
    Status.CANCELLED: ["cancelled", "canceled", "withdrawn", "superseded"],
}
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y"]


@dataclass(frozen=True)
class RowError:
    row: int | None  # the spreadsheet row number; None for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None or not self.column:
            return self.message
        return f"Row {self.row}, column {self.column}: {self.message}"


@dataclass
class PlanRow:
    """One previewed action; ids are checked again when the import is confirmed."""

    row: int
    reference: str
    title: str
    description: str
    requirement_ids: list[int]
    requirement_refs: list[str]
    owner_id: int
    owner_name: str
    organisation_id: int
    organisation_name: str
    start_on: date
    due_on: date
    status: str
    completed_on: date | None

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    def to_session(self) -> dict:
        data = asdict(self)
        for name in ("start_on", "due_on", "completed_on"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_session(cls, data: dict) -> PlanRow:
        data = dict(data)
        for name in ("start_on", "due_on", "completed_on"):
            data[name] = date.fromisoformat(data[name]) if data[name] else None
        return cls(**data)


@dataclass
class ImportPreview:
    filename: str
    sha256: str
    rows: list[PlanRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def can_import(self) -> bool:
        return bool(self.rows) and not self.errors


def _normalise(text) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).strip()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    # Our export writes "'=…" so a spreadsheet shows a title starting "=" as text, never as a
    # formula (actions/export.py); reading it back takes the apostrophe off again.
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


# Reading the file ---------------------------------------------------------------------------


def read_table(content: bytes, filename: str) -> list[list]:
    """The file's cells, row by row, stopping once it holds more rows than an import may.

    Raises ValueError (a `tables.TableError`) with a message for people.
    """
    if filename.lower().endswith(".xlsx"):
        return tables.xlsx_rows(content, max_rows=MAX_ROWS + HEADER_ROOM)
    return _read_csv(content)


def _read_csv(content: bytes) -> list[list]:
    if content[:2] == b"PK":
        raise ValueError("The file looks like an Excel workbook, not CSV: give it the .xlsx extension.")
    text = tables.decode_text(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return tables.csv_rows(text, max_rows=MAX_ROWS + HEADER_ROOM, dialect=dialect)


def map_columns(header: list) -> tuple[dict[str, int], list[str]]:
    """Which column holds what; headings we do not use are returned to be listed."""
    known = {_normalise(alias): column for column, aliases in COLUMNS.items() for alias in aliases}
    positions, ignored = {}, []
    for index, heading in enumerate(header):
        column = known.get(_normalise(heading))
        if column and column not in positions:
            positions[column] = index
        elif _cell_text(heading):
            ignored.append(_cell_text(heading))
    return positions, ignored


def find_header(table: list[list]) -> int | None:
    """The header row: the first of the opening rows that names three known columns, so a
    title line above the table is skipped; failing that, the first row with anything in it."""
    filled = [i for i, row in enumerate(table) if any(_cell_text(c) for c in row)]
    for index in filled[:10]:
        if len(map_columns(table[index])[0]) >= 3:
            return index
    return filled[0] if filled else None


# Parsing ------------------------------------------------------------------------------------


def parse_plan(content: bytes, filename: str, *, notice: Notice) -> ImportPreview:
    preview = ImportPreview(filename=filename, sha256=hashlib.sha256(content).hexdigest())
    try:
        table = read_table(content, filename)
    except tables.TooManyRows as exc:
        message = (
            str(exc)
            if exc.blank
            else f"The sheet has more than {MAX_ROWS:,} rows; import at most {MAX_ROWS:,} at a time."
        )
        preview.errors.append(RowError(None, "", message))
        return preview
    except ValueError as exc:
        preview.errors.append(RowError(None, "", str(exc)))
        return preview
    start = find_header(table)
    if start is None:
        preview.errors.append(RowError(None, "", "The file is empty: it needs a header row and one row per action."))
        return preview
    positions, preview.ignored_columns = map_columns(table[start])
    missing = [c for c in REQUIRED if c not in positions]
    if "Measure" not in positions and "Requirement" not in positions:
        missing.insert(0, "Measure or Requirement")
    if missing:
        preview.errors.append(RowError(start + 1, "", _missing_message(missing, start + 1)))
        return preview
    body = [
        (number, row)
        for number, row in enumerate(table[start + 1 :], start=start + 2)
        if any(_cell_text(c) for c in row)
    ]
    if not body:
        preview.errors.append(RowError(None, "", "The file has a header row but no actions under it."))
    elif len(body) > MAX_ROWS:
        preview.errors.append(
            RowError(None, "", f"The file has {len(body)} rows; import at most {MAX_ROWS} at a time.")
        )
    else:
        _parse_rows(body, positions, preview, Lookups(notice))
    return preview


def _missing_message(missing: list[str], header_row: int) -> str:
    names = ", ".join(missing)
    return (
        f"Row {header_row} (the header row) lacks the column{'s' if len(missing) > 1 else ''} {names}. "
        f"Required: Measure or Requirement, {', '.join(REQUIRED)}; optional: Reference, Description, Start, Status, Completed."
    )


def _parse_rows(body: list, positions: dict[str, int], preview: ImportPreview, lookups: Lookups) -> None:
    seen_refs: dict[str, int] = {}
    for number, cells in body:
        values = {column: cells[index] if index < len(cells) else None for column, index in positions.items()}
        errors: list[RowError] = []
        row = _parse_row(number, values, lookups, errors)
        reference = row.get("reference", "")
        if reference and reference.lower() in seen_refs:
            errors.append(
                RowError(number, "Reference", f"{reference} is also used on row {seen_refs[reference.lower()]}.")
            )
        elif reference:
            seen_refs[reference.lower()] = number
        if errors:
            preview.errors.extend(errors)
        else:
            preview.rows.append(PlanRow(row=number, **row))


def _parse_row(number: int, values: dict, lookups: Lookups, errors: list[RowError]) -> dict:
    def error(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    row: dict = {"reference": _cell_text(values.get("Reference")), "description": _cell_text(values.get("Description"))}
    row["title"] = _cell_text(values.get("Action"))
    if not row["title"]:
        error("Action", "is empty: say what the action is.")
    elif len(row["title"]) > 300:
        error("Action", f"is {len(row['title'])} characters long; keep it to 300 and put detail in Description.")
    if len(row["reference"]) > 20:
        error("Reference", "is longer than 20 characters.")
    elif row["reference"] and row["reference"].lower() in lookups.used_references:
        error("Reference", f"{row['reference']} is already used by an action in this plan.")
    requirements = lookups.requirements(values.get("Measure"), values.get("Requirement"), error)
    row["requirement_ids"] = [r.pk for r in requirements]
    row["requirement_refs"] = [r.reference for r in requirements]
    owner = lookups.owner(_cell_text(values.get("Owner")), error)
    row["owner_id"], row["owner_name"] = (owner.pk, owner.get_full_name() or owner.username) if owner else (0, "")
    organisation = lookups.organisation(_cell_text(values.get("Organisation")), error)
    row["organisation_id"], row["organisation_name"] = (organisation.pk, organisation.name) if organisation else (0, "")
    _parse_dates_and_status(values, row, lookups.notice, error)
    return row


def _parse_dates_and_status(values: dict, row: dict, notice: Notice, error) -> None:
    due = parse_date(values.get("Due"), "Due", error, required=True)
    start = parse_date(values.get("Start"), "Start", error)
    completed = parse_date(values.get("Completed"), "Completed", error)
    if due and not start:
        # An old plan often has no start dates; the notice's date is when the work began.
        start = min(notice.issued_on, due)
    if due and start and due < start:
        error("Due", f"{due:%d/%m/%Y} is before the start date {start:%d/%m/%Y}.")
    status = parse_status(_cell_text(values.get("Status")), error)
    if completed and status != Status.COMPLETE:
        error("Completed", "has a date but the status is not Complete.")
    if completed and completed > clock.today():
        error("Completed", f"{completed:%d/%m/%Y} is in the future.")
    row.update(start_on=start, due_on=due, status=status, completed_on=completed)


def parse_date(value, column: str, error, *, required: bool = False) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 < value < 80000:
        return from_excel(value).date()  # an Excel date serial that lost its formatting
    text = _cell_text(value)
    if not text:
        if required:
            error(column, "is empty: give a date such as 21/05/2014.")
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    error(column, f"“{text}” is not a date; write dates as 21/05/2014.")
    return None


def parse_status(text: str, error) -> str:
    if not text:
        return Status.PLANNED
    wanted = _normalise(text)
    for status, words in STATUS_WORDS.items():
        if wanted in words:
            return status
    error("Status", f"“{text}” is not a status we know; use Planned, In progress, Complete or Cancelled.")
    return Status.PLANNED


class Lookups:
    """The notice's measures, requirements, members and organisations, read once per file."""

    def __init__(self, notice: Notice):
        self.notice = notice
        self.measures = {m.reference.lower(): m for m in Measure.objects.filter(notice=notice)}
        self.all_requirements = list(Requirement.objects.filter(measure__notice=notice).select_related("measure"))
        self.members = list(get_user_model().objects.filter(memberships__notice=notice))
        self.organisations = {o.name.lower(): o for o in Organisation.objects.filter(notice=notice)}
        self.used_references = {
            r.lower() for r in Action.objects.filter(notice=notice).values_list("reference", flat=True)
        }

    def requirements(self, measure_cell, requirement_cell, error) -> list[Requirement]:
        measure = None
        measure_text = re.sub(r"^(measure|section)\s*", "", _cell_text(measure_cell), flags=re.I).rstrip(".")
        if measure_text:
            measure = self.measures.get(measure_text.lower())
            if measure is None:
                error("Measure", f"“{measure_text}” is not a measure of this notice.")
                return []
        refs = [r for r in re.split(r"[,;\n]+", _cell_text(requirement_cell)) if r.strip()]
        if not refs:
            if measure is None:
                error("Measure", "and Requirement are both empty: give the measure or requirement the action serves.")
                return []
            # A plan that names only the measure: the action serves all of that measure's requirements.
            return [r for r in self.all_requirements if r.measure_id == measure.pk]
        found = []
        for ref in refs:
            key = re.sub(r"\s+", "", ref).lower()
            matches = [
                r
                for r in self.all_requirements
                if r.reference.lower() == key and (measure is None or r.measure_id == measure.pk)
            ]
            if len(matches) == 1:
                found.append(matches[0])
            elif measure is not None and any(r.reference.lower() == key for r in self.all_requirements):
                error("Requirement", f"{ref.strip()} is not part of measure {measure.reference}.")
            else:
                error("Requirement", f"“{ref.strip()}” is not a requirement of this notice.")
        return found

    def owner(self, text: str, error):
        if not text:
            error("Owner", "is empty: name the person accountable (their name, username or email).")
            return None
        key = text.lower()
        matches = [
            u for u in self.members if key in {u.username.lower(), (u.email or "").lower(), u.get_full_name().lower()}
        ]
        if len(matches) == 1:
            return matches[0]
        if matches:
            error("Owner", f"“{text}” matches {len(matches)} members; use their username or email.")
        else:
            error("Owner", f"“{text}” is not a member of this notice; owners need a role on the notice first.")
        return None

    def organisation(self, text: str, error):
        if not text:
            error("Organisation", "is empty: name the lead organisation.")
            return None
        organisation = self.organisations.get(text.lower())
        if organisation is None:
            error("Organisation", f"“{text}” is not an organisation in this notice.")
        return organisation
