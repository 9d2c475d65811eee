"""How a measure's RAG rolls up from its actions, indicators and evidence coverage — written once.

DESIGN: "A measure's RAG rolls up from its actions, indicators and evidence coverage." These
are pure functions over plain values: the dashboard, the measure page, the portfolio, the
month-end snapshots and the PDF reports all call them through
`progress.selectors.measure_rollups`, and every page shows `RULE_TEXT`.

Choices, and why:
- Red needs something the Board must act on now: an action the action rule rates red
  (overdue or behind plan), an indicator failing its target beyond the amber tolerance, or
  a requirement that asks for proof of impact with no accepted evidence at all once the
  first 3-monthly report to the Minister is due (section 13). Before that date the same gap
  is amber: nobody can have proved impact in the notice's first weeks.
- Amber is what the Chair should challenge: an amber action, an indicator short of target
  within tolerance or not projected to reach it by the deadline, an impact requirement with
  only one of the two kinds of evidence the notice asks for ("qualitative and quantitative
  evidence … confirm"), an action requirement whose actions are all finished but has no
  accepted evidence that it was done, or an action requirement nothing addresses at all.
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

RULE_TEXT = (
    "A measure is red if any of its actions is red, any indicator linked to its requirements is failing "
    "its target beyond the amber tolerance, or a requirement asking for evidence of impact has no accepted "
    "evidence at all three months or more after the notice was issued. "
    "It is amber if any action or indicator is amber (an indicator also counts as amber when it is not "
    "projected to meet its target by the delivery deadline), an impact requirement lacks accepted "
    "qualitative or quantitative evidence, an action requirement's actions are all finished with no "
    "accepted evidence, or an action requirement has no action, indicator or evidence at all. "
    "It is green otherwise, and not rated when it has no actions, rated indicators or accepted evidence. "
    "Overall, the notice is red when two or more measures are red (or every rated measure is), amber when "
    "any measure is red or amber, green when every rated measure is green."
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


def _evidence_reasons(requirements: list[RequirementEvidence], *, evidence_due: bool) -> tuple[list[str], list[str]]:
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
    if no_proof:
        text = f"No accepted evidence of impact for {_refs(no_proof)}"
        (reds if evidence_due else ambers).append(
            text + ("." if evidence_due else " (not yet due: first 3-monthly report).")
        )
    if half:
        ambers.append(f"Only one kind of accepted evidence (qualitative or quantitative) for {_refs(half)}.")
    if done_unproved:
        ambers.append(f"Actions finished but no accepted evidence for {_refs(done_unproved)}.")
    if untouched:
        ambers.append(f"No action, indicator or evidence addresses {_refs(untouched)}.")
    return reds, ambers


def measure_rag(
    *,
    actions: list[ActionSignal],
    indicators: list[IndicatorSignal],
    requirements: list[RequirementEvidence],
    evidence_due: bool,
) -> tuple[str, list[str]]:
    """The measure's RAG and the reasons for it, worst first (see RULE_TEXT)."""
    live_actions = [a for a in actions if a.status != "cancelled"]
    rated_indicators = [i for i in indicators if i.roll_up != NONE]
    if not live_actions and not rated_indicators and not any(r.has_evidence for r in requirements):
        return NONE, [
            "Nothing to rate yet: no actions, no indicator figures against a target and no accepted evidence."
        ]
    action_red, action_amber = _action_reasons(live_actions)
    indicator_red, indicator_amber = _indicator_reasons(rated_indicators)
    evidence_red, evidence_amber = _evidence_reasons(requirements, evidence_due=evidence_due)
    reds = action_red + indicator_red + evidence_red
    ambers = action_amber + indicator_amber + evidence_amber
    if reds:
        return RED, reds + ambers
    if ambers:
        return AMBER, ambers
    return GREEN, [
        "Actions on track or complete, indicators on target, and every requirement asking for impact "
        "has accepted qualitative and quantitative evidence."
    ]


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
