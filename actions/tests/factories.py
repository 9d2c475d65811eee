"""Builders for improvement-plan actions in tests (the notice, people and organisations come from measures.tests.factories)."""

from __future__ import annotations

import itertools
from datetime import date

from actions.models import Action, ActionUpdate
from measures.models import Notice, Organisation

_counter = itertools.count(1)


def make_action(
    notice: Notice,
    *,
    owner,
    organisation: Organisation,
    requirements=(),
    reference: str | None = None,
    title: str = "Run monthly multi-agency case audits",
    start_on: date = date(2014, 6, 2),
    due_on: date = date(2014, 12, 19),
    status: str = "planned",
    **extra,
):
    """An action saved directly (not through the services): for setting the scene in tests."""
    if status == "complete":
        extra.setdefault("completed_on", due_on)
        extra.setdefault("percent_complete", 100)
    action = Action.objects.create(
        notice=notice,
        reference=reference or f"T-{next(_counter)}",
        title=title,
        owner=owner,
        lead_organisation=organisation,
        start_on=start_on,
        due_on=due_on,
        status=status,
        created_by=extra.pop("created_by", owner),
        **extra,
    )
    action.requirements.set(requirements)
    return action


def make_update(
    action, *, author=None, on: date = date(2014, 7, 1), percent_complete: int = 25, note: str = "Audit tool agreed."
):
    return ActionUpdate.objects.create(
        action=action, author=author or action.owner, on=on, percent_complete=percent_complete, note=note
    )
