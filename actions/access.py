"""Getting one action for a user: the action, a 404 or a 403.

Built on `get_notice_access`: a non-member gets 404 for the notice and everything under it.
Writing is allowed to the Chair and administrators for any action, and to officers for the
actions they own or that their organisation leads.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from actions.models import Action
from measures.access import NoticeAccess, get_notice_access
from measures.roles import Can


@dataclass(frozen=True)
class ActionAccess:
    """An action as seen by one member of its notice."""

    access: NoticeAccess
    action: Action

    @property
    def notice(self):
        return self.access.notice

    @property
    def membership(self):
        return self.access.membership

    @property
    def can_edit(self) -> bool:
        return can_edit_action(self.access, self.action)


def can_edit_action(access: NoticeAccess, action: Action) -> bool:
    if access.can(Can.EDIT_ANY_ACTION):
        return True
    if not access.can(Can.EDIT_OWN_ACTION):
        return False
    organisation_id = access.membership.organisation_id
    return action.owner_id == access.membership.user_id or (
        organisation_id is not None and action.lead_organisation_id == organisation_id
    )


def get_action_for_user(user: User, notice_pk: int, action_pk: int, *, write: bool = False) -> ActionAccess:
    access = get_notice_access(user, notice_pk)
    action = (
        Action.objects.select_related("owner", "lead_organisation", "rag_override_by", "created_by")
        .filter(notice=access.notice, pk=action_pk)
        .first()
    )
    if action is None:
        raise Http404("No such action in this notice.")
    result = ActionAccess(access=access, action=action)
    if write and not result.can_edit:
        raise PermissionDenied("You can change only the actions you own or your organisation leads.")
    return result
