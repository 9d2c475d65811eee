"""Reads for the statutory reports: the report's data, the sections a new report starts with,
the reports list and a report's history — each in a fixed number of queries. (The schedule of
reports the notice's duties call for is `reports.schedule`, read through the notice's position.)

`report_data` is the one source of a report's content: the browser preview, the PDF and the
snapshot stored with an issued report are all made from what it returns. It reads as a
published document does (`viewer_access=None`): restricted evidence never appears, whoever
builds the report.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse

from actions.models import Action
from actions.selectors import ActionRow
from evidence.models import EvidenceItem
from evidence.selectors import accepted_evidence_by_requirement, publishable_evidence
from indicators.selectors import IndicatorRow, failing_rows
from measures.access import NoticeAccess
from measures.models import Measure, Membership, Notice, Requirement
from notice_tracker.lib import clock
from notice_tracker.lib.dates import add_months
from notice_tracker.lib.days import day
from notice_tracker.lib.historydiff import HistoryEntry, record_history
from progress.position import NoticePosition, current_position, notice_position
from reporting.duties import duty_lines
from reporting.parts import (
    board_summary,
    chart_spec,
    chart_svg,
    evidence_line,
    indicator_line,
    issued_line,
    measure_sections,
)
from reporting.tense import told
from reporting.types import (
    CoverageLine,
    IssuedReportLine,
    Milestone,
    MscbPart,
    NarrativeSection,
    ReportData,
    SignOff,
    Totals,
)
from reports.access import report_visibility
from reports.models import Report, ReportSection
from reports.schedule import ScheduleRow

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


def report_data(report: Report, *, issuing_on: date | None = None, with_charts: bool = True) -> ReportData:
    """Everything the report shows, as plain values. A fixed number of queries, however much data.

    `issuing_on`: the data for the PDF that issues the report on that day (no DRAFT marking).
    The facts are the notice's position at the period's end; what comes next (milestones) is its
    position on the day the report speaks from — its issue date, or today for a draft — and the
    wording of anything dated between the two follows that day. `with_charts=False` leaves the
    charts undrawn (the editor shows the facts without them).
    """
    notice, start, end = report.notice, report.period_start, report.period_end
    told_on = report.issued_on or issuing_on or clock.today()
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
        running_title=f"{notice.authority.name} Improvement Notice of {day(notice.issued_on)} — {report.period_label}",
        supersedes=issued_line(report.supersedes) if report.supersedes else None,
        correction_note=report.correction_note,
        executive_summary=report.executive_summary,
        overall_rag="none",
        overall_reason="",
        overall_judgement=report.overall_judgement,
        totals=Totals(),
        next_steps=report.next_steps,
        told_on=told_on,
        late_reason=report.late_reason,
    )
    position = notice_position(notice, on=end)
    row = schedule_row(position, report)
    data.due_on = row.due_on if row else None
    data.sign_off = _sign_off(report, data)
    if report.kind not in WITH_MEASURES:
        data.narrative_sections = [_narrative(s) for s in sections]
        return data
    data.narrative_sections = [_narrative(s) for s in sections if s.measure_id is None]
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
        with_charts=with_charts,
    )
    _charts_for_failing(data, failing, with_charts=with_charts)
    _in_the_tense_of(data, deadline=notice.delivery_deadline)
    data.totals = _totals(actions, evidence, start=start, end=end, failing=len(failing))
    later = position if told_on <= end else current_position(notice, on=told_on)
    data.milestones = _milestones(later, report=report, end=end, this=row)
    if report.kind in (Kind.CHAIR, Kind.REVIEW_PACK):
        data.board = board_summary(notice, position.board, start=start, end=end)
        data.totals.meetings = len(data.board.meetings)
        data.mscb = MscbPart(update=_mscb_update(notice, end=end), assessment=report.mscb_assessment)
        data.duties = duty_lines(position, board=data.board, start=start, end=end, this=row)
    if report.kind == Kind.REVIEW_PACK:
        _review_pack_parts(data, notice, evidence, start=start, end=end)
    return data


def schedule_row(position: NoticePosition, report: Report) -> ScheduleRow | None:
    """The occurrence of the notice's duty this report answers (its due date), if a duty calls for it."""
    return next(
        (
            row
            for row in position.reports
            if row.kind == report.kind and row.period_start < report.period_end <= row.due_on
        ),
        None,
    )


