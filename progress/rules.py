"""How a measure's RAG rolls up from its requirements — written once.

DESIGN: "A measure's RAG rolls up from its actions, indicators and evidence coverage." These
are pure functions over plain values: the dashboard, the measure page, the portfolio, the
month-end snapshots and the PDF reports all read them through `progress.position`, and every
page shows `RULE_TEXT`.

The rule grades: a measure is rated from the share of its requirements that are on track, so
the colours show where things are worst, and its score (on track = 1, at risk = ½, off track
= 0, averaged) shows which way it moves from one month to the next. Choices, and why:
- A requirement is off track when something on it needs the Board to act now: an action the
  action rule rates red (overdue or behind plan), a linked indicator failing its target beyond
  the amber tolerance, or, once the first 3-monthly report to the Minister is due (section
  13), no accepted evidence at all that asks for proof of impact. Before that date the same
  gap is only at risk: nobody can have proved impact in the notice's first weeks.
- It is at risk when the Chair should challenge it: an amber action, an indicator short of
  target or not on course to meet it by the deadline, proof of impact of only one of the two
  kinds the notice asks for ("qualitative and quantitative evidence … confirm"), or nothing
  at all addressing it.
- A measure is red when half or more of its requirements are off track, green when none
  is and at least three in four are on track, and amber otherwise. One late action no longer
  paints a whole measure red; every late action still lowers its score and is named.
- Each rule only ever counts against: one more overdue action or failing indicator never
  improves a rating, and completing an action never worsens one (tested with hypothesis). So
  finished actions awaiting proof are listed to follow up, not counted against the measure.
- A measure with no actions, no rated indicators and no accepted evidence is not rated:
  a colour would claim a judgement nobody has made.
- Overall: one red measure out of many is a serious concern to challenge (amber, with the
  red measure listed first); two or more red measures mean the plan as a whole is slipping.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from notice_tracker.lib.rag import AMBER, GREEN, NONE, RED

RAG_ORDER = {RED: 0, AMBER: 1, GREEN: 2, NONE: 3}
EVIDENCE_GRACE_MONTHS = 3  # the first Chair's report to the Minister (section 13)
OVERALL_RED_MEASURES = 2
RED_SHARE_OFF_TRACK = 1 / 2  # half or more of a measure's requirements off track: red
GREEN_SHARE_ON_TRACK = 3 / 4  # none off track and three in four on track: green
STANDING_SCORE = {GREEN: 1.0, AMBER: 0.5, RED: 0.0}
TREND_STEP = 0.01  # score changes smaller than this read as steady

RULE_TEXT = (
    "Each requirement is off track if an action on it is red (overdue or behind plan), an indicator linked to it "
    "is failing its target beyond the amber tolerance, or it asks for evidence of impact and has none accepted "
    "three months or more after the notice was issued. It is at risk if an action or indicator on it is amber "
    "(an indicator also counts when it is not projected to meet its target by the delivery deadline), it has "
    "accepted evidence of impact of only one kind (qualitative or quantitative), or nothing addresses it. "
    "Otherwise it is on track. A measure is red when half or more of its requirements are off track, green "
    "when none is and at least three in four are on track, amber otherwise, and not rated when it has no "
    "actions, rated indicators or accepted evidence. Its trend compares its score (on track counts 1, at risk "
    "½, off track 0) with the end of last month. Overall, the notice is red when two or more measures are red "
    "(or every rated measure is), amber when any measure is red or amber, green when every rated measure is green."
)


def worst(rags: Iterable[str]) -> str:
    rated = [r for r in rags if r in (RED, AMBER, GREEN)]
    return min(rated, key=RAG_ORDER.__getitem__) if rated else NONE


def evidence_is_due(*, issued_on: date, on: date) -> bool:
    """True once the first 3-monthly report is due: from then on, no proof of impact is red."""
    month_index = issued_on.month - 1 + EVIDENCE_GRACE_MONTHS
    year, month = issued_on.year + month_index // 12, month_index % 12 + 1
    due = date(year, month, min(issued_on.day, calendar.monthrange(year, month)[1]))
    return on >= due


# ------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class ActionSignal:
    reference: str
    rag: str  # actions.rules.action_rag: "red", "amber", "green", or "" when cancelled
    status: str
    overdue: bool

    @property
    def bucket(self) -> str:
        """Which dashboard count the action falls in: complete, on_track, at_risk, overdue ("" if cancelled)."""
        if self.status == "cancelled":
            return ""
        if self.status == "complete":
            return "complete"
        if self.overdue:
            return "overdue"
        return "at_risk" if self.rag in (RED, AMBER) else "on_track"


@dataclass(frozen=True)
class IndicatorSignal:
    code: str
    rag: str  # indicators.analysis.Rag value of the latest figure
    is_failing: bool  # red: the DESIGN rule
    off_track: bool  # not projected to meet the target by the delivery deadline

    @property
    def roll_up(self) -> str:
        if self.is_failing:
            return RED
        if self.rag == AMBER or self.off_track:
            return AMBER
        return GREEN if self.rag == GREEN else NONE


@dataclass(frozen=True)
class RequirementEvidence:
    """One requirement: how much accepted evidence it has, and what addresses it."""

    reference: str
    kind: str  # Requirement.Kind: "action" or "impact"
    pk: int = 0
    qualitative: int = 0
    quantitative: int = 0
    indicators: int = 0
    actions: int = 0  # not cancelled
    actions_open: int = 0
    action_signals: tuple[ActionSignal, ...] = ()  # the live actions serving it
    indicator_signals: tuple[IndicatorSignal, ...] = ()  # the rated indicators linked to it

    def standing(self, *, evidence_due: bool) -> str:
        """On track (green), at risk (amber) or off track (red): see the module's note."""
        action_rags = {a.rag for a in self.action_signals}
        indicator_rags = {i.roll_up for i in self.indicator_signals}
        if RED in action_rags or RED in indicator_rags or (self.is_impact and not self.has_evidence and evidence_due):
            return RED
        untouched = not (self.actions or self.indicators or self.has_evidence)
        if AMBER in action_rags or AMBER in indicator_rags or (self.is_impact and not self.has_both) or untouched:
            return AMBER
        return GREEN

    @property
    def has_evidence(self) -> bool:
        return bool(self.qualitative or self.quantitative)

    @property
    def has_both(self) -> bool:
        return bool(self.qualitative and self.quantitative)

    @property
    def is_impact(self) -> bool:
        return self.kind == "impact"


