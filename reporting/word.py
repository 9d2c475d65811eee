"""The Word copy of a report (.docx, python-docx): for comment and for committee papers.

Made from the same data as the PDF (`reporting.selectors.report_data` for a draft, the stored
snapshot for an issued report), with the same headings and tables, and the charts drawn again
as PNG from the same arguments (`IndicatorLine.chart_spec`) — Word cannot be relied on to show
SVG. The PDF remains the record: the Word copy of an issued report says so on its first page,
with the PDF's SHA-256.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_BREAK
from docx.shared import Inches, Pt, RGBColor

from notice_tracker.lib.days import day
from reporting.parts import chart_png
from reporting.selectors import report_data, verify_path
from reporting.types import ActionLine, EvidenceLine, IndicatorLine, MeasureSection, ReportData, data_from_snapshot
from reports.models import Report

CHART_WIDTH = Inches(4.6)
MAX_ROWS = 25  # as the PDF: longer lists say how many more there are
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "none": "Not rated", "": "–"}


@dataclass(frozen=True)
class Record:
    """The issued PDF the Word copy is a copy of."""

    pdf_name: str
    sha256: str


def _day(value: date | None) -> str:
    return day(value) if value else "–"


def _rag(value: str) -> str:
    return RAG_WORDS.get(value, value.capitalize())


class _Writer:
    def __init__(self, data: ReportData):
        self.data = data
        self.doc: DocumentObject = Document()
        style = self.doc.styles["Normal"]
        style.font.name = "Arial"
        style.font.size = Pt(10)
        props = self.doc.core_properties
        props.title, props.author, props.subject = data.title, f"{data.author}, {data.author_role}", data.kind_label
        props.keywords = f"Improvement Notice, {data.authority}, OFFICIAL"
        section = self.doc.sections[0]
        section.header.paragraphs[0].text = f"OFFICIAL    {data.running_title}{'    DRAFT' if data.is_draft else ''}"
        section.footer.paragraphs[0].text = "OFFICIAL"

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level=level)

    def para(self, text: str, *, bold: bool = False, italic: bool = False) -> None:
        if not text:
            return
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic

    def narrative(self, text: str, empty: str) -> None:
        for block in (text or empty).replace("\r\n", "\n").split("\n\n"):
            self.para(block.strip())

    def bullets(self, items: Iterable[str]) -> None:
        for item in items:
            self.doc.add_paragraph(item, style="List Bullet")

    def table(self, caption: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.para(caption, bold=True)
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
        self.doc.add_paragraph()

    def chart(self, line: IndicatorLine) -> None:
        if not line.chart_spec:
            if line.chart_anchor and not self.data.is_draft:
                # Issued before reports kept what their charts are drawn from: the PDF has the chart.
                self.para(f"Chart: {line.code} is drawn in the issued PDF.", italic=True)
            return
        self.doc.add_picture(io.BytesIO(chart_png(line.chart_spec)), width=CHART_WIDTH)
        self.para(f"Chart: {line.title}. Its figures are in the table below.", italic=True)

    def figures(self, line: IndicatorLine) -> None:
        periods = [period for period, _figure in line.recent]
        self.table(
            f"{line.code}: the latest figures ({line.unit.lower()})",
            ["Period", *periods],
            [["Figure", *[figure for _period, figure in line.recent]]],
        )

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def render_docx(data: ReportData, *, record: Record | None = None, verify_url: str = "") -> bytes:
    """The report as a Word document. `record`: the issued PDF it copies (said on the first page)."""
    w = _Writer(data)
    _cover(w, data, record=record, verify_url=verify_url)
    _summary(w, data)
    for section in data.measures:
        _measure(w, data, section)
    if data.narrative_sections:
        w.heading(_narrative_title(data.kind), 1)
        for part in data.narrative_sections:
            w.heading(part.heading, 2)
            if part.judgement:
                w.para(f"Judgement: {_rag(part.judgement)}")
            w.narrative(part.narrative, "Not yet written.")
    if data.measures:
        _failing(w, data)
    if data.board:
        _board(w, data)
    if data.duties:
        _duties(w, data)
    if data.mscb:
        _mscb(w, data)
    if data.kind == "review_pack":
        _reports_in_period(w, data)
    if data.measures or data.next_steps:
        _milestones(w, data)
    if data.kind == "review_pack":
        _coverage(w, data)
        _appendix(w, data)
    _sign_off(w, data, record=record, verify_url=verify_url)
    return w.save()


def _narrative_title(kind: str) -> str:
    return {
        "mscb_update": "Update on the Safeguarding Children Board's activity",
        "lead_member_report": "Progress against each measure",
    }.get(kind, "Further sections")


def _cover(w: _Writer, data: ReportData, *, record: Record | None, verify_url: str) -> None:
    w.para("OFFICIAL", bold=True)
    w.doc.add_heading(f"{data.authority}: {data.kind_label}", level=0)
    w.para(data.period_label)
    if record is not None:
        paragraph = w.doc.add_paragraph()
        paragraph.add_run("The PDF is the record. ").bold = True
        paragraph.add_run(
            "This Word copy of the issued report is for comment and committee papers; where the two differ, the PDF "
            f"stands. The issued PDF is {record.pdf_name}, SHA-256 {record.sha256}"
            + (f"; check a copy at {verify_url}." if verify_url else ".")
        )
    elif data.is_draft:
        run = w.doc.add_paragraph().add_run(
            "DRAFT – not issued. Built from the data as it stood when this copy was made."
        )
        run.bold = True
        run.font.color.rgb = RGBColor(0xB1, 0x0E, 0x1E)
    rows = [
        ["Notice", f"{data.notice_title} given to {data.authority} on {_day(data.notice_issued_on)}"],
        ["Period", f"{_day(data.period_start)} to {_day(data.period_end)}"],
        ["Author", f"{data.author}, {data.author_role}"],
        ["Issued", "Draft – not issued" if data.is_draft else _day(data.issued_on)],
    ]
    if data.due_on:
        late = f"; issued {data.days_late} day{'s' if data.days_late != 1 else ''} late" if data.issued_late else ""
        rows.append(["Due", _day(data.due_on) + late])
    if data.issued_late and data.late_reason:
        rows.append(["Why late", data.late_reason])
    if data.supersedes:
        rows.append(
            [
                "Corrects",
                f"{data.supersedes.title}, issued {_day(data.supersedes.issued_on)} (SHA-256 {data.supersedes.sha256}). {data.correction_note}".strip(),
            ]
        )
    w.table("The report", ["", ""], rows)
    w.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _summary(w: _Writer, data: ReportData) -> None:
    w.heading("Executive summary", 1)
    if data.measures:
        w.para(f"Overall position at {_day(data.period_end)}: {_rag(data.overall_rag)}. {data.overall_reason}")
    if data.overall_judgement:
        w.para(f"The author's overall judgement: {_rag(data.overall_judgement)}", bold=True)
    w.narrative(data.executive_summary, "The executive summary has not been written yet.")
    if not data.measures:
        return
    t = data.totals
    rows = [
        ["Actions completed in the period", str(t.completed)],
        ["Actions due in the period", str(t.due)],
        ["Actions overdue at the end of the period", str(t.overdue)],
        ["Evidence items accepted for the period", str(t.evidence)],
        ["Indicators failing to meet targets and timescales", str(t.failing)],
    ]
    if data.board:
        rows.append(["Improvement Board meetings held", str(t.meetings)])
    w.table(
        f"The period in figures ({_day(data.period_start)} to {_day(data.period_end)})",
        ["Measure of progress", "Number"],
        rows,
    )
    w.table(
        "Each measure's position at the end of the period",
        ["Measure", "Position (roll-up)", "Author's judgement"],
        [[f"{s.reference}. {s.heading}", _rag(s.rag), _rag(s.judgement)] for s in data.measures],
    )


def _actions(w: _Writer, caption: str, actions: list[ActionLine], *, completed: bool) -> None:
    rows = [
        [
            f"{a.reference} {a.title}",
            a.organisation,
            _day(a.due_on),
            _day(a.completed_on) if completed else a.status,
        ]
        for a in actions[:MAX_ROWS]
    ]
    w.table(caption, ["Action", "Lead", "Due", "Completed" if completed else "Status"], rows)
    if len(actions) > MAX_ROWS:
        w.para(f"And {len(actions) - MAX_ROWS} more: the improvement plan lists them all.")


def _evidence_rows(items: list[EvidenceLine]) -> list[list[str]]:
    return [
        [
            item.title,
            f"{item.kind} ({item.nature.lower()})",
            _day(item.covers_from)
            + (f" to {_day(item.covers_to)}" if item.covers_to and item.covers_to != item.covers_from else ""),
            ", ".join(item.requirements),
        ]
        for item in items
    ]


def _measure(w: _Writer, data: ReportData, section: MeasureSection) -> None:
    w.heading(f"Measure {section.reference}: {section.heading}", 1)
    w.para(f"Position at {_day(data.period_end)}: {_rag(section.rag)}")
    w.bullets(section.reasons)
    w.heading(f"{data.author_role}'s judgement" + (f": {section.judgement_label}" if section.judgement else ""), 2)
    w.narrative(section.narrative, "Not yet written.")
    w.heading("Actions", 2)
    w.para(
        f"Actions completed in the period: {len(section.completed)}. Actions due in the period: {len(section.due)}. "
        f"Actions overdue at the end of the period: {len(section.overdue)}."
    )
    if section.completed:
        _actions(w, "Actions completed in the period", section.completed, completed=True)
    if section.overdue:
        _actions(w, "Actions overdue at the end of the period", section.overdue, completed=False)
    w.heading("Evidence accepted", 2)
    if section.evidence:
        w.table(
            f"Evidence accepted for the period (Measure {section.reference})",
            ["Evidence", "Kind", "Covers", "Requirements"],
            _evidence_rows(section.evidence[:MAX_ROWS]),
        )
    else:
        w.para("No evidence was accepted for the period.")
    w.heading("Indicators", 2)
    if not section.indicators:
        w.para("No indicator is linked to this measure's requirements.")
        return
    w.table(
        f"Indicators for measure {section.reference}",
        ["Indicator", "Latest figure", "Target", "Position", "Trend"],
        [
            [
                f"{i.code} {i.name}",
                i.latest + (f" ({i.latest_period})" if i.latest_period else ""),
                i.target,
                _rag(i.rag) + (" failing" if i.is_failing else ""),
                i.trend,
            ]
            for i in section.indicators
        ],
    )
    for line in section.indicators:
        if line.chart_spec:
            w.chart(line)
            w.figures(line)


def _failing(w: _Writer, data: ReportData) -> None:
    w.heading("Performance failing to meet targets and timescales", 1)
    w.para(
        "Section 12 of the notice asks for analysis of the performance trends that are failing to meet the targets and "
        f"timescales set. An indicator is listed here when its latest figure for a period ended by {_day(data.period_end)} "
        "is on the wrong side of its target beyond the amber tolerance, or when it is short of target and not projected "
        "to meet it by the delivery deadline."
    )
    if not data.failing:
        w.para(
            f"No indicator was failing its target or off course for the delivery deadline at {_day(data.period_end)}."
        )
    for line in data.failing:
        when = f" in {line.latest_period}" if line.latest_period else ""
        w.heading(f"{line.code} {line.name}: {line.latest}{when}", 2)
        w.para(f"Position: {_rag(line.rag)}. Target {line.target}. Trend: {line.trend}.")
        w.para(" ".join(part for part in (line.failing_reason, line.projection_sentence) if part))
        w.chart(line)
        w.figures(line)


def _board(w: _Writer, data: ReportData) -> None:
    board = data.board
    assert board is not None
    w.heading("Board meetings and attendance", 1)
    n = len(board.meetings)
    w.para(
        "The notice (section 11) expects the Improvement Board to meet at least every month, with a Department for "
        f"Education official attending as a participant observer. {n} meeting{'s' if n != 1 else ''} held in the "
        f"period; a DfE official attended {board.dfe_attended}."
    )
    if board.meetings:
        w.table(
            "Improvement Board meetings held in the period",
            ["Held on", "Chaired by", "Attendees", "DfE official"],
            [
                [
                    _day(m.held_on),
                    m.chaired_by or "–",
                    str(m.attendees),
                    "Attended" if m.dfe_attended else "Did not attend",
                ]
                for m in board.meetings
            ],
        )
    if board.gaps:
        w.heading("Gaps in the monthly cadence", 2)
        w.bullets(
            f"Gap flagged: {'no meeting between ' + _day(g.after) if g.after else 'no meeting from the notice' + chr(39) + 's issue'} "
            f"{'and ' + _day(g.before) if g.before else 'to the end of the period'} ({g.days} days)."
            for g in board.gaps
        )
    else:
        w.para("The Board met at least monthly throughout the period.")


def _duties(w: _Writer, data: ReportData) -> None:
    w.heading("The notice's duties in the period", 1)
    late = data.late_duties
    w.para(
        f"What the notice (sections 11 to 14) required, as it stood at {_day(data.period_end)}: each duty done in the "
        f"period or still late at its end, and what proves it. {f'{late} late.' if late else 'None was late.'}"
    )
    w.table(
        "Duties due, done and late",
        ["Duty", "Due", "Status", "Done on", "Proof"],
        [
            [
                line.title + (f" (section {line.section})" if line.section else ""),
                _day(line.due_on),
                line.status_label,
                _day(line.done_on),
                line.proof,
            ]
            for line in data.duties
        ],
    )


def _mscb(w: _Writer, data: ReportData) -> None:
    mscb = data.mscb
    assert mscb is not None
    w.heading("Safeguarding Children Board update assessed", 1)
    if mscb.update:
        w.heading(f"The update: {mscb.update.period}", 2)
        w.para(f"Issued {_day(mscb.update.issued_on)} by {mscb.update.author}.")
        w.narrative(mscb.update.executive_summary, "(No summary given.)")
    else:
        w.para(f"No Safeguarding Children Board update had been issued for a period ending by {_day(data.period_end)}.")
    w.heading("The Chair's assessment", 2)
    w.narrative(mscb.assessment, "Not yet written.")


def _reports_in_period(w: _Writer, data: ReportData) -> None:
    w.heading("Reports in the period", 1)
    w.heading("The Chair's reports to the Minister issued for the period", 2)
    if data.chair_reports:
        w.table(
            "Chair's 3-monthly reports to the Minister",
            ["Period", "Issued", "Overall judgement", "SHA-256 of the issued PDF"],
            [[r.period, _day(r.issued_on), r.judgement_label, r.sha256] for r in data.chair_reports],
        )
        for report in data.chair_reports:
            w.heading(f"Summary of the report for {report.period}", 3)
            w.narrative(report.executive_summary, "")
    else:
        w.para("No Chair's report to the Minister was issued for a period ending in these six months.")
    w.heading("The Lead Member's progress report (section 14)", 2)
    lead = data.lead_member
    if lead:
        w.para(f"{lead.title}, issued {_day(lead.issued_on)} by {lead.author} (SHA-256 {lead.sha256}).")
        w.narrative(lead.executive_summary, "")
        for part in lead.sections:
            if part.narrative:
                w.heading(part.heading + (f": {part.judgement_label}" if part.judgement else ""), 3)
                w.narrative(part.narrative, "")
    else:
        w.para("The Lead Member's progress report for the period has not been issued.")


def _milestones(w: _Writer, data: ReportData) -> None:
    w.heading("Milestones and what is next", 1)
    w.narrative(data.next_steps, "The author has not yet written about the next period.")
    if data.milestones:
        w.table(
            f"Duties and actions falling due after {_day(data.period_end)}, as they stood on {_day(data.told_on)}",
            ["Due", "Milestone", "Detail"],
            [[_day(m.due_on), m.title, m.detail] for m in data.milestones],
        )


def _coverage(w: _Writer, data: ReportData) -> None:
    w.heading("Evidence coverage matrix", 1)
    w.para(
        "Every requirement of the notice, in full, against its accepted qualitative and quantitative evidence. "
        "Requirements with none are gaps. Evidence holding personal data is never included in this document."
    )
    w.table(
        "Accepted evidence by requirement",
        ["Requirement", "Qualitative", "Quantitative"],
        [
            [
                f"{line.requirement}{' (impact)' if line.impact else ''} {line.text}{' — Gap' if line.is_gap else ''}",
                "; ".join(line.qualitative) or "None",
                "; ".join(line.quantitative) or "None",
            ]
            for line in data.coverage
        ],
    )


def _appendix(w: _Writer, data: ReportData) -> None:
    w.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    w.heading("Appendix: evidence accepted", 1)
    w.table(
        f"Accepted evidence covering periods up to {_day(data.period_end)}",
        ["Evidence", "Kind", "Covers", "Requirements"],
        _evidence_rows(data.appendix) or [["No evidence accepted yet.", "", "", ""]],
    )


def _sign_off(w: _Writer, data: ReportData, *, record: Record | None, verify_url: str) -> None:
    sign = data.sign_off
    if sign is None:
        return
    w.heading("Sign-off", 1)
    rows = [
        ["Signed off by", sign.name],
        ["Role", sign.role],
        ["Date issued", "Not issued: this is a draft" if data.is_draft else _day(sign.issued_on)],
    ]
    if data.due_on:
        rows.append(
            [
                "Due",
                _day(data.due_on)
                + (f": issued {data.days_late} days late. {data.late_reason}" if data.issued_late else ""),
            ]
        )
    if sign.reference:
        rows.append(["Reference", sign.reference])
    if record is not None:
        rows.append(["SHA-256 of the issued PDF (the record)", record.sha256])
    elif not data.is_draft:
        rows.append(["SHA-256", f"Published with the issued PDF at {verify_url or sign.verify_url}"])
    w.table("Sign-off", ["", ""], rows)


def report_docx(report: Report) -> bytes:
    """Any report as Word: an issued one from the data its PDF was built from (its snapshot), a draft from today's."""
    if report.is_issued and report.snapshot:
        data = data_from_snapshot(report.snapshot)
        verify_url = f"{settings.SITE_URL.rstrip('/')}{verify_path(report)}"
        return render_docx(
            data, record=Record(pdf_name=report.pdf_name, sha256=report.pdf_sha256), verify_url=verify_url
        )
    return render_docx(report_data(report))
