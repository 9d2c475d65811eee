"""What the API answers, resource by resource: the OpenAPI document is made from these."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Generic, TypeVar

from ninja import Field, Schema
from pydantic import field_validator

from notice_tracker.lib.converters import BIGINT_MAX

T = TypeVar("T")


class Page(Schema, Generic[T]):
    count: int = Field(description="How many there are in all, across every page.")
    next: str | None = Field(description="The next page's address; null on the last page.")
    previous: str | None = Field(description="The previous page's address; null on the first page.")
    results: list[T]


class ListQuery(Schema):
    notice: int | None = Field(None, ge=1, le=BIGINT_MAX, description="Only this notice's records (its id).")
    changed_since: datetime | None = Field(
        None,
        description="Only records created or changed at or after this moment (ISO 8601; UK time when no offset is given).",
    )
    limit: int = Field(50, ge=1, le=200, description="How many a page (1–200).")
    offset: int = Field(0, ge=0, le=10**9, description="How many to skip.")

    @field_validator("changed_since", mode="before")
    @classmethod
    def _iso_8601(cls, value: object) -> object:
        """Only ISO 8601 (2015-02-01, 2015-02-01T09:00, 2015-02-01T09:00:00Z), not pydantic's Unix seconds."""
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                raise ValueError("give a date and time in ISO 8601, e.g. 2015-02-01T09:00:00Z") from None
        return value


class IndicatorValueQuery(ListQuery):
    indicator: int | None = Field(None, ge=1, le=BIGINT_MAX, description="Only this indicator's figures (its id).")


class NoticeOut(Schema):
    id: int
    authority: str
    title: str
    issued_on: date
    issuer: str
    status: str
    lifted_on: date | None
    delivery_deadline: date | None
    my_role: str = Field(description="The caller's role on the notice.")
    overall_rag: str = Field(description="The notice's rating today (red, amber, green; empty when unrated).")
    url: str


class MeasureOut(Schema):
    id: int
    notice: int
    reference: str
    printed_number: str
    heading: str
    intro: str
    position: int
    rag: str = Field(description="The measure's rating today, from the notice's position.")
    trend: str
    url: str


class RequirementOut(Schema):
    id: int
    notice: int
    measure: int
    measure_reference: str
    reference: str
    subheading: str
    text: str
    kind: str
    position: int


class ActionUpdateOut(Schema):
    id: int
    on: date
    author: str
    note: str
    percent_complete: int
    created_at: datetime


class ActionOut(Schema):
    id: int
    notice: int
    reference: str
    title: str
    description: str
    status: str
    owner: str
    lead_organisation: str
    start_on: date
    due_on: date
    completed_on: date | None
    percent_complete: int
    rag: str = Field(description="Today's RAG from the notice's position; empty before the action starts.")
    overdue: bool
    requirements: list[int]
    updated_at: datetime
    updates: list[ActionUpdateOut] = Field(description="Progress updates, newest first.")
    url: str


class EvidenceVersionOut(Schema):
    number: int
    file_name: str
    content_type: str
    size: int
    uploaded_at: datetime
    download_url: str | None = Field(
        description="The file, through the site's own permission-checked download (a signed-in session); null when "
        "this version is withdrawn or kept restricted from the caller."
    )


class EvidenceOut(Schema):
    id: int
    notice: int
    title: str
    description: str
    kind: str
    nature: str
    covers_from: date | None
    covers_to: date | None
    link: str
    organisation: str
    submitted_by: str
    submitted_at: datetime
    restricted: bool
    review_status: str
    requirements: list[int]
    actions: list[int]
    updated_at: datetime
    versions: list[EvidenceVersionOut]
    url: str


class IndicatorOut(Schema):
    id: int
    notice: int
    code: str
    name: str
    definition: str
    unit: str
    direction: str
    target: Decimal | None
    target_upper: Decimal | None
    tolerance: Decimal
    frequency: str
    owner_organisation: str
    requirements: list[int]
    rag: str = Field(description="Today's assessment from the notice's position.")
    failing: bool
    url: str


class IndicatorValueOut(Schema):
    id: int
    notice: int
    indicator: int
    indicator_code: str
    period: date
    value: Decimal
    numerator: int | None
    denominator: int | None
    commentary: str
    entered_at: datetime


class ReportOccurrenceOut(Schema):
    due_on: date
    period_start: date
    period_end: date
    late: bool
    issued_report: int | None


class DutyOut(Schema):
    id: int
    notice: int
    code: str
    title: str
    section: str
    responsible: str
    recipient: str
    cadence_months: int | None
    cadence_weeks: int | None
    starts_on: date | None
    next_due_on: date | None = Field(description="The occurrence it is working towards (null: met, or no date set).")
    overdue: bool
    late_occurrences: int
    met_on: date | None = Field(description="A one-off duty: the day it was recorded done.")
    last_met_on: date | None = Field(
        description="A duty met by events (DfE reviews, the Council's report): the last time."
    )
    report_occurrences: list[ReportOccurrenceOut] = Field(
        description="A report duty: every report called for so far and the next, with the issued report that answers it."
    )


class MeetingOut(Schema):
    id: int
    notice: int
    held_on: date
    location: str
    chaired_by: str
    dfe_attended: bool
    council_report_received: bool
    minutes_summary: str
    decisions: str
    actions_arising: list[int]
    minutes_url: str | None = Field(description="The minutes, through the site's own download (a signed-in session).")
    updated_at: datetime
    url: str


class ReportOut(Schema):
    id: int
    notice: int
    kind: str
    kind_label: str
    period_start: date
    period_end: date
    issued_on: date | None
    issued_by: str
    pdf_name: str
    pdf_size: int | None
    pdf_sha256: str
    supersedes: int | None
    superseded: bool
    pdf_url: str = Field(description="The issued PDF through the API (the same checks as the report's page).")
    url: str


class NextDutyOut(Schema):
    title: str
    due_on: date | None
    overdue: bool


class PortfolioRowOut(Schema):
    notice: int
    authority: str
    title: str
    status: str
    my_role: str
    overall_rag: str
    overdue_actions: int
    failing_indicators: int
    next_duty: NextDutyOut | None
    next_board_meeting: date
    delivery_deadline: date | None
    url: str


class IndexOut(Schema):
    version: str
    resources: dict[str, str]
    openapi: str
    docs: str
