"""Reads for the statutory reports: the report's data, the sections a new report starts with,
the reports list and a report's history — each in a fixed number of queries. (The schedule of
reports the notice's duties call for is `reports.schedule`, read through the notice's position.)

`report_data` is the one source of a report's content: the browser preview, the PDF and the
snapshot stored with an issued report are all made from what it returns. It reads as a
published document does (`viewer_access=None`): restricted evidence never appears, whoever
builds the report.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Coalesce

from actions.models import Action
from actions.selectors import ActionRow
from evidence.models import EvidenceItem
from evidence.selectors import accepted_evidence_by_requirement, publishable_evidence
from indicators.selectors import IndicatorRow, failing_rows
from measures.access import NoticeAccess
from measures.models import Measure, Notice, Requirement
from notice_tracker.lib.dates import add_months
from notice_tracker.lib.historydiff import HistoryEntry, record_history
from progress.position import NoticePosition, notice_position
from reporting.parts import board_summary, chart_svg, evidence_line, indicator_line, issued_line, measure_sections
from reporting.types import (
    CoverageLine,
    IssuedReportLine,
    Milestone,
    MscbPart,
    NarrativeSection,
    ReportData,
    Totals,
)
from reports.access import report_visibility
from reports.models import Report, ReportSection

Kind = Report.Kind

# The sections of the MSCB Chair's update (section 13: "update on the activity MSCB has undertaken to meet its functions").
MSCB_HEADINGS = [
    "Activity undertaken to meet the Board's functions",
    "Support and challenge to partners",
    "Thresholds, early help and child protection",
    "Multi-agency audit and learning",
    "Priorities for the next quarter",
]
AUTHOR_ROLES: dict[str, str] = {
    Kind.CHAIR: "Independent Chair of the Improvement Board",
    Kind.REVIEW_PACK: "Independent Chair of the Improvement Board",
    Kind.LEAD_MEMBER: "Lead Member for Children's Services",
    Kind.MSCB: "Chair of the Safeguarding Children Board",
}
# The Chair's report and the review pack carry the period's facts; the Lead Member's report and the
# MSCB update are the author's narrative (the review pack quotes the Lead Member's).
WITH_MEASURES = {Kind.CHAIR, Kind.REVIEW_PACK}
NEXT_ACTIONS_MONTHS = 3
NEXT_ACTIONS_LIMIT = 12


# --------------------------------------------------------------------------- the report's data


def report_data(report: Report, *, issuing_on: date | None = None) -> ReportData:
    """Everything the report shows, as plain values. A fixed number of queries, however much data.

    `issuing_on`: the data for the PDF that issues the report on that day (no DRAFT marking).
    """
    notice, start, end = report.notice, report.period_start, report.period_end
    sections = list(ReportSection.objects.filter(report=report).order_by("position")) if report.pk else []
    data = ReportData(
        report_id=report.pk,
        kind=report.kind,
        kind_label=report.get_kind_display(),
        is_draft=not (report.is_issued or issuing_on),
        authority=notice.authority.name,
        notice_title=notice.title,
        notice_issued_on=notice.issued_on,
        period_start=start,
        period_end=end,
        period_label=report.period_label,
        author=_name(report.author),
        author_role=AUTHOR_ROLES[report.kind],
        issued_on=report.issued_on or issuing_on,
        running_title=f"{notice.authority.name} Improvement Notice of {_day(notice.issued_on)} — {report.period_label}",
        supersedes=issued_line(report.supersedes) if report.supersedes else None,
        correction_note=report.correction_note,
        executive_summary=report.executive_summary,
        overall_rag="none",
        overall_reason="",
        overall_judgement=report.overall_judgement,
        totals=Totals(),
        next_steps=report.next_steps,
    )
    if report.kind not in WITH_MEASURES:
        data.narrative_sections = [_narrative(s) for s in sections]
        return data
    data.narrative_sections = [_narrative(s) for s in sections if s.measure_id is None]
    position = notice_position(notice, on=end)
    rollup = position.rollup
    data.overall_rag, data.overall_reason, data.rule_text = rollup.overall_rag, rollup.overall_reason, rollup.rule_text
    actions = position.actions
    evidence = _accepted_evidence(notice, end=end)
    rows = position.indicators
    failing = failing_rows(rows)
    data.failing = [indicator_line(row) for row in failing]
    data.measures = measure_sections(
        rollup=rollup,
        sections=sections,
        actions=actions,
        evidence=evidence,
        indicators=rows,
        failing_codes=[row.indicator.code for row in failing],
        start=start,
        end=end,
    )
    _charts_for_failing(data, failing)
    data.totals = _totals(actions, evidence, start=start, end=end, failing=len(failing))
    data.milestones = _milestones(position)
    if report.kind in (Kind.CHAIR, Kind.REVIEW_PACK):
        data.board = board_summary(notice, position.board, start=start, end=end)
        data.totals.meetings = len(data.board.meetings)
        data.mscb = MscbPart(update=_mscb_update(notice, end=end), assessment=report.mscb_assessment)
    if report.kind == Kind.REVIEW_PACK:
        _review_pack_parts(data, notice, evidence, start=start, end=end)
    return data


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _narrative(section: ReportSection) -> NarrativeSection:
    return NarrativeSection(
        anchor=f"section-{section.position}",
        heading=section.heading,
        judgement=section.judgement,
        narrative=section.narrative,
    )


def _accepted_evidence(notice: Notice, *, end: date) -> list[EvidenceItem]:
    """Accepted, publishable evidence whose period had ended by `end` (two queries). Never a restricted item."""
    return list(
        publishable_evidence(notice)
        .accepted()
        .annotate(ended=Coalesce("covers_to", "covers_from"))
        .filter(ended__lte=end)
        .prefetch_related(
            Prefetch(
                "requirements",
                queryset=Requirement.objects.select_related("measure").order_by("measure__position", "position"),
            )
        )
        .order_by("covers_from", "pk")
    )


def _charts_for_failing(data: ReportData, failing: list[IndicatorRow]) -> None:
    """Each failing indicator's chart is drawn once, in the section 12 analysis."""
    for row, line in zip(failing, data.failing, strict=True):
        line.chart_anchor = f"chart-{row.indicator.code.lower()}"
        line.chart = chart_svg(row, chart_id=line.chart_anchor)


