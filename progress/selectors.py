"""The roll-up of a notice as at a date: per-measure RAG with reasons, counts, coverage, failing indicators.

`measure_rollups` reads in a fixed number of queries however much data there is (nine for
today, ten for an earlier date) and applies the rule in progress/rules.py. Pages never call
it directly: they read `progress.position`, which calls it once with the actions and
indicators it has already read, and keeps the result.

The roll-up counts only evidence that may be published (not restricted), so the same rating
reads the same to every member and in every report.

As at an earlier date (`on` before today) the roll-up is an approximation built from the
records' own dates, not replayed history: an action counts once it has started (or was
entered); its progress is its latest update dated on or before `on`; it is complete if it
was completed by then; a RAG override counts from when it was recorded; a cancelled action
is treated as cancelled throughout. Evidence counts if it is accepted now and the period it
covers had ended by `on`. Indicators use the figures for periods up to `on`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from actions.models import Action, ActionUpdate
from actions.rules import action_rag, is_overdue
from actions.selectors import ActionRow, action_rows
from evidence.access import visibility_filter
from evidence.models import EvidenceItem
from indicators.selectors import IndicatorRow, indicator_rows
from measures.models import Measure, Notice, Requirement
from notice_tracker.lib import clock
from notice_tracker.lib.rag import label as rag_label
from progress import rules as rollups
from progress.models import MeasureJudgement
from progress.rules import ActionCounts, ActionSignal, Coverage, IndicatorSignal, RequirementEvidence

ATTENTION_LIMIT = 25


@dataclass(frozen=True)
class AttentionAction:
    """An overdue or at-risk action, as the dashboard lists it."""

    pk: int
    reference: str
    title: str
    owner: str
    organisation: str
    due_on: date
    percent_complete: int
    rag: str
    overdue: bool
    days_late: int
    url: str
    overridden: bool = False  # the RAG is a person's override, not the rule's


@dataclass(frozen=True)
class IndicatorSummary:
    """An indicator on section 12's failing list, with what the dashboard shows of it."""

    code: str
    name: str
    url: str
    latest: str
    latest_period: str
    target: str
    rag: str
    rag_label: str
    is_failing: bool
    trend: str
    trend_arrow: str
    reason: str
    sparkline: str
    measure_ids: tuple[int, ...]


@dataclass(frozen=True)
class Judgement:
    """The Chair's own rating of a measure for a month (progress.models.MeasureJudgement), as pages show it."""

    rag: str
    sentence: str
    month: date
    by: str
    version: int

    @property
    def month_label(self) -> str:
        return f"{self.month:%B %Y}"


@dataclass
class MeasureRollup:
    measure: Measure
    rag: str
    reasons: list[str]
    action_counts: ActionCounts
    failing_indicators: list[IndicatorSummary]
    coverage: Coverage
    requirements: list[RequirementEvidence] = field(default_factory=list)
    score: float | None = None  # see progress/rules.py: on track 1, at risk ½, off track 0, averaged
    standings: tuple[int, int, int] = (0, 0, 0)  # requirements on track, at risk, off track
    trend: str = ""  # against the end of last month: "improving", "steady", "worse" or "" (set by the position)
    judgement: Judgement | None = None  # the Chair's latest monthly judgement by then (set by the position)

    @property
    def judgement_differs(self) -> bool:
        """The Chair rates the measure differently from the data (an unrated measure differs from any judgement)."""
        return self.judgement is not None and self.judgement.rag != self.rag

    @property
    def rag_label(self) -> str:
        return rag_label(self.rag)

    @property
    def trend_label(self) -> str:
        return rollups.TREND_WORDS[self.trend]

    @property
    def trend_arrow(self) -> str:
        return rollups.TREND_ARROWS[self.trend]


