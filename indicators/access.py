"""Who may read and enter which indicators: built on measures.access, the one permission table.

Officers enter figures only for indicators their own organisation owns; the Chair and the
administrator for all of them (Can.MANAGE_INDICATORS); everyone else on the notice reads.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404

from indicators.models import Indicator
from measures.access import NoticeAccess, get_notice_access
from measures.roles import Can
from notice_tracker.lib.sqlonce import instances_once

# The scope of an officer who belongs to no organisation: no indicator has this owner.
NO_ORGANISATION = 0


def entry_scope(access: NoticeAccess) -> int | None:
    """The organisation whose indicators this member may enter; None means every indicator."""
    if access.can(Can.MANAGE_INDICATORS):
        return None
    return access.membership.organisation_id or NO_ORGANISATION


def can_enter(access: NoticeAccess, indicator: Indicator) -> bool:
    if not access.can(Can.ENTER_INDICATORS):
        return False
    scope = entry_scope(access)
    return scope is None or indicator.owner_organisation_id == scope


def _indicator(notice_pk: int, code: str) -> QuerySet[Indicator]:
    return Indicator.objects.filter(notice_id=notice_pk, code=code).select_related("owner_organisation")[:1]


def get_indicator_access(
    user: User, notice_pk: int, code: str, *, need: Can = Can.VIEW
) -> tuple[NoticeAccess, Indicator]:
    access = get_notice_access(user, notice_pk, need=need)
    found = instances_once("indicators.access.indicator", _indicator, access.notice.pk, code)
    indicator = found[0] if found else None
    if indicator is None:
        raise Http404("No such indicator in this notice.")
    return access, indicator
