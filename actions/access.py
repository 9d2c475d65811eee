"""Getting one action for a user: the action, a 404 or a 403.

Built on `get_notice_access`: a non-member gets 404 for the notice and everything under it.
Writing is allowed to the Chair and administrators for any action, and to officers for the
actions they own or that their organisation leads.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from actions.models import Action
from measures.access import NoticeAccess, get_notice_access
from measures.roles import Can
from notice_tracker.lib.sqlonce import instances_once


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


def _action(notice_pk: int, action_pk: int) -> QuerySet[Action]:
    return Action.objects.select_related("owner", "lead_organisation", "rag_override_by", "created_by").filter(
        notice_id=notice_pk, pk=action_pk
    )[:1]


def get_action_for_user(user: User, notice_pk: int, action_pk: int, *, write: bool = False) -> ActionAccess:
    access = get_notice_access(user, notice_pk)
    found = instances_once("actions.access.action", _action, access.notice.pk, int(action_pk))
    action = found[0] if found else None
    if action is None:
        raise Http404("No such action in this notice.")
    result = ActionAccess(access=access, action=action)
    if write and not result.can_edit:
        raise PermissionDenied("You can change only the actions you own or your organisation leads.")
    return result