@dataclass
class NoticeRollup:
    notice_id: int
    on: date
    overall_rag: str
    overall_reason: str
    measures: list[MeasureRollup]
    action_counts: ActionCounts
    coverage: Coverage
    attention: list[AttentionAction]  # the worst ATTENTION_LIMIT overdue and at-risk actions
    failing_indicators: list[IndicatorSummary]
    rule_text: str = rollups.RULE_TEXT
    trend: str = ""  # the mean score of the rated measures against the end of last month (see `with_trend`)

    @property
    def overall_label(self) -> str:
        return rag_label(self.overall_rag)

    @property
    def score(self) -> float | None:
        scores = [m.score for m in self.measures if m.score is not None]
        return round(sum(scores) / len(scores), 4) if scores else None

    @property
    def trend_label(self) -> str:
        return rollups.TREND_WORDS[self.trend]

    @property
    def trend_arrow(self) -> str:
        return rollups.TREND_ARROWS[self.trend]

    @property
    def judgements_differ(self) -> int:
        return sum(1 for m in self.measures if m.judgement_differs)

    @property
    def judged(self) -> int:
        return sum(1 for m in self.measures if m.judgement)

    def with_judgements(self, judgements: dict[int, Judgement]) -> NoticeRollup:
        """Set each measure's judgement: measure id -> the Chair's latest."""
        for row in self.measures:
            row.judgement = judgements.get(row.measure.pk)
        return self

    def with_trend(self, before: NoticeRollup) -> NoticeRollup:
        """Set each measure's trend, and the notice's, against the roll-up at an earlier date."""
        for row in self.measures:
            then = before.for_measure(row.measure.pk)
            row.trend = rollups.trend(row.score, then.score if then else None)
        self.trend = rollups.trend(self.score, before.score)
        return self

    def for_measure(self, measure_id: int) -> MeasureRollup | None:
        return next((m for m in self.measures if m.measure.pk == measure_id), None)


def measure_rollups(
    notice: Notice,
    *,
    on: date,
    actions: dict[int, ActionRow] | None = None,
    indicators: list[IndicatorRow] | None = None,
) -> NoticeRollup:
    """The notice's roll-up as at `on`, from the actions and indicators as at `on` when the caller has read them."""
    measures = list(Measure.objects.filter(notice=notice).order_by("position"))
    if actions is None:
        actions = actions_as_at(notice, on=on)
    if indicators is None:
        indicators = indicator_rows(notice, as_of=on)
    requirement_actions = _requirement_actions(notice, actions)
    evidence = _evidence_counts(notice, on=on, historical=on < clock.today())
    requirement_rows = _requirement_rows(notice, requirement_actions, indicators, evidence)
    summaries = {row.indicator.pk: _summary(row) for row in indicators if row.assessment.on_failing_list}
    due = rollups.evidence_is_due(issued_on=notice.issued_on, on=on)
    measure_rows = [
        _measure_rollup(
            measure,
            requirement_rows.get(measure.pk, []),
            actions,
            indicators,
            summaries,
            requirement_actions,
            evidence_due=due,
        )
        for measure in measures
    ]
    overall, reason = rollups.overall_rag([m.rag for m in measure_rows])
    signals = [_signal(row) for row in actions.values()]
    return NoticeRollup(
        notice_id=notice.pk,
        on=on,
        overall_rag=overall,
        overall_reason=reason,
        measures=measure_rows,
        action_counts=ActionCounts.of(signals),
        coverage=Coverage.of(r for rows in requirement_rows.values() for r in rows),
        attention=_attention(actions.values(), on=on),
        failing_indicators=sorted(summaries.values(), key=lambda s: (rollups.RAG_ORDER.get(s.rag, 3), s.code)),
    )


# ------------------------------------------------------------------ actions


def actions_as_at(notice: Notice, *, on: date) -> dict[int, ActionRow]:
    """Every action counted on `on`, as it stood then, in plan order (the one rewind: see the module's note)."""
    rows = {row.pk: row for row in action_rows(Action.objects.filter(notice=notice), on=on, sort="measure")}
    if on < clock.today():
        _rewind_actions(notice, rows, on=on)
    return rows


