"""Getting a statutory report for a user: the report, a 404 or a 403.

Issued reports are for every member of the notice, DfE observers included. A draft exists
only for its author, the Chair and administrators (Can.READ_ALL_DRAFT_REPORTS): anyone else
gets 404, exactly as for a report that does not exist, so they cannot learn it is there.
Writing is for the role the notice gives the report to: the Chair writes the report to the
Minister and the review pack, the Lead Member theirs, the MSCB Chair the MSCB update.
"""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from measures.access import NoticeAccess, get_notice_access
from measures.roles import Can
from reports.models import Report

Kind = Report.Kind

WRITER: dict[str, Can] = {
    Kind.CHAIR: Can.WRITE_CHAIR_REPORT,
    Kind.REVIEW_PACK: Can.WRITE_CHAIR_REPORT,
    Kind.LEAD_MEMBER: Can.WRITE_LEAD_MEMBER_REPORT,
    Kind.MSCB: Can.WRITE_MSCB_UPDATE,
}


class ReportAccess(NamedTuple):
    access: NoticeAccess
    report: Report


def can_write(access: NoticeAccess, kind: str) -> bool:
    return access.can(WRITER[kind])


def writable_kinds(access: NoticeAccess) -> list[tuple[str, str]]:
    return [(kind.value, kind.label) for kind in Kind if can_write(access, kind)]


def report_visibility(access: NoticeAccess) -> Q:
    """Which of a notice's reports a member may see: issued ones, and drafts as above."""
    if access.can(Can.READ_ALL_DRAFT_REPORTS):
        return Q()
    return Q(status=Report.Status.ISSUED) | Q(author_id=access.membership.user_id)


def get_report_for_user(user: User, notice_pk: int, report_pk: int, *, write: bool = False) -> ReportAccess:
    """`write=True`: the user must hold the writing role for the report's kind (else 403)."""
    access = get_notice_access(user, notice_pk)
    report = (
        Report.objects.filter(report_visibility(access), notice=access.notice, pk=report_pk)
        .select_related("author", "issued_by", "supersedes", "superseded_by")
        .first()
    )
    if report is None:
        raise Http404("No such report.")
    report.notice = access.notice
    if write and not can_write(access, report.kind):
        raise PermissionDenied("Your role on this notice does not write this report.")
    return ReportAccess(access=access, report=report)
