"""Building the parts of a report's data from rows already read (selectors.py).

Only `board_summary` reads the database (two queries); the rest turn loaded rows into the
plain values of reporting/types.py.
"""

from __future__ import annotations

import textwrap
from datetime import date
from typing import Any

from django.utils.text import slugify

from actions.models import Action
from actions.selectors import ActionRow
from evidence.models import EvidenceItem
from indicators import charts
from indicators.analysis import Point
from indicators.models import Indicator
from indicators.periods import add_months
from indicators.selectors import IndicatorRow
from measures.models import Notice
from meetings.selectors import BoardCadence, meeting_rows
from progress.selectors import NoticeRollup
from reporting.types import (
    ActionLine,
    BoardSummary,
    EvidenceLine,
    GapLine,
    IndicatorLine,
    IssuedReportLine,
    MeasureSection,
    MeetingLine,
    NarrativeSection,
)
from reports.models import Report, ReportSection

RECENT_FIGURES = 6
# Inches: half the width of an A4 page's text, so that charts sit two abreast (small multiples).
CHART_SIZE = (3.4, 2.3)
HEADING_WIDTH = 44  # characters a line of a chart's own title holds at that size


def unit_label(unit: str) -> str:
    """'Per cent', 'Days', 'Number'…: as the chart's axis names the unit."""
    return next((label for key, label in charts.UNIT_LABELS.items() if key == unit), "")


def chart_title(row: IndicatorRow) -> str:
    """What the chart shows, in one line: its name, unit and target (drawn in the chart, and its alt text)."""
    indicator = row.indicator
    unit = unit_label(indicator.unit).lower()
    return f"{indicator.code} {indicator.name} ({unit}), target {indicator.target_display}"


def chart_spec(row: IndicatorRow, *, chart_id: str) -> dict[str, Any]:
    """The chart's arguments as JSON values: kept in an issued report's snapshot, drawn as SVG (PDF) or PNG (Word)."""
    title = chart_title(row)
    args = row.chart_args(
        chart_id=chart_id, size=CHART_SIZE, title=title, heading="\n".join(textwrap.wrap(title, HEADING_WIDTH))
    )
    args["points"] = [[point.period.isoformat(), point.value] for point in args["points"]]
    args["deadline"] = args["deadline"].isoformat() if args["deadline"] else None
    args["size"] = list(args["size"])
    return args


def _chart_args(spec: dict[str, Any]) -> dict[str, Any]:
    args = dict(spec)
    args["points"] = [Point(date.fromisoformat(period), float(value)) for period, value in spec["points"]]
    args["deadline"] = date.fromisoformat(spec["deadline"]) if spec.get("deadline") else None
    args["size"] = tuple(spec["size"])
    return args


def chart_svg(spec: dict[str, Any]) -> str:
    """The chart as inline SVG (indicators.charts keeps each one drawn)."""
    return charts.indicator_chart_svg(**_chart_args(spec))


def chart_png(spec: dict[str, Any]) -> bytes:
    """The same chart as a PNG, for the Word copy."""
    return charts.indicator_chart_png(**_chart_args(spec))


def _action(row: ActionRow) -> ActionLine:
    return ActionLine(
        reference=row.reference,
        title=row.title,
        organisation=row.organisation,
        due_on=row.due_on,
        completed_on=row.completed_on,
        status=row.status_label,
        rag=row.rag,
        overridden=bool(row.rag_override),
    )


def evidence_line(item: EvidenceItem) -> EvidenceLine:
    return EvidenceLine(
        title=item.title,
        kind=item.get_kind_display(),
        nature=item.get_nature_display(),
        covers_from=item.covers_from,
        covers_to=item.covers_to,
        requirements=[r.reference for r in item.requirements.all()],
    )


def compact_period(period: date, quarterly: bool) -> str:
    """'Jan 2015', or 'Oct–Dec 2014' for a quarter: short enough for a small table's column."""
    if quarterly:
        return f"{period:%b}–{add_months(period, 2):%b %Y}"
    return f"{period:%b %Y}"


