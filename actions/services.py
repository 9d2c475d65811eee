"""Writes to improvement-plan actions. Every write saves through the model, so each one
leaves a history row naming who made it; edits based on an out-of-date copy are refused.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from actions.models import Action, ActionUpdate
from measures.models import Notice, Organisation, Requirement
from notice_tracker.lib import clock
from notice_tracker.lib.concurrency import lock_current
from notice_tracker.lib.history import save_as, set_history_user

if TYPE_CHECKING:
    from actions.importing import PlanRow

Status = Action.Status
# The fields an action form sets directly; requirements (many-to-many) are handled apart.
ACTION_FIELDS = [
    "reference",
    "title",
    "description",
    "owner",
    "lead_organisation",
    "start_on",
    "due_on",
    "status",
    "completed_on",
]
_AUTO_REFERENCE = re.compile(r"A-(\d+)")
_REFERENCE_ATTEMPTS = 5


class ActionRefused(Exception):
    """A write the rules do not allow in the action's current state; the message says why."""


class ReferenceTaken(ActionRefused):
    def __init__(self, reference: str):
        super().__init__(f"The reference {reference} is already used by another action in this plan.")
        self.reference = reference


def next_reference(notice: Notice) -> str:
    """The next free automatic reference, A-001, A-002…, after the highest one in use."""
    refs = Action.objects.filter(notice=notice, reference__startswith="A-").values_list("reference", flat=True)
    numbers = [int(m.group(1)) for ref in refs if (m := _AUTO_REFERENCE.fullmatch(ref))]
    return f"A-{max(numbers, default=0) + 1:03d}"


def _insert(action: Action, *, auto_reference: bool) -> None:
    """Insert a new action; an automatic reference taken by a concurrent insert is retried."""
    for _ in range(_REFERENCE_ATTEMPTS):
        if auto_reference:
            action.reference = next_reference(action.notice)
        try:
            with transaction.atomic():
                action.save()
            return
        except IntegrityError:
            if not Action.objects.filter(notice_id=action.notice_id, reference=action.reference).exists():
                raise
            if not auto_reference:
                raise ReferenceTaken(action.reference) from None
    raise ReferenceTaken(action.reference)


def _apply_status(action: Action, *, today: date) -> None:
    """Complete means done: a completion date (today unless given) and 100 %; otherwise no date."""
    if action.status == Status.COMPLETE:
        action.completed_on = action.completed_on or today
        action.percent_complete = 100
    else:
        action.completed_on = None


@transaction.atomic
def action_create(*, notice: Notice, by: User, data: dict[str, Any]) -> Action:
    """Create an action from validated form data; a blank reference gets the next A-nnn."""
    action = Action(notice=notice, created_by=by, **{name: data.get(name) for name in ACTION_FIELDS})
    action.description = action.description or ""
    action.status = action.status or Status.PLANNED
    _apply_status(action, today=clock.today())
    set_history_user(action, by)
    _insert(action, auto_reference=not action.reference)
    action.requirements.set(data["requirements"])
    return action


@transaction.atomic
def action_edit(*, action: Action, by: User, data: dict[str, Any], expected_version: int) -> Action:
    """Save an edit made to version `expected_version`; raises StaleEdit if someone saved since."""
    current = lock_current(Action, action.pk, expected_version=expected_version)
    for name in ACTION_FIELDS:
        setattr(current, name, data.get(name))
    current.description = current.description or ""
    _apply_status(current, today=clock.today())
    current.version += 1
    set_history_user(current, by)
    new_ids = {r.pk for r in data["requirements"]}
    if new_ids != set(current.requirements.values_list("pk", flat=True)):
        # Set the links quietly, then let the one save below record fields and links together.
        current.skip_history_when_saving = True  # type: ignore[attr-defined]  # simple-history's switch
        current.requirements.set(new_ids)
        del current.skip_history_when_saving  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError:
        if (
            Action.objects.filter(notice_id=current.notice_id, reference=current.reference)
            .exclude(pk=current.pk)
            .exists()
        ):
            raise ReferenceTaken(current.reference) from None
        raise
    return current