# ----------------------------------------------------------------- outputs


@dataclass(frozen=True)
class ActionCounts:
    complete: int = 0
    on_track: int = 0
    at_risk: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.complete + self.on_track + self.at_risk + self.overdue

    @classmethod
    def of(cls, actions: Iterable[ActionSignal]) -> ActionCounts:
        counts = {"complete": 0, "on_track": 0, "at_risk": 0, "overdue": 0}
        for action in actions:
            if action.bucket:
                counts[action.bucket] += 1
        return cls(**counts)


@dataclass(frozen=True)
class Coverage:
    requirements: int = 0
    with_qualitative: int = 0
    with_quantitative: int = 0
    with_both: int = 0
    gaps: int = 0  # requirements with no accepted evidence at all
    impact_requirements: int = 0
    impact_gaps: int = 0

    @property
    def with_evidence(self) -> int:
        return self.requirements - self.gaps

    @classmethod
    def of(cls, requirements: Iterable[RequirementEvidence]) -> Coverage:
        rows = list(requirements)
        return cls(
            requirements=len(rows),
            with_qualitative=sum(1 for r in rows if r.qualitative),
            with_quantitative=sum(1 for r in rows if r.quantitative),
            with_both=sum(1 for r in rows if r.has_both),
            gaps=sum(1 for r in rows if not r.has_evidence),
            impact_requirements=sum(1 for r in rows if r.is_impact),
            impact_gaps=sum(1 for r in rows if r.is_impact and not r.has_evidence),
        )


# ------------------------------------------------------------------- rules


def _refs(items: list[str], limit: int = 6) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _action_reasons(actions: list[ActionSignal]) -> tuple[list[str], list[str]]:
    red = [a.reference for a in actions if a.rag == RED]
    amber = [a.reference for a in actions if a.rag == AMBER]
    reds = (
        [f"{_plural(len(red), 'Action', 'Actions')} rated red (overdue or behind plan): {_refs(red)}."] if red else []
    )
    ambers = [f"{_plural(len(amber), 'Action', 'Actions')} rated amber: {_refs(amber)}."] if amber else []
    return reds, ambers


def _indicator_reasons(indicators: list[IndicatorSignal]) -> tuple[list[str], list[str]]:
    red = [i.code for i in indicators if i.roll_up == RED]
    amber = [i.code for i in indicators if i.roll_up == AMBER]
    reds = [f"{_plural(len(red), 'Indicator', 'Indicators')} failing the target: {_refs(red)}."] if red else []
    ambers = (
        [
            f"{_plural(len(amber), 'Indicator', 'Indicators')} short of target or not on course to meet it: {_refs(amber)}."
        ]
        if amber
        else []
    )
    return reds, ambers


