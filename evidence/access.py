"""Getting an evidence item for a user: the item, a 404 or a 403.

Restricted items (personal data) exist only for the submitter's organisation, the Chair and
administrators: anyone else gets 404, exactly as for an item that does not exist, so they
cannot learn it is there. Observers never see restricted items, whatever their organisation.
"""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from evidence.models import EvidenceItem
from measures.access import NoticeAccess, get_notice_access
from measures.models import Membership
from measures.roles import Can


class EvidenceAccess(NamedTuple):
    access: NoticeAccess
    item: EvidenceItem


def visibility_filter(access: NoticeAccess | None) -> Q:
    """Which items of a notice a member may see. `None` means a published document: no restricted items."""
    if access is None or access.role == Membership.Role.OBSERVER:
        return Q(restricted=False)
    if access.can(Can.SEE_ALL_RESTRICTED):
        return Q()
    visible = Q(restricted=False) | Q(submitted_by_id=access.membership.user_id)
    if access.membership.organisation_id is not None:
        visible |= Q(organisation_id=access.membership.organisation_id)
    return visible


def can_edit(access: NoticeAccess, item: EvidenceItem) -> bool:
    """The submitter's organisation keeps its evidence up to date; administrators can fix anything."""
    if not access.can(Can.SUBMIT_EVIDENCE):
        return False
    if access.can(Can.ADMINISTER) or item.submitted_by_id == access.membership.user_id:
        return True
    return item.organisation_id is not None and item.organisation_id == access.membership.organisation_id


def get_evidence_for_user(
    user: User, notice_pk: int, item_pk: int, *, write: bool = False, need: Can = Can.VIEW
) -> EvidenceAccess:
    access = get_notice_access(user, notice_pk)
    item = (
        EvidenceItem.objects.filter(visibility_filter(access), notice=access.notice, pk=item_pk)
        .select_related("submitted_by", "organisation", "current_revision")
        .first()
    )
    if item is None:
        raise Http404("No such evidence item.")
    item.notice = access.notice
    if write and not can_edit(access, item):
        raise PermissionDenied("Only the submitting organisation or an administrator can change this evidence.")
    if not access.can(need):
        raise PermissionDenied("Your role on this notice does not allow that.")
    return EvidenceAccess(access=access, item=item)
