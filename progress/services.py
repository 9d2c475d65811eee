"""Taking month-end snapshots of a notice's roll-up (see measures/models/snapshots.py).

A snapshot stores the notice's position (progress/position.py) as at the month end, so it says
what the dashboard would have said that day (with the approximation the roll-up selector
describes for earlier dates).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from measures.models import Measure, Notice
from notice_tracker.lib.concurrency import StaleEdit
from notice_tracker.lib.dates import month_end
from progress.models import MeasureJudgement, MeasureSnapshot, NoticeSnapshot
from progress.position import notice_position
from progress.rules import ActionCounts, Coverage
from progress.selectors import MeasureRollup


def month_ends(*, start: date, end: date) -> list[date]:
    """Every month end from `start`'s month up to and including `end`, if `end` is one."""
    ends, day = [], month_end(start)
    while day <= end:
        ends.append(day)
        day = month_end(day + timedelta(days=1))
    return ends


def _counts(rag: str, actions: ActionCounts, coverage: Coverage, failing: int) -> dict:
    return {
        "rag": rag,
        "actions_complete": actions.complete,
        "actions_on_track": actions.on_track,
        "actions_at_risk": actions.at_risk,
        "actions_overdue": actions.overdue,
        "requirements": coverage.requirements,
        "requirements_with_evidence": coverage.with_evidence,
        "requirements_with_both": coverage.with_both,
        "impact_gaps": coverage.impact_gaps,
        "failing_indicators": failing,
    }


def _measure_row(snapshot: NoticeSnapshot, rollup: MeasureRollup) -> MeasureSnapshot:
    counts = _counts(rollup.rag, rollup.action_counts, rollup.coverage, len(rollup.failing_indicators))
    return MeasureSnapshot(snapshot=snapshot, measure=rollup.measure, reasons="\n".join(rollup.reasons), **counts)


@transaction.atomic
def snapshot_take(*, notice: Notice, as_at: date) -> NoticeSnapshot:
    """Store the roll-up as at the month end `as_at`; taking it again replaces the same month's snapshot."""
    if as_at != month_end(as_at):
        raise ValueError(f"Snapshots are taken at month ends; {as_at:%-d %B %Y} is not one.")
    rollup = notice_position(notice, on=as_at).rollup
    counts = _counts(rollup.overall_rag, rollup.action_counts, rollup.coverage, len(rollup.failing_indicators))
    snapshot, _ = NoticeSnapshot.objects.update_or_create(
        notice=notice,
        as_at=as_at,
        defaults={**counts, "rag_reason": rollup.overall_reason},
    )
    snapshot.measures.all().delete()
    MeasureSnapshot.objects.bulk_create([_measure_row(snapshot, row) for row in rollup.measures])
    return snapshot


def snapshots_backfill(*, notice: Notice, until: date) -> list[NoticeSnapshot]:
    """Every month end from the notice's issue up to `until` (each one idempotent)."""
    return [snapshot_take(notice=notice, as_at=day) for day in month_ends(start=notice.issued_on, end=until)]


@transaction.atomic
def judgement_record(
    *, measure: Measure, by: User, month: date, rag: str, sentence: str, expected_version: int
) -> MeasureJudgement:
    """Record, or revise, the Chair's judgement of `measure` for `month` (any day of it).

    `expected_version` is the version the form showed (0: there was none yet). Someone else's
    judgement saved meanwhile is never overwritten: StaleEdit, and the conflict page shows it.
    """
    month = month.replace(day=1)
    judgement = MeasureJudgement.objects.select_for_update().filter(measure=measure, month=month).first()
    if judgement is not None and judgement.version != expected_version:
        raise StaleEdit(judgement)
    if judgement is None:
        judgement = MeasureJudgement(measure=measure, month=month, version=0)
    judgement.rag, judgement.sentence, judgement.recorded_by = rag, sentence.strip(), by
    judgement.version += 1
    judgement.full_clean(exclude=["measure", "recorded_by"])
    judgement._history_user = by  # type: ignore[attr-defined]  # read by simple-history
    try:
        with transaction.atomic():
            judgement.save()
    except IntegrityError:  # someone recorded the month's first judgement at the same moment
        raise StaleEdit(MeasureJudgement.objects.get(measure=measure, month=month)) from None
    return judgement
