"""The plain data a statutory report is made from: what `reporting.selectors.report_data` returns.

Plain values only (strings, numbers, dates, lists), so that the same object feeds the browser
preview, the PDF and — turned into JSON by `snapshot_of` — the snapshot stored with an issued
report. Charts (`IndicatorLine.chart`) are left out of the snapshot: they are drawn from figures
it already holds.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass, field
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder

from notice_tracker.lib.rag import label as rag_label


@dataclass
class ActionLine:
    reference: str
    title: str
    organisation: str
    due_on: date
    completed_on: date | None
    status: str
    rag: str
    overridden: bool = False

    @property
    def rag_label(self) -> str:
        return rag_label(self.rag, override=self.overridden)


@dataclass
class EvidenceLine:
    title: str
    kind: str
    nature: str
    covers_from: date
    covers_to: date | None
    requirements: list[str] = field(default_factory=list)


@dataclass
class IndicatorLine:
    code: str
    name: str
    unit: str
    title: str  # name, unit and target: the chart's own title and its alt text
    latest: str
    latest_period: str
    target: str
    rag: str
    trend: str
    trend_sentence: str
    projection_sentence: str
    failing_reason: str
    is_failing: bool  # on section 12's list: failing the target or not on course to meet it by the deadline
    recent: list[tuple[str, str]] = field(default_factory=list)  # (period, figure), oldest first
    chart_anchor: str = ""  # where this indicator's chart is in the document
    chart: str = field(default="", metadata={"snapshot": False})  # inline SVG, where it is drawn
    # What the chart is drawn from (indicators.charts' arguments as JSON values), where it is drawn:
    # kept in the snapshot, so an issued report's Word copy draws the charts its PDF showed.
    chart_spec: dict = field(default_factory=dict)

    @property
    def rag_label(self) -> str:
        return rag_label(self.rag)


@dataclass
class MeasureSection:
    anchor: str
    reference: str
    heading: str
    rag: str  # the roll-up, as at the end of the period
    reasons: list[str]
    judgement: str  # the author's
    narrative: str
    completed: list[ActionLine]
    due: list[ActionLine]
    overdue: list[ActionLine]
    evidence: list[EvidenceLine]
    indicators: list[IndicatorLine]

    @property
    def rag_label(self) -> str:
        return rag_label(self.rag)

    @property
    def judgement_label(self) -> str:
        return rag_label(self.judgement) if self.judgement else "No judgement given"


@dataclass
class NarrativeSection:
    anchor: str
    heading: str
    judgement: str
    narrative: str

    @property
    def judgement_label(self) -> str:
        return rag_label(self.judgement) if self.judgement else ""


@dataclass
class MeetingLine:
    held_on: date
    chaired_by: str
    attendees: int
    dfe_attended: bool


@dataclass
class GapLine:
    after: date | None
    before: date | None
    days: int


@dataclass
class BoardSummary:
    meetings: list[MeetingLine]
    gaps: list[GapLine]
    next_due_on: date | None
    is_overdue: bool

    @property
    def dfe_attended(self) -> int:
        return sum(1 for m in self.meetings if m.dfe_attended)


@dataclass
class IssuedReportLine:
    title: str
    period: str
    issued_on: date | None
    author: str
    sha256: str
    executive_summary: str
    judgement: str
    sections: list[NarrativeSection] = field(default_factory=list)

    @property
    def judgement_label(self) -> str:
        return rag_label(self.judgement) if self.judgement else "No overall judgement given"


@dataclass
class MscbPart:
    update: IssuedReportLine | None
    assessment: str


@dataclass
class Milestone:
    due_on: date
    title: str
    detail: str


@dataclass
class DutyLine:
    """One of the notice's duties as it went in the period: what was due, done or late, and what proves it."""

    title: str
    section: str
    due_on: date | None
    status: str  # "done", "done late", "late", "due", "this report"
    done_on: date | None = None
    proof: str = ""

    @property
    def is_late(self) -> bool:
        return self.status in ("late", "done late")

    @property
    def status_label(self) -> str:
        return self.status.capitalize()


@dataclass
class SignOff:
    """Who signs the report off, when, and the reference a recipient checks a copy against."""

    name: str
    role: str
    issued_on: date | None
    reference: str  # the report's number on the notice, e.g. "NT-1-7"
    verify_url: str  # the page that shows the issued PDF's SHA-256 (a PDF cannot print its own)
    supersedes_sha256: str = ""


