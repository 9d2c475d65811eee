"""The one-off duties the demo's story says were done, recorded with what proves them.

The review pack says the external validation happened in September 2014; the report to DfE
went in October; the plan was revised in July. Each is recorded against an evidence item (the
validation report, the letter, the revised plan), so no page reads them overdue.
"""

from __future__ import annotations

from datetime import date, timedelta

from demo.evidence import checked, tiny_pdf
from evidence import services as evidence_services
from evidence.models import EvidenceItem, EvidenceReview
from measures.models import Duty, Measure
from notice_tracker.lib.dates import at_hour
from progress.models import DutyCompletion
from progress.services import duty_complete

# Duty code -> (done on, evidence title, what was done)
DONE = {
    Duty.Code.PLAN_REVISION: (
        date(2014, 7, 16),
        "Revised improvement plan, agreed at the Board, July 2014",
        "The plan was revised against the notice and agreed by the Board on 16 July 2014.",
    ),
    Duty.Code.EXTERNAL_VALIDATION: (
        date(2014, 9, 29),
        "External validation of services for looked after children: report, September 2014",
        "An LGA-led team validated progress on services for looked after children; its report went to the Board.",
    ),
    Duty.Code.REPORT_TO_DFE: (
        date(2014, 10, 31),
        "Letter to DfE reporting progress, October 2014",
        "The Council reported progress to the Department for Education by letter, copied to the Board.",
    ),
}


def load_duties(context) -> None:
    notice, chair = context.notice, context.users["chair"]
    duties = {d.code: d for d in Duty.objects.filter(notice=notice, code__in=list(DONE))}
    if DutyCompletion.objects.filter(duty__notice=notice).exists():
        context.log.append("Duties: already recorded as done; left as they are.")
        return
    first_measure = Measure.objects.filter(notice=notice).order_by("position").first()
    requirements = list(first_measure.requirements.all()[:1]) if first_measure else []
    done = 0
    for code, (on, title, note) in DONE.items():
        duty = duties.get(code)
        if duty is None:
            continue
        item = EvidenceItem.objects.filter(notice=notice, title=title).first() or _submit(
            context, title=title, on=on, requirements=requirements
        )
        duty_complete(
            duty=duty, by=chair, done_on=on, today=date(2015, 2, 27), note=note, evidence=item, expected_version=0
        )
        done += 1
    context.log.append(f"Duties: {done} one-off duties recorded as done, each with its proof.")


def _submit(context, *, title: str, on: date, requirements: list) -> EvidenceItem:
    chair, admin = context.users["chair"], context.users["admin"]
    item = evidence_services.evidence_submit(
        notice=context.notice,
        by=admin,
        organisation=None,
        form_data={
            "title": title,
            "description": "Filed by the notice's administrator as the record that the duty was done.",
            "kind": "other",
            "nature": "qualitative",
            "covers_from": on,
            "covers_to": on,
            "link": "",
            "restricted": False,
            "requirements": requirements,
            "actions": [],
            "file": checked(tiny_pdf(title), "record.pdf"),
        },
    )
    evidence_services.evidence_review(item=item, by=chair, decision="accepted", note="", expected_version=item.version)
    # Filed and accepted on the day, as the story tells it (not the day the demo was loaded).
    at = at_hour(on, 12)
    EvidenceItem.objects.filter(pk=item.pk).update(submitted_at=at)
    EvidenceReview.objects.filter(item=item).update(decided_at=at + timedelta(hours=2))
    item.refresh_from_db()
    return item
