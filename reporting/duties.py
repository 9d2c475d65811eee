"""The notice's duties as they went in a report's period: what was done, what was late, what proves it.

Read from the position at the period's end (progress.position): each duty's open occurrence,
the reports the duties called for and the issued report answering each, the last time a duty
met by events was met, and a one-off duty's completion with its proof. Nothing is worked out
again here; this only turns those facts into the report's lines.
"""

from __future__ import annotations

from datetime import date

from measures.models import Duty
from notice_tracker.lib.days import day
from progress.models import DutyCompletion
from progress.position import MET_BY_EVENTS, DutyPosition, NoticePosition
from reporting.types import BoardSummary, DutyLine
from reports.schedule import ScheduleRow

DONE, DONE_LATE, LATE, DUE, THIS_REPORT = "done", "done late", "late", "due", "this report"
STATUS_LABELS = {
    DONE: "Done",
    DONE_LATE: "Done late",
    LATE: "Late",
    DUE: "Due",
    THIS_REPORT: "This report",
}


def duty_lines(
    position: NoticePosition, *, board: BoardSummary, start: date, end: date, this: ScheduleRow | None
) -> list[DutyLine]:
    """One line per duty occurrence that fell in the period (or was still late at its end), in the notice's order."""
    lines: list[DutyLine] = []
    for duty in sorted(position.duties, key=lambda d: d.duty.position):
        code = duty.duty.code
        if code == Duty.Code.BOARD_MEETING:
            lines.append(_board(duty, board))
        elif code in MET_BY_EVENTS and duty.duty.is_recurring:
            lines.append(_met_by_events(duty, start=start, end=end))
        elif duty.duty.is_recurring:
            rows = [row for row in position.reports if row.duty.pk == duty.duty.pk]
            lines += _reports(duty, rows, start=start, end=end, this=this)
        else:
            lines.append(_one_off(duty, end=end))
    return lines


def _line(duty: DutyPosition, **kwargs) -> DutyLine:
    return DutyLine(title=duty.duty.title, section=duty.duty.section, **kwargs)


def _board(duty: DutyPosition, board: BoardSummary) -> DutyLine:
    held = [m.held_on for m in board.meetings]
    proof = ("Met on " + ", ".join(day(d) for d in held)) if held else "No meeting in the period"
    late = bool(board.gaps) or board.is_overdue
    return _line(
        duty,
        due_on=board.next_due_on,
        status=LATE if late else (DONE if held else DUE),
        done_on=held[-1] if held else None,
        proof=proof
        + (
            f"; {len(board.gaps)} gap{'s' if len(board.gaps) != 1 else ''} in the monthly cadence" if board.gaps else ""
        ),
    )


def _met_by_events(duty: DutyPosition, *, start: date, end: date) -> DutyLine:
    last = duty.last_met_on
    what = "A DfE review recorded" if duty.duty.code == Duty.Code.DFE_REVIEW else "Presented at the Board meeting"
    if last and start <= last <= end:
        return _line(duty, due_on=duty.due_on, status=DONE, done_on=last, proof=f"{what} on {day(last)}")
    proof = f"Last met on {day(last)}" if last else "Not yet met"
    return _line(duty, due_on=duty.due_on, status=LATE if duty.is_overdue else DUE, done_on=last, proof=proof)


def _reports(
    duty: DutyPosition, rows: list[ScheduleRow], *, start: date, end: date, this: ScheduleRow | None
) -> list[DutyLine]:
    lines = []
    for row in rows:
        if this is not None and row.duty.pk == this.duty.pk and row.due_on == this.due_on:
            lines.append(_line(duty, due_on=row.due_on, status=THIS_REPORT, proof="This report answers it"))
            continue
        in_period = start <= row.due_on <= end
        if not (in_period or (row.is_late and row.due_on < start)):
            continue
        issued = row.issued
        if issued is not None and issued.issued_on is not None:
            lines.append(
                _line(
                    duty,
                    due_on=row.due_on,
                    status=DONE_LATE if row.issued_late else DONE,
                    done_on=issued.issued_on,
                    proof=f"{issued.get_kind_display()} for {issued.period_label}, SHA-256 {issued.pdf_sha256[:16]}…",
                )
            )
        else:
            lines.append(_line(duty, due_on=row.due_on, status=LATE if row.is_late else DUE, proof="Not issued"))
    return lines


def _one_off(duty: DutyPosition, *, end: date) -> DutyLine:
    due = duty.duty.due_on
    if duty.met_on is not None:
        late = due is not None and duty.met_on > due
        return _line(
            duty, due_on=due, status=DONE_LATE if late else DONE, done_on=duty.met_on, proof=proof_of(duty.duty)
        )
    return _line(duty, due_on=due, status=LATE if duty.is_overdue else DUE, proof="Not yet done")


def proof_of(duty: Duty) -> str:
    """What the duty's completion names as its proof (never a restricted evidence item's title)."""
    try:
        completion: DutyCompletion = duty.completion
    except DutyCompletion.DoesNotExist:
        return "Recorded as done"
    parts = []
    if completion.evidence is not None:
        evidence = completion.evidence
        parts.append("A restricted evidence item" if evidence.restricted else f"Evidence: {evidence.title}")
    if completion.report is not None:
        parts.append(f"Issued report: {completion.report}")
    if completion.meeting is not None:
        parts.append(f"Board meeting of {day(completion.meeting.held_on)}")
    if completion.letter_name:
        parts.append(f"Letter: {completion.letter_name}")
    if completion.note:
        parts.append(completion.note)
    return "; ".join(parts) or "Recorded as done"
