"""Getting an evidence item for a user: the item, a 404 or a 403.

Restricted items (personal data) exist only for the submitter's organisation, the Chair and
administrators: anyone else gets 404, exactly as for an item that does not exist, so they
cannot learn it is there. Observers never see restricted items, whatever their organisation.

Each file version has its own visibility too: an earlier version, which may hold what a later
one redacts, is kept restricted (to the same people) when the item is opened, or withdrawn from
everyone; and the item's history shows restricted-era titles and text only to those people.
"""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from evidence.models import EvidenceItem, EvidenceRevision
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


def sees_restricted(access: NoticeAccess | None, item: EvidenceItem) -> bool:
    """Whether the member may see the item when restricted: what it holds, or held, under restriction.

    The same people `visibility_filter` lets see a restricted item, for one item in hand.
    """
    if access is None or access.role == Membership.Role.OBSERVER:
        return False
    if access.can(Can.SEE_ALL_RESTRICTED) or item.submitted_by_id == access.membership.user_id:
        return True
    return access.membership.organisation_id is not None and item.organisation_id == access.membership.organisation_id


def revision_listed(access: NoticeAccess, item: EvidenceItem, revision: EvidenceRevision) -> bool:
    """Whether the member sees that the version exists (its name, size, checksum)."""
    return revision.visibility == EvidenceRevision.Visibility.ITEM or sees_restricted(access, item)


def revision_downloadable(access: NoticeAccess, item: EvidenceItem, revision: EvidenceRevision) -> bool:
    """A withdrawn version is downloaded by nobody; a restricted one only by who sees restricted items."""
    return revision.visibility != EvidenceRevision.Visibility.WITHDRAWN and revision_listed(access, item, revision)


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
