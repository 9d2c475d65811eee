"""What each role may do on a notice: the one table every permission check reads."""

from __future__ import annotations

from enum import StrEnum

from measures.models import Membership, Notice

Role = Membership.Role


class Can(StrEnum):
    VIEW = "view"
    CREATE_ACTION = "create_action"
    EDIT_ANY_ACTION = "edit_any_action"
    EDIT_OWN_ACTION = "edit_own_action"  # actions the user owns or their organisation leads
    SUBMIT_EVIDENCE = "submit_evidence"
    REVIEW_EVIDENCE = "review_evidence"
    SEE_ALL_RESTRICTED = "see_all_restricted"  # restricted evidence from every organisation
    ENTER_INDICATORS = "enter_indicators"
    MANAGE_INDICATORS = "manage_indicators"
    RECORD_MEETINGS = "record_meetings"
    WRITE_REPORTS = "write_reports"
    READ_DRAFT_REPORTS = "read_draft_reports"
    READ_ALL_DRAFT_REPORTS = "read_all_draft_reports"  # drafts written by others (the Chair reviews them all)
    WRITE_CHAIR_REPORT = "write_chair_report"  # the 3-monthly report to the Minister and the DfE review pack
    WRITE_LEAD_MEMBER_REPORT = "write_lead_member_report"
    WRITE_MSCB_UPDATE = "write_mscb_update"
    JUDGE_MEASURES = "judge_measures"  # the Chair's own monthly rating of each measure
    RECORD_DUTIES = "record_duties"  # a one-off duty done, with its proof
    ADMINISTER = "administer"
    # Import the revised notice that replaces this one, carrying its plan's work over. A new notice
    # (one replacing none in the system) is imported by a superuser, who becomes its administrator.
    IMPORT_REVISION = "import_revision"


_EVERYONE: set[str] = set(Role)
_WRITERS = _EVERYONE - {Role.OBSERVER}

ROLE_CAPABILITIES: dict[Can, set[str]] = {
    Can.VIEW: _EVERYONE,
    Can.CREATE_ACTION: {Role.OFFICER, Role.CHAIR, Role.ADMINISTRATOR},
    Can.EDIT_ANY_ACTION: {Role.CHAIR, Role.ADMINISTRATOR},
    Can.EDIT_OWN_ACTION: {Role.OFFICER, Role.CHAIR, Role.ADMINISTRATOR},
    Can.SUBMIT_EVIDENCE: _WRITERS,
    Can.REVIEW_EVIDENCE: {Role.CHAIR},
    Can.SEE_ALL_RESTRICTED: {Role.CHAIR, Role.ADMINISTRATOR},
    Can.ENTER_INDICATORS: {Role.OFFICER, Role.CHAIR, Role.ADMINISTRATOR},
    Can.MANAGE_INDICATORS: {Role.CHAIR, Role.ADMINISTRATOR},
    Can.RECORD_MEETINGS: {Role.CHAIR, Role.ADMINISTRATOR},
    Can.WRITE_REPORTS: {Role.CHAIR, Role.LEAD_MEMBER, Role.MSCB_CHAIR},
    Can.READ_DRAFT_REPORTS: {Role.CHAIR, Role.LEAD_MEMBER, Role.MSCB_CHAIR, Role.ADMINISTRATOR},
    Can.READ_ALL_DRAFT_REPORTS: {Role.CHAIR, Role.ADMINISTRATOR},
    Can.WRITE_CHAIR_REPORT: {Role.CHAIR},
    Can.WRITE_LEAD_MEMBER_REPORT: {Role.LEAD_MEMBER},
    Can.WRITE_MSCB_UPDATE: {Role.MSCB_CHAIR},
    Can.JUDGE_MEASURES: {Role.CHAIR},
    Can.RECORD_DUTIES: {Role.CHAIR, Role.ADMINISTRATOR},
    Can.ADMINISTER: {Role.ADMINISTRATOR},
    Can.IMPORT_REVISION: {Role.ADMINISTRATOR},
}


# A lifted notice is read-only: its record stays readable and reportable (the closing report to
# the Minister, drafts finished), and administrators still manage who may read it.
WHILE_LIFTED = {
    Can.VIEW,
    Can.WRITE_REPORTS,
    Can.READ_DRAFT_REPORTS,
    Can.READ_ALL_DRAFT_REPORTS,
    Can.WRITE_CHAIR_REPORT,
    Can.WRITE_LEAD_MEMBER_REPORT,
    Can.WRITE_MSCB_UPDATE,
    Can.ADMINISTER,
}


# A superseded notice is read-only the same way: its work carried on under the revised notice,
# it stays readable and its issued reports downloadable; drafts begun before may still be finished.
WHILE_SUPERSEDED = WHILE_LIFTED

# What each state other than active still allows (an active notice allows its role table whole).
WHILE_NOT_ACTIVE: dict[str, set[Can]] = {
    Notice.Status.LIFTED: WHILE_LIFTED,
    Notice.Status.SUPERSEDED: WHILE_SUPERSEDED,
}


def may_be_evidence_reviewer(role: str) -> bool:
    """Whether the administrator may let someone in this role review evidence: observers never write."""
    return role in _WRITERS


def membership_can(membership: Membership | None, capability: Can) -> bool:
    if membership is None:
        return False
    status = membership.notice.status
    if status != Notice.Status.ACTIVE and capability not in WHILE_NOT_ACTIVE[status]:
        return False
    if (
        capability is Can.REVIEW_EVIDENCE
        and membership.can_review_evidence
        and may_be_evidence_reviewer(membership.role)
    ):
        return True
    return membership.role in ROLE_CAPABILITIES[capability]
