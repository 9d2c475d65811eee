"""The Chair's monthly judgements of each measure for the demo: January and February 2015.

They tell the story her February report tells: amber on most measures, red where timeliness
and recruitment lag, green where leaders are engaged — not the same as the data everywhere,
which is the point of showing the two side by side.
"""

from __future__ import annotations

from datetime import date

from measures.models import Measure
from progress.models import MeasureJudgement
from progress.services import judgement_record

# Measure reference -> (rating, why), for February 2015.
FEBRUARY = {
    "2": ("green", "The revised plan is agreed by every partner and reviewed at each Board meeting."),
    "3": ("red", "Assessment timeliness is well below target; weekly reporting to the Board has begun."),
    "3A": ("amber", "Conference attendance is improving, but repeat plans are still too frequent."),
    "4": ("amber", "Children's views are recorded in most case files; not yet clear they shape plans."),
    "5": ("amber", "Early help hubs are open; the monitoring framework is only now reporting."),
    "6": ("amber", "The 18+ service is open; too many care leavers are still not in education or work."),
    "7": ("amber", "The MSCB has a clear programme and a new threshold document."),
    "8": ("amber", "The quality assurance framework is adopted; audits are not yet monthly everywhere."),
    "9": ("red", "Vacancy and agency rates remain too high: offers made, few starters yet."),
    "10": ("green", "Members and senior leaders are visibly engaged in monthly performance challenge."),
}
# January, where her view was different: the history shows the change.
JANUARY = {
    "3": ("red", "Timeliness fell again in December."),
    "5": ("red", "The early help hubs slipped a month."),
    "10": ("amber", "Challenge sessions have only just started."),
}


def load_judgements(context) -> None:
    notice, chair = context.notice, context.users["chair"]
    if MeasureJudgement.objects.filter(measure__notice=notice).exists():
        context.log.append("Judgements: the Chair's judgements are already recorded; left as they are.")
        return
    measures = {m.reference: m for m in Measure.objects.filter(notice=notice)}
    count = 0
    for month, words in ((date(2015, 1, 1), JANUARY), (date(2015, 2, 1), FEBRUARY)):
        for reference, (rag, sentence) in words.items():
            if reference in measures:
                judgement_record(
                    measure=measures[reference], by=chair, month=month, rag=rag, sentence=sentence, expected_version=0
                )
                count += 1
    context.log.append(f"Judgements: {count} monthly judgements by the Chair (January and February 2015).")
