"""The rules the product computes for actions, written once.

DESIGN: an action is overdue when not complete and its due date has passed. RAG: red =
overdue or behind plan; amber = due within 14 days and under 75 % complete; green
otherwise — unless overridden with a reason.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

AMBER_WINDOW_DAYS = 14
AMBER_BELOW_PERCENT = 75
# Behind plan: progress trails the share of the planned time already used by more than this.
BEHIND_PLAN_MARGIN = 25

RULE_TEXT = (
    "Red: overdue, or progress more than 25 points behind the share of its time already used. "
    "Amber: due within 14 days and under 75% complete. Green: otherwise. "
    "A recorded override with a reason takes precedence."
)


class ActionLike(Protocol):
    status: str
    start_on: date
    due_on: date
    percent_complete: int
    rag_override: str


def is_overdue(action: ActionLike, *, on: date) -> bool:
    return action.status not in ("complete", "cancelled") and action.due_on < on


def expected_percent(action: ActionLike, *, on: date) -> int:
    """Where a steady pace from start to due date would have got the action by `on`."""
    if on <= action.start_on:
        return 0
    span = (action.due_on - action.start_on).days
    if span <= 0 or on >= action.due_on:
        return 100
    return round(100 * (on - action.start_on).days / span)


def is_behind_plan(action: ActionLike, *, on: date) -> bool:
    if action.status in ("complete", "cancelled"):
        return False
    return expected_percent(action, on=on) - action.percent_complete > BEHIND_PLAN_MARGIN


def derived_rag(action: ActionLike, *, on: date) -> str:
    if action.status == "cancelled":
        return ""
    if action.status == "complete":
        return "green"
    if is_overdue(action, on=on) or is_behind_plan(action, on=on):
        return "red"
    if (action.due_on - on).days <= AMBER_WINDOW_DAYS and action.percent_complete < AMBER_BELOW_PERCENT:
        return "amber"
    return "green"


def action_rag(action: ActionLike, *, on: date) -> str:
    """The RAG shown for the action: the override when one is recorded, else the derived one."""
    return action.rag_override or derived_rag(action, on=on)