def report_due(report: Report) -> ScheduleRow | None:
    """When the notice's duty called for this report: read from the position at the period's end."""
    return schedule_row(current_position(report.notice, on=report.period_end), report)


def verify_path(report: Report) -> str:
    return reverse("reports:report-verify", args=[report.notice_id, report.pk]) if report.pk else ""


def _sign_off(report: Report, data: ReportData) -> SignOff:
    """The sign-off block. An issued PDF's SHA-256 is known only once the PDF is made, so the PDF
    cannot carry its own: it carries the report's reference and the page that publishes the SHA-256."""
    path = verify_path(report)
    return SignOff(
        name=data.author,
        role=data.author_role,
        issued_on=data.issued_on,
        reference=f"NT-{report.notice_id}-{report.pk}" if report.pk else "",
        verify_url=f"{settings.SITE_URL.rstrip('/')}{path}" if path else "",
        supersedes_sha256=data.supersedes.sha256 if data.supersedes else "",
    )


def _in_the_tense_of(data: ReportData, *, deadline: date | None) -> None:
    """Sentences about the delivery deadline in the tense of the day the report speaks from."""
    lines = data.failing + [line for section in data.measures for line in section.indicators]
    for line in lines:
        line.projection_sentence = told(line.projection_sentence, deadline=deadline, on=data.told_on)
        line.failing_reason = told(line.failing_reason, deadline=deadline, on=data.told_on)


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


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


def _charts_for_failing(data: ReportData, failing: list[IndicatorRow], *, with_charts: bool) -> None:
    """Each failing indicator's chart is drawn once, in the section 12 analysis."""
    for row, line in zip(failing, data.failing, strict=True):
        line.chart_anchor = f"chart-{row.indicator.code.lower()}"
        line.chart_spec = chart_spec(row, chart_id=line.chart_anchor)
        if with_charts:
            line.chart = chart_svg(line.chart_spec)


def _totals(actions: list[ActionRow], evidence: list[EvidenceItem], *, start: date, end: date, failing: int) -> Totals:
    live = [a for a in actions if a.status != Action.Status.CANCELLED]
    return Totals(
        completed=sum(1 for a in live if a.completed_on and start <= a.completed_on <= end),
        due=sum(1 for a in live if start <= a.due_on <= end),
        overdue=sum(1 for a in live if a.overdue),
        evidence=sum(1 for item in evidence if start <= (item.covers_to or item.covers_from) <= end),
        failing=failing,
    )


def _milestones(position: NoticePosition, *, report: Report, end: date, this: ScheduleRow | None) -> list[Milestone]:
    """The real next occurrences after the period: each duty's open occurrence on the day the report
    speaks from (`position.on`), and the open actions due in the three months after the period.

    The report itself is never one of them: its own duty's next occurrence is the one after it.
    """
    after, on = end + timedelta(days=1), position.on
    milestones = []
    for duty in position.open_duties:
        if duty.due_on is None or duty.due_on < after:
            continue
        if this is not None and duty.duty.pk == this.duty.pk and duty.due_on <= this.due_on:
            continue  # this report
        milestones.append(_milestone(duty.due_on, duty.duty.title, f"Notice section {duty.duty.section}", on=on))
    if this is not None:
        following = min(
            (row for row in position.reports if row.duty.pk == this.duty.pk and row.due_on > this.due_on),
            key=lambda row: row.due_on,
            default=None,
        )
        if following is not None and not any(
            m.due_on == following.due_on and m.title == this.duty.title for m in milestones
        ):
            milestones.append(
                _milestone(
                    following.due_on, this.duty.title, f"Notice section {this.duty.section}; the next report", on=on
                )
            )
    horizon = add_months(after, NEXT_ACTIONS_MONTHS)
    upcoming = sorted(
        (a for a in position.actions if a.status not in ("complete", "cancelled") and after <= a.due_on <= horizon),
        key=lambda a: (a.due_on, a.reference),
    )[:NEXT_ACTIONS_LIMIT]
    milestones += [_milestone(a.due_on, f"{a.reference} {a.title}", a.organisation, on=on) for a in upcoming]
    return sorted(milestones, key=lambda m: m.due_on)