def _rewind_actions(notice: Notice, rows: dict[int, ActionRow], *, on: date) -> None:
    """Put each action back as it stood on `on` (see the module's note on the approximation). One query."""
    then = ActionUpdate.objects.filter(action=OuterRef("pk"), on__lte=on).order_by("-on", "-created_at", "-pk")
    states = Action.objects.filter(notice=notice).annotate(percent_then=Subquery(then.values("percent_complete")[:1]))
    for pk, percent, override_at, created_at in states.values_list(
        "pk", "percent_then", "rag_override_at", "created_at"
    ):
        row = rows.get(pk)
        if row is None:
            continue
        if row.start_on > on and timezone.localdate(created_at) > on:
            del rows[pk]
            continue
        row.percent_complete = percent or 0
        if row.status == Action.Status.COMPLETE and (row.completed_on is None or row.completed_on > on):
            row.status, row.completed_on = Action.Status.IN_PROGRESS, None
        if row.rag_override and (override_at is None or timezone.localdate(override_at) > on):
            row.rag_override = ""
        row.rag, row.overdue = action_rag(row, on=on), is_overdue(row, on=on)


def _requirement_actions(notice: Notice, actions: dict[int, ActionRow]) -> dict[int, list[ActionRow]]:
    """Requirement id -> the (counted) actions serving it. One query."""
    links = Action.requirements.through.objects.filter(action__notice=notice).values_list("requirement_id", "action_id")
    by_requirement: dict[int, list[ActionRow]] = defaultdict(list)
    for requirement_id, action_id in links:
        if action_id in actions:
            by_requirement[requirement_id].append(actions[action_id])
    return by_requirement


def _signal(row: ActionRow) -> ActionSignal:
    return ActionSignal(reference=row.reference, rag=row.rag, status=row.status, overdue=row.overdue)


def _attention(rows: Iterable[ActionRow], *, on: date) -> list[AttentionAction]:
    chosen = [r for r in rows if _signal(r).bucket in ("overdue", "at_risk")]
    chosen.sort(key=lambda r: (not r.overdue, r.due_on if not r.overdue else -(on - r.due_on).days, r.reference))
    return [
        AttentionAction(
            pk=r.pk,
            reference=r.reference,
            title=r.title,
            owner=r.owner,
            organisation=r.organisation,
            due_on=r.due_on,
            percent_complete=r.percent_complete,
            rag=r.rag,
            overdue=r.overdue,
            days_late=max((on - r.due_on).days, 0),
            url=r.url,
            overridden=bool(r.rag_override),
        )
        for r in chosen[:ATTENTION_LIMIT]
    ]


# ----------------------------------------------------------------- evidence


def _evidence_counts(notice: Notice, *, on: date, historical: bool) -> dict[tuple[int, str], int]:
    """(requirement id, nature) -> accepted items that may be published. One aggregate query."""
    accepted = EvidenceItem.objects.accepted().filter(visibility_filter(None), notice=notice)
    if historical:
        accepted = accepted.annotate(ended=Coalesce("covers_to", "covers_from")).filter(ended__lte=on)
    Link = EvidenceItem.requirements.through
    counts = (
        Link.objects.filter(requirement__measure__notice=notice, evidenceitem__in=accepted.values("pk"))
        .values("requirement_id", "evidenceitem__nature")
        .annotate(n=Count("evidenceitem_id"))
        .order_by()
    )
    return {(c["requirement_id"], c["evidenceitem__nature"]): c["n"] for c in counts}