def indicator_line(row: IndicatorRow) -> IndicatorLine:
    indicator, assessment, latest = row.indicator, row.assessment, row.latest
    quarterly = indicator.frequency == Indicator.Frequency.QUARTERLY
    return IndicatorLine(
        code=indicator.code,
        name=indicator.name,
        unit=unit_label(indicator.unit),
        title=chart_title(row),
        latest=latest.display if latest else "No figures",
        latest_period=latest.period_label if latest else "",
        target=indicator.target_display,
        rag=assessment.rag.value,
        trend=assessment.trend.label,
        trend_sentence=assessment.trend_sentence,
        projection_sentence=assessment.projection_sentence,
        failing_reason=assessment.failing_reason,
        is_failing=assessment.on_failing_list,
        recent=[(compact_period(value.period, quarterly), value.display) for value in row.values[-RECENT_FIGURES:]],
    )


def measure_sections(
    *,
    rollup: NoticeRollup,
    sections: list[ReportSection],
    actions: list[ActionRow],
    evidence: list[EvidenceItem],
    indicators: list[IndicatorRow],
    failing_codes: list[str],
    start: date,
    end: date,
    with_charts: bool = True,
) -> list[MeasureSection]:
    """One section per measure, in the notice's order: the roll-up, the author's words and the period's facts.

    Each indicator's chart is drawn once: a failing one in the section 12 analysis, any other in
    the first measure section that lists it; elsewhere the indicator points to it.
    """
    written = {s.measure_id: s for s in sections if s.measure_id}
    drawn: set[str] = set(failing_codes)
    result = []
    for measure_rollup in rollup.measures:
        measure = measure_rollup.measure
        section = written.get(measure.pk)
        mine = [a for a in actions if measure.reference in a.measures and a.status != Action.Status.CANCELLED]
        linked = [
            row for row in indicators if any(r.measure_id == measure.pk for r in row.indicator.requirements.all())
        ]
        part = MeasureSection(
            anchor=f"measure-{slugify(measure.reference)}",
            reference=measure.reference,
            heading=measure.heading,
            rag=measure_rollup.rag,
            reasons=list(measure_rollup.reasons),
            judgement=section.judgement if section else "",
            narrative=section.narrative if section else "",
            completed=[_action(a) for a in mine if a.completed_on and start <= a.completed_on <= end],
            due=[_action(a) for a in mine if start <= a.due_on <= end],
            overdue=[_action(a) for a in mine if a.overdue],
            evidence=[
                evidence_line(item)
                for item in evidence
                if start <= (item.covers_to or item.covers_from) <= end
                and any(r.measure_id == measure.pk for r in item.requirements.all())
            ],
            indicators=[],
        )
        for row in linked:
            line = indicator_line(row)
            line.chart_anchor = f"chart-{row.indicator.code.lower()}"
            if row.indicator.code not in drawn:
                line.chart_spec = chart_spec(row, chart_id=line.chart_anchor)
                if with_charts:
                    line.chart = chart_svg(line.chart_spec)
                drawn.add(row.indicator.code)
            part.indicators.append(line)
        result.append(part)
    return result


def board_summary(notice: Notice, cadence: BoardCadence, *, start: date, end: date) -> BoardSummary:
    """Board meetings held in the period with their attendance, and every breach of the monthly cadence in it (one query)."""
    meetings = [m for m in meeting_rows(notice) if start <= m.held_on <= end]
    gaps = [gap for gap in cadence.gaps if (gap.before or end) >= start]
    return BoardSummary(
        meetings=[
            MeetingLine(
                held_on=m.held_on, chaired_by=m.chaired_by, attendees=m.attendee_count, dfe_attended=m.dfe_attended
            )
            for m in sorted(meetings, key=lambda m: m.held_on)
        ],
        gaps=[GapLine(after=g.after, before=g.before, days=g.days) for g in gaps],
        next_due_on=cadence.next_due_on,
        is_overdue=cadence.is_overdue,
    )


def issued_line(report: Report, *, with_sections: bool = False) -> IssuedReportLine:
    """An issued report as another report quotes it (its sections must be prefetched if wanted)."""
    sections = []
    if with_sections:
        sections = [
            NarrativeSection(anchor="", heading=s.heading, judgement=s.judgement, narrative=s.narrative)
            for s in sorted(report.sections.all(), key=lambda s: s.position)
        ]
    return IssuedReportLine(
        title=str(report),
        period=report.period_label,
        issued_on=report.issued_on,
        author=report.author.get_full_name() or report.author.get_username(),
        sha256=report.pdf_sha256,
        executive_summary=report.executive_summary,
        judgement=report.overall_judgement,
        sections=sections,
    )