@dataclass
class CoverageLine:
    measure: str
    requirement: str
    text: str
    impact: bool
    qualitative: list[str]
    quantitative: list[str]

    @property
    def is_gap(self) -> bool:
        return not (self.qualitative or self.quantitative)


@dataclass
class Totals:
    completed: int = 0
    due: int = 0
    overdue: int = 0
    evidence: int = 0
    failing: int = 0
    meetings: int = 0


@dataclass
class ReportData:
    report_id: int
    kind: str
    kind_label: str
    is_draft: bool
    authority: str
    notice_title: str
    notice_issued_on: date
    period_start: date
    period_end: date
    period_label: str
    author: str
    author_role: str
    issued_on: date | None
    running_title: str
    supersedes: IssuedReportLine | None
    correction_note: str
    executive_summary: str
    overall_rag: str
    overall_reason: str
    overall_judgement: str
    totals: Totals
    measures: list[MeasureSection] = field(default_factory=list)
    narrative_sections: list[NarrativeSection] = field(default_factory=list)
    failing: list[IndicatorLine] = field(default_factory=list)
    board: BoardSummary | None = None
    mscb: MscbPart | None = None
    milestones: list[Milestone] = field(default_factory=list)
    next_steps: str = ""
    chair_reports: list[IssuedReportLine] = field(default_factory=list)
    lead_member: IssuedReportLine | None = None
    coverage: list[CoverageLine] = field(default_factory=list)
    appendix: list[EvidenceLine] = field(default_factory=list)
    rule_text: str = ""
    # The day the report speaks from: its issue date, or the day a draft is built. Tense follows it.
    told_on: date | None = None
    due_on: date | None = None  # when the notice's duty called for it
    late_reason: str = ""  # why it was issued after `due_on`
    duties: list[DutyLine] = field(default_factory=list)
    sign_off: SignOff | None = None

    @property
    def late_duties(self) -> int:
        return sum(1 for line in self.duties if line.is_late)

    @property
    def issued_late(self) -> bool:
        return bool(self.due_on and self.issued_on and self.issued_on > self.due_on)

    @property
    def days_late(self) -> int:
        return (self.issued_on - self.due_on).days if self.due_on and self.issued_on else 0

    @property
    def title(self) -> str:
        return f"{self.authority}: {self.kind_label}, {self.period_label}"

    @property
    def overall_label(self) -> str:
        return rag_label(self.overall_rag)

    @property
    def overall_judgement_label(self) -> str:
        return rag_label(self.overall_judgement) if self.overall_judgement else ""


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.metadata.get("snapshot", True)
        }
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot_of(data: ReportData) -> dict:
    """The data as JSON-ready values: dates as ISO strings, charts left out (they are drawn from the figures)."""
    return json.loads(json.dumps(_plain(data), cls=DjangoJSONEncoder))


def _load(kind: object, value: object) -> object:
    """A snapshot value back as the type `kind` names (dataclasses, lists, dates, optionals)."""
    if value is None:
        return None
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        inner = [arg for arg in args if arg is not type(None)]
        return _load(inner[0], value) if len(inner) == 1 else value
    if origin is list and isinstance(value, list):
        return [_load(args[0], item) for item in value] if args else value
    if origin is tuple and isinstance(value, list):
        return tuple(value)
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind) and isinstance(value, dict):
        return _load_dataclass(kind, value)
    return value


def _load_dataclass(cls: type, values: dict) -> object:
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {name: _load(hints[name], value) for name, value in values.items() if name in known}
    missing = [
        f.name
        for f in known.values()
        if f.name not in kwargs and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    for name in missing:  # a snapshot older than a field: the field's plain empty value
        kwargs[name] = _EMPTY.get(hints[name], "")
    return cls(**kwargs)


_EMPTY: dict[object, object] = {str: "", int: 0, bool: False}


def data_from_snapshot(snapshot: dict) -> ReportData:
    """The data an issued report was built from, as `report_data` returned it (charts left to draw again)."""
    data = _load_dataclass(ReportData, snapshot)
    assert isinstance(data, ReportData)
    return data