def _requirement_rows(
    notice: Notice,
    requirement_actions: dict[int, list[ActionRow]],
    indicators: list[IndicatorRow],
    evidence: dict[tuple[int, str], int],
) -> dict[int, list[RequirementEvidence]]:
    """Measure id -> its requirements' evidence rows, in order. One query."""
    linked_indicators: dict[int, list[IndicatorSignal]] = defaultdict(list)
    for row in indicators:
        for requirement in row.indicator.requirements.all():
            linked_indicators[requirement.pk].append(_indicator_signal(row))
    by_measure: dict[int, list[RequirementEvidence]] = defaultdict(list)
    requirements = Requirement.objects.filter(measure__notice=notice).order_by("measure__position", "position")
    for pk, measure_id, reference, kind in requirements.values_list("pk", "measure_id", "reference", "kind"):
        served = [a for a in requirement_actions.get(pk, []) if a.status != Action.Status.CANCELLED]
        by_measure[measure_id].append(
            RequirementEvidence(
                pk=pk,
                reference=reference,
                kind=kind,
                qualitative=evidence.get((pk, EvidenceItem.Nature.QUALITATIVE), 0),
                quantitative=evidence.get((pk, EvidenceItem.Nature.QUANTITATIVE), 0),
                indicators=len(linked_indicators[pk]),
                actions=len(served),
                actions_open=sum(1 for a in served if a.status != Action.Status.COMPLETE),
                action_signals=tuple(_signal(a) for a in served),
                indicator_signals=tuple(linked_indicators[pk]),
            )
        )
    return by_measure


# --------------------------------------------------------------- indicators


def _summary(row: IndicatorRow) -> IndicatorSummary:
    indicator, assessment, latest = row.indicator, row.assessment, row.latest
    return IndicatorSummary(
        code=indicator.code,
        name=indicator.name,
        url=indicator.get_absolute_url(),
        latest=latest.display if latest else "–",
        latest_period=latest.period_label if latest else "",
        target=indicator.target_display,
        rag=assessment.rag.value,
        rag_label=assessment.rag.label,
        is_failing=assessment.is_failing,
        trend=assessment.trend.label,
        trend_arrow=assessment.trend.arrow,
        reason=assessment.failing_reason,
        sparkline=row.sparkline,
        measure_ids=tuple(sorted({r.measure_id for r in indicator.requirements.all()})),
    )


def _indicator_signal(row: IndicatorRow) -> IndicatorSignal:
    a = row.assessment
    return IndicatorSignal(code=row.indicator.code, rag=a.rag.value, is_failing=a.is_failing, off_track=a.is_off_track)


def _measure_rollup(
    measure: Measure,
    requirements: list[RequirementEvidence],
    actions: dict[int, ActionRow],
    indicators: list[IndicatorRow],
    summaries: dict[int, IndicatorSummary],
    requirement_actions: dict[int, list[ActionRow]],
    *,
    evidence_due: bool,
) -> MeasureRollup:
    served = {
        a.pk: a for requirement in requirements for a in requirement_actions.get(requirement.pk, []) if a.pk in actions
    }
    linked = [row for row in indicators if any(r.measure_id == measure.pk for r in row.indicator.requirements.all())]
    rating = rollups.measure_rating(requirements=requirements, evidence_due=evidence_due)
    return MeasureRollup(
        measure=measure,
        rag=rating.rag,
        reasons=rating.reasons,
        action_counts=ActionCounts.of(_signal(a) for a in served.values()),
        failing_indicators=[summaries[row.indicator.pk] for row in linked if row.indicator.pk in summaries],
        coverage=Coverage.of(requirements),
        requirements=requirements,
        score=rating.score,
        standings=(rating.on_track, rating.at_risk, rating.off_track),
    )


# ---------------------------------------------------------------- judgements


def latest_judgements(notice: Notice, *, on: date) -> dict[int, Judgement]:
    """Measure id -> the Chair's judgement for the latest month up to `on`'s. One query."""
    rows = (
        MeasureJudgement.objects.filter(measure__notice=notice, month__lte=on.replace(day=1))
        .select_related("recorded_by")
        .order_by("measure_id", "-month")
    )
    latest: dict[int, Judgement] = {}
    for row in rows:
        if row.measure_id not in latest:
            latest[row.measure_id] = Judgement(
                rag=row.rag,
                sentence=row.sentence,
                month=row.month,
                by=row.recorded_by.get_full_name() or row.recorded_by.get_username(),
                version=row.version,
            )
    return latest