@transaction.atomic
def action_override_rag(
    *, action: Action, by: User, rag: str, reason: str, expected_version: int, at: datetime | None = None
) -> Action:
    """Record (or, with a blank `rag`, clear) a manual RAG rating, with who set it, when and why.

    `at` is when it took effect, for loaders of past data (the demo); the history row still says
    when it was entered. Read as at an earlier date, an override counts only from `at`.
    """
    current = lock_current(Action, action.pk, expected_version=expected_version)
    if rag and not reason.strip():
        raise ActionRefused("Give the reason for overriding the rating.")
    current.rag_override = rag
    current.rag_override_reason = reason.strip() if rag else ""
    current.rag_override_by = by if rag else None
    current.rag_override_at = (at or timezone.now()) if rag else None
    current.version += 1
    set_history_user(current, by)
    current.save()
    return current


@transaction.atomic
def action_add_update(*, action: Action, by: User, on: date, note: str, percent_complete: int) -> ActionUpdate:
    """Add a progress update and bring the action's figure and status in line with the latest one.

    An update at 100 % completes the action (completed on the update's date). A complete or
    cancelled action takes no updates: reopen it on the edit page first.
    """
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.is_closed:
        raise ActionRefused(
            f"This action is {current.get_status_display().lower()}; change its status on the edit page "
            "before logging more progress."
        )
    update = ActionUpdate(action=current, on=on, author=by, note=note.strip(), percent_complete=percent_complete)
    save_as(update, by)
    latest = current.updates.order_by("-on", "-created_at", "-pk").first()
    assert latest is not None  # the update saved above, at least
    current.percent_complete = latest.percent_complete
    if latest.percent_complete == 100:
        current.status, current.completed_on = Status.COMPLETE, latest.on
    elif latest.percent_complete > 0 and current.status == Status.PLANNED:
        current.status = Status.IN_PROGRESS
    current.version += 1
    set_history_user(current, by)
    current.save()
    return update


@transaction.atomic
def plan_import_commit(*, notice: Notice, by: User, rows: list[PlanRow]) -> list[Action]:
    """Create every previewed row, or nothing: any row that no longer fits the notice refuses all."""
    _check_rows_still_fit(notice, rows)
    requirements = Requirement.objects.in_bulk({pk for row in rows for pk in row.requirement_ids})
    users = get_user_model().objects.in_bulk({row.owner_id for row in rows})
    organisations = Organisation.objects.in_bulk({row.organisation_id for row in rows})
    created = []
    for row in rows:
        data = {
            "reference": row.reference,
            "title": row.title,
            "description": row.description,
            "owner": users[row.owner_id],
            "lead_organisation": organisations[row.organisation_id],
            "start_on": row.start_on,
            "due_on": row.due_on,
            "status": row.status,
            "completed_on": row.completed_on if row.status == Status.COMPLETE else None,
            "requirements": [requirements[pk] for pk in row.requirement_ids],
        }
        try:
            created.append(action_create(notice=notice, by=by, data=data))
        except ReferenceTaken as exc:
            raise ActionRefused(f"Row {row.row}, column Reference: {exc}") from None
    return created


def _check_rows_still_fit(notice: Notice, rows: list[PlanRow]) -> None:
    """Between preview and confirm someone may have removed a member or organisation."""
    requirement_ids = set(Requirement.objects.filter(measure__notice=notice).values_list("pk", flat=True))
    member_ids = set(notice.memberships.values_list("user_id", flat=True))
    organisation_ids = set(notice.organisations.values_list("pk", flat=True))
    for row in rows:
        if not set(row.requirement_ids) <= requirement_ids:
            raise ActionRefused(f"Row {row.row}: a requirement it names is no longer in this notice.")
        if row.owner_id not in member_ids:
            raise ActionRefused(f"Row {row.row}, column Owner: the owner is no longer a member of this notice.")
        if row.organisation_id not in organisation_ids:
            raise ActionRefused(f"Row {row.row}, column Organisation: the organisation is no longer in this notice.")
