"""A revised notice takes over the improvement plan: each action moves to it, linked to the new
requirements its old ones became (measures.importing registers this; actions.apps loads it)."""

from __future__ import annotations

from actions.models import Action
from measures.importing import Revision, register_carry_over
from notice_tracker.lib.history import set_history_user


@register_carry_over
def actions_carry_over(revision: Revision) -> None:
    for action in Action.objects.select_for_update().filter(notice=revision.old).prefetch_related("requirements"):
        set_history_user(action, revision.by)
        # Links set quietly, then the one save records the move and the links together (as actions.services does).
        action.skip_history_when_saving = True  # type: ignore[attr-defined]  # simple-history's switch
        action.requirements.set(revision.new_requirements([r.pk for r in action.requirements.all()]))
        del action.skip_history_when_saving  # type: ignore[attr-defined]
        action.notice = revision.new
        action.lead_organisation = revision.organisations[action.lead_organisation_id]
        action.version += 1
        action.save()
