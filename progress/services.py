"""Taking month-end snapshots of a notice's roll-up (see measures/models/snapshots.py).

A snapshot stores the notice's position (progress/position.py) as at the month end, so it says
what the dashboard would have said that day (with the approximation the roll-up selector
describes for earlier dates).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from evidence.models import EvidenceItem
from measures.models import Duty, Measure, Notice
from meetings.models import BoardMeeting
from notice_tracker.lib.concurrency import StaleEdit
from notice_tracker.lib.dates import month_end
from notice_tracker.lib.documents import attach_document
from notice_tracker.lib.files import stored_files_removed_on_failure
from notice_tracker.lib.history import save_as
from notice_tracker.lib.uploads import CheckedFile
from progress.models import DutyCompletion, MeasureJudgement, MeasureSnapshot, NoticeSnapshot
from progress.position import notice_position
from progress.rules import ActionCounts, Coverage
from progress.selectors import MeasureRollup
from reports.models import Report


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


class DutyRefused(ValueError):
    """A duty cannot be recorded as done as asked: the message says why."""


NO_PROOF = "Choose what proves it: an evidence item, an issued report or the Board meeting, or upload the letter."


def duty_complete(
    *,
    duty: Duty,
    by: User,
    done_on: date,
    today: date,
    note: str = "",
    evidence: EvidenceItem | None = None,
    report: Report | None = None,
    meeting: BoardMeeting | None = None,
    letter: CheckedFile | None = None,
    expected_version: int,
) -> DutyCompletion:
    """Record a one-off duty as done, with its proof; `expected_version` 0 when none was recorded yet.

    A letter uploaded before replaces nothing unless a new one is given. Recurring duties are met
    by what fulfils them (meetings held, reports issued, reviews recorded), never by hand.
    """
    with stored_files_removed_on_failure() as stored, transaction.atomic():
        current = Duty.objects.select_for_update().select_related("notice").get(pk=duty.pk)
        _check_duty_done(current, done_on=done_on, today=today, evidence=evidence, report=report, meeting=meeting)
        completion = DutyCompletion.objects.select_for_update().filter(duty=current).first()
        if completion is not None and completion.version != expected_version:
            raise StaleEdit(completion)
        if completion is None:
            completion = DutyCompletion(duty=current, version=0)
        if not (evidence or report or meeting or letter or completion.has_letter):
            raise DutyRefused(NO_PROOF)
        completion.done_on, completion.note = done_on, note.strip()
        completion.evidence, completion.report, completion.meeting = evidence, report, meeting
        if letter is not None:
            attach_document(completion, "letter", letter, stored=stored)
        completion.recorded_by = by
        completion.version += 1
        save_as(completion, by)
        current.completed_on = done_on
        save_as(current, by)
    return completion


def _check_duty_done(
    duty: Duty,
    *,
    done_on: date,
    today: date,
    evidence: EvidenceItem | None,
    report: Report | None,
    meeting: BoardMeeting | None,
) -> None:
    if duty.is_recurring:
        raise DutyRefused("A recurring duty is met by the meetings held and the reports issued, not marked done.")
    if not duty.notice.is_active:
        raise DutyRefused(f"The notice has been {duty.notice.get_status_display().lower()}: its records are read-only.")
    if done_on > today:
        raise DutyRefused(f"{done_on.day} {done_on:%B %Y} has not come yet: record a duty once it is done.")
    if done_on < duty.notice.issued_on:
        raise DutyRefused("The date is before the notice was issued.")
    if evidence is not None and evidence.notice_id != duty.notice_id:
        raise DutyRefused("The evidence item belongs to another notice.")
    if report is not None and (report.notice_id != duty.notice_id or not report.is_issued):
        raise DutyRefused("Only an issued report of this notice can prove a duty done.")
    if meeting is not None and meeting.notice_id != duty.notice_id:
        raise DutyRefused("The Board meeting belongs to another notice.")