def _evidence_reasons(
    requirements: list[RequirementEvidence], *, evidence_due: bool
) -> tuple[list[str], list[str], list[str]]:
    impact = [r for r in requirements if r.is_impact]
    no_proof = [r.reference for r in impact if not r.has_evidence]
    half = [r.reference for r in impact if r.has_evidence and not r.has_both]
    done_unproved = [
        r.reference for r in requirements if not r.is_impact and r.actions and not r.actions_open and not r.has_evidence
    ]
    untouched = [
        r.reference for r in requirements if not r.is_impact and not (r.actions or r.indicators or r.has_evidence)
    ]
    reds: list[str] = []
    ambers: list[str] = []
    follow_up: list[str] = []
    if no_proof:
        text = f"No accepted evidence of impact for {_refs(no_proof)}"
        (reds if evidence_due else ambers).append(
            text + ("." if evidence_due else " (not yet due: first 3-monthly report).")
        )
    if half:
        ambers.append(f"Only one kind of accepted evidence (qualitative or quantitative) for {_refs(half)}.")
    if untouched:
        ambers.append(f"No action, indicator or evidence addresses {_refs(untouched)}.")
    if done_unproved:
        follow_up.append(f"To follow up: actions finished but no accepted evidence yet for {_refs(done_unproved)}.")
    return reds, ambers, follow_up


@dataclass(frozen=True)
class MeasureRating:
    rag: str
    reasons: list[str]
    score: float | None  # None when not rated
    on_track: int = 0
    at_risk: int = 0
    off_track: int = 0


def measure_rating(*, requirements: list[RequirementEvidence], evidence_due: bool) -> MeasureRating:
    """The measure's RAG, score and reasons, worst first (see RULE_TEXT)."""
    actions = list({a.reference: a for r in requirements for a in r.action_signals}.values())
    indicators = list({i.code: i for r in requirements for i in r.indicator_signals}.values())
    live_actions = [a for a in actions if a.status != "cancelled"]
    rated_indicators = [i for i in indicators if i.roll_up != NONE]
    if not requirements or (
        not live_actions and not rated_indicators and not any(r.has_evidence for r in requirements)
    ):
        return MeasureRating(
            NONE,
            ["Nothing to rate yet: no actions, no indicator figures against a target and no accepted evidence."],
            None,
        )
    standings = [r.standing(evidence_due=evidence_due) for r in requirements]
    off, risk, on = standings.count(RED), standings.count(AMBER), standings.count(GREEN)
    total = len(standings)
    if off / total >= RED_SHARE_OFF_TRACK:
        rag = RED
    elif not off and on / total >= GREEN_SHARE_ON_TRACK:
        rag = GREEN
    else:
        rag = AMBER
    summary = f"{on} of {total} requirements on track, {risk} at risk, {off} off track."
    action_red, action_amber = _action_reasons(live_actions)
    indicator_red, indicator_amber = _indicator_reasons(rated_indicators)
    evidence_red, evidence_amber, follow_up = _evidence_reasons(requirements, evidence_due=evidence_due)
    reasons = [summary, *action_red, *indicator_red, *evidence_red, *action_amber, *indicator_amber, *evidence_amber]
    score = sum(STANDING_SCORE[s] for s in standings) / total
    return MeasureRating(rag, reasons + follow_up, round(score, 4), on_track=on, at_risk=risk, off_track=off)


def trend(score: float | None, before: float | None) -> str:
    """Which way a score moved since `before`: "improving", "steady", "worse", or "" when either is unrated."""
    if score is None or before is None:
        return ""
    if score >= before + TREND_STEP:
        return "improving"
    if score <= before - TREND_STEP:
        return "worse"
    return "steady"


TREND_WORDS = {"improving": "Improving", "steady": "Steady", "worse": "Worse", "": "No trend yet"}
TREND_ARROWS = {"improving": "↑", "steady": "→", "worse": "↓", "": ""}


def overall_rag(measure_rags: list[str]) -> tuple[str, str]:
    """The notice's RAG from its measures' RAGs, and a sentence saying why."""
    rated = [r for r in measure_rags if r != NONE]
    red, amber = rated.count(RED), rated.count(AMBER)
    if not rated:
        return NONE, "No measure can be rated yet."
    counts = f"{red} red, {amber} amber and {rated.count(GREEN)} green of {len(rated)} rated measures"
    if red >= OVERALL_RED_MEASURES or red == len(rated):
        return RED, f"Red: {counts}."
    if red or amber:
        return AMBER, f"Amber: {counts}."
    return GREEN, f"Green: {counts}."
