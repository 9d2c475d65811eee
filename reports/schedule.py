"""Which statutory reports the notice's duties call for, and which issued report answers each.

Read by the one position source (progress/position.py) and nothing else: pages show the
schedule it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from measures.duties import due_dates
from measures.models import Duty, Notice
from reports.models import Report

Kind = Report.Kind

DUTY_KINDS: dict[str, str] = {
    Duty.Code.CHAIR_REPORT: Kind.CHAIR,
    Duty.Code.MSCB_REPORT: Kind.MSCB,
    Duty.Code.DFE_REVIEW: Kind.REVIEW_PACK,
    Duty.Code.LEAD_MEMBER_REPORT: Kind.LEAD_MEMBER,
}


@dataclass(frozen=True)
class ScheduleRow:
    kind: str
    duty: Duty
    due_on: date
    period_start: date
    period_end: date
    issued: Report | None
    is_late: bool  # due date passed and no report issued for the period
    draft: Report | None = None  # a draft started for the period and not yet issued: "Start" opens it

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def is_upcoming(self) -> bool:
        return self.issued is None and not self.is_late

    @property
    def issued_late(self) -> bool:
        return self.issued is not None and self.issued.issued_on is not None and self.issued.issued_on > self.due_on


def report_schedule(notice: Notice, *, on: date) -> list[ScheduleRow]:
    """Every report the notice's duties called for up to `on`, and the next one of each, with
    the issued report that answers it, or the draft started for it (three queries). A report answers a due date when it is
    of the duty's kind and its period ends within the period leading up to that date.
    """
    duties = list(Duty.objects.filter(notice=notice, code__in=list(DUTY_KINDS)).order_by("position"))
    issued = list(Report.objects.current().filter(notice=notice).order_by("period_end", "issued_at"))
    drafts = list(Report.objects.drafts().filter(notice=notice).order_by("period_end", "pk"))
    rows = []
    for duty in duties:
        if not duty.is_recurring or duty.starts_on is None:  # the database holds a recurring duty to a start
            continue
        kind = DUTY_KINDS[duty.code]
        upcoming = duty.next_due(on=on)
        dates = due_dates(duty, until=on)
        if upcoming and upcoming not in dates:
            dates.append(upcoming)
        previous = duty.starts_on
        for due in dates:
            match = next((r for r in issued if r.kind == kind and previous < r.period_end <= due), None)
            draft = next((r for r in drafts if r.kind == kind and previous < r.period_end <= due), None)
            rows.append(
                ScheduleRow(
                    kind=kind,
                    duty=duty,
                    due_on=due,
                    period_start=previous,
                    period_end=due - timedelta(days=1),
                    issued=match,
                    is_late=match is None and due < on,
                    draft=draft if match is None else None,
                )
            )
            previous = due
    return sorted(rows, key=lambda row: (row.due_on, row.duty.position))