def _milestone(due_on: date, title: str, detail: str, *, on: date) -> Milestone:
    if due_on < on:  # fell due between the period's end and the day the report speaks from, and not met
        detail = f"{detail}; not met by {day(on)}"
    return Milestone(due_on=due_on, title=title, detail=detail.strip("; "))


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


# ------------------------------------------------------------------- drafts from the command line


class NoSuchReport(ValueError):
    """The notice's duties call for no report of that kind for that period, or there is no data for it."""


AUTHOR_ROLE_OF: dict[str, str] = {
    Kind.CHAIR: Membership.Role.CHAIR,
    Kind.REVIEW_PACK: Membership.Role.CHAIR,
    Kind.LEAD_MEMBER: Membership.Role.LEAD_MEMBER,
    Kind.MSCB: Membership.Role.MSCB_CHAIR,
}


def draft_from_data(
    notice: Notice, *, kind: str, period_end: date, period_start: date | None = None, today: date
) -> Report:
    """The report of `kind` for the period ending `period_end`, as a draft to build and never save.

    The period is the one the notice's duty sets (its schedule, read from the position), unless
    `period_start` is given. The draft already started for that exact period lends its words;
    otherwise the report is unsaved, with none. Raises NoSuchReport when there is nothing to build.
    """
    if period_end < notice.issued_on:
        raise NoSuchReport(
            f"The period ends before the notice was issued ({day(notice.issued_on)}): there is no data for it."
        )
    if period_end > today:
        raise NoSuchReport(f"The period ends after today ({day(today)}): there is no data for it yet.")
    if period_start is None:
        rows = [row for row in notice_position(notice, on=period_end).reports if row.kind == kind]
        row = next((row for row in rows if row.period_end == period_end), None)
        if row is None:
            ends = ", ".join(r.period_end.isoformat() for r in rows) or "none"
            raise NoSuchReport(
                f"The notice's duties call for no {Kind(kind).label} for a period ending {period_end.isoformat()} "
                f"(its periods end on: {ends}). Give --period-start to build one for another period."
            )
        period_start = row.period_start
    if period_start > period_end:
        raise NoSuchReport("The period must start on or before the day it ends.")
    existing = (
        Report.objects.drafts()
        .filter(notice=notice, kind=kind, period_start=period_start, period_end=period_end)
        .select_related("notice__authority", "author")
        .first()
    )
    if existing is not None:
        return existing
    member = (
        Membership.objects.filter(notice=notice, role=AUTHOR_ROLE_OF[kind])
        .select_related("user")
        .order_by("pk")
        .first()
        or Membership.objects.filter(notice=notice, role=Membership.Role.CHAIR).select_related("user").first()
    )
    if member is None:
        raise NoSuchReport(f"{notice} has no {Membership.Role(AUTHOR_ROLE_OF[kind]).label} to author the report.")
    return Report(notice=notice, kind=kind, period_start=period_start, period_end=period_end, author=member.user)


def stored_pdf_matches(report: Report) -> bool:
    """Read an issued report's stored file once more (streamed) and compare it with the SHA-256 recorded at issue.

    Every download of an issued report (its page, the API) checks this before sending a byte.
    """
    digest = hashlib.sha256()
    try:
        with report.pdf_file.open("rb") as stored:
            for chunk in stored.chunks():
                digest.update(chunk)
    except FileNotFoundError:
        return True  # attachment_response answers a missing file with its own 404 and log line
    return digest.hexdigest() == report.pdf_sha256
