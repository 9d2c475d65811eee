"""Getting a notice (and what hangs off it) for a user: the object, a 404 or a 403.

A user who is not a member of a notice gets 404, so outsiders cannot even learn which
notices exist; a member whose role lacks the right gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from measures.models import Membership, Notice
from measures.roles import Can, membership_can
from notice_tracker.lib.sqlonce import instances_once


@dataclass(frozen=True)
class NoticeAccess:
    """A notice as seen by one member: carried through views and templates."""

    notice: Notice
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    def can(self, capability: Can | str) -> bool:
        return membership_can(self.membership, Can(capability))


def notices_for_user(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(memberships__user=user).select_related("authority").distinct()


def _membership(user_id: int, notice_pk: int) -> QuerySet[Membership]:
    """The user's membership of the notice (while the user is active), with the notice and organisation."""
    return (
        Membership.objects.select_related("notice__authority", "organisation")
        .defer("notice__source_text")  # the notice as published, tens of KB; no page shows it
        .filter(user_id=user_id, notice_id=notice_pk, user__is_active=True)
        .order_by("pk")[:1]
    )


def get_notice_access(user: User, notice_pk: int, *, need: Can = Can.VIEW) -> NoticeAccess:
    found = instances_once("measures.access.membership", _membership, user.pk, int(notice_pk))
    membership = found[0] if found else None
    if membership is None:
        raise Http404("No notice found.")
    if not membership_can(membership, need):
        raise PermissionDenied("Your role on this notice does not allow that.")
    return NoticeAccess(notice=membership.notice, membership=membership)