def _totals(actions: list[ActionRow], evidence: list[EvidenceItem], *, start: date, end: date, failing: int) -> Totals:
    live = [a for a in actions if a.status != Action.Status.CANCELLED]
    return Totals(
        completed=sum(1 for a in live if a.completed_on and start <= a.completed_on <= end),
        due=sum(1 for a in live if start <= a.due_on <= end),
        overdue=sum(1 for a in live if a.overdue),
        evidence=sum(1 for item in evidence if start <= (item.covers_to or item.covers_from) <= end),
        failing=failing,
    )


def _milestones(position: NoticePosition) -> list[Milestone]:
    """The duties still open at the period's end, and the open actions due in the following three months."""
    end = position.on
    after = end + timedelta(days=1)
    milestones = [
        Milestone(due_on=duty.due_on, title=duty.duty.title, detail=f"Notice section {duty.duty.section}".strip())
        for duty in position.open_duties
        if duty.due_on is not None and duty.due_on >= after
    ]
    horizon = add_months(after, NEXT_ACTIONS_MONTHS)
    upcoming = sorted(
        (a for a in position.actions if a.status not in ("complete", "cancelled") and after <= a.due_on <= horizon),
        key=lambda a: (a.due_on, a.reference),
    )[:NEXT_ACTIONS_LIMIT]
    milestones += [
        Milestone(due_on=a.due_on, title=f"{a.reference} {a.title}", detail=a.organisation) for a in upcoming
    ]
    return sorted(milestones, key=lambda m: m.due_on)


def _mscb_update(notice: Notice, *, end: date) -> IssuedReportLine | None:
    """The latest issued MSCB update for a period ending by `end` (two queries), for the Chair to assess."""
    update = (
        Report.objects.current()
        .filter(notice=notice, kind=Kind.MSCB, period_end__lte=end)
        .select_related("author")
        .prefetch_related("sections")
        .order_by("-period_end", "-issued_at")
        .first()
    )
    return issued_line(update, with_sections=True) if update else None


def _review_pack_parts(
    data: ReportData, notice: Notice, evidence: list[EvidenceItem], *, start: date, end: date
) -> None:
    """Section 14: the Chair's reports issued for the six months, the Lead Member's report, coverage and the appendix."""
    issued = list(
        Report.objects.current()
        .filter(notice=notice, kind__in=[Kind.CHAIR, Kind.LEAD_MEMBER], period_end__gte=start, period_end__lte=end)
        .select_related("author")
        .prefetch_related("sections")
        .order_by("period_end", "issued_at")
    )
    data.chair_reports = [issued_line(r) for r in issued if r.kind == Kind.CHAIR]
    lead = [r for r in issued if r.kind == Kind.LEAD_MEMBER]
    data.lead_member = issued_line(lead[-1], with_sections=True) if lead else None
    data.coverage = [
        CoverageLine(
            measure=row.requirement.measure.reference,
            requirement=row.requirement.reference,
            text=row.requirement.text,
            impact=row.requirement.kind == Requirement.Kind.IMPACT,
            qualitative=[i.title for i in row.qualitative],
            quantitative=[i.title for i in row.quantitative],
        )
        for row in accepted_evidence_by_requirement(notice, viewer_access=None)
    ]
    data.appendix = [evidence_line(item) for item in evidence]


# ------------------------------------------------------------------------------- new reports


def section_plan(notice: Notice, kind: str) -> list[dict]:
    """The sections a new report starts with: one per measure, or the MSCB update's headings (one query)."""
    if kind == Kind.MSCB:
        return [{"heading": heading, "measure": None} for heading in MSCB_HEADINGS]
    measures = Measure.objects.filter(notice=notice).order_by("position")
    return [{"heading": f"Measure {m.reference}: {m.heading}", "measure": m} for m in measures]


# -------------------------------------------------------------------------------- the list


def report_rows(access: NoticeAccess) -> QuerySet[Report]:
    """The notice's reports this member may see, newest period first (one query when listed)."""
    return (
        Report.objects.filter(report_visibility(access), notice=access.notice)
        .select_related("author", "supersedes", "superseded_by")
        .order_by("-period_end", "kind", "-pk")
    )


def report_history(report: Report) -> list[HistoryEntry]:
    """Who changed the report's own fields and when, newest first (one query)."""
    return record_history(report, hidden={"version", "updated_at"})
