"""Reads for the dashboards beyond the roll-up, each in a fixed number of queries: the review queue,
the portfolio, the measure page's panels and the judgements' history.

The rating history table is in dashboards/rag_history.py, "since you last looked" in
dashboards/changes.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import User
from django.db.models import Count

from actions.models import Action
from evidence.access import visibility_filter
from evidence.models import EvidenceItem
from measures.access import NoticeAccess
from measures.models import Measure, Membership, Notice
from notice_tracker.lib.fasturls import detail_url
from notice_tracker.lib.historydiff import HistoryEntry, diff_history, record_history
from progress.models import DutyCompletion, MeasureJudgement
from progress.position import DutyPosition, NoticePosition, current_positions

REVIEW_LIST = 8


# ---------------------------------------------------------- awaiting review


@dataclass(frozen=True)
class AwaitingItem:
    title: str
    submitted_at: datetime
    organisation: str
    url: str


@dataclass
class AwaitingReview:
    items: list[AwaitingItem]  # how many wait is the position's `awaiting_review`, the same on every page


def evidence_awaiting_review(access: NoticeAccess, *, limit: int = REVIEW_LIST) -> AwaitingReview:
    """The first `limit` submitted items the member may see, oldest submission first (they have waited longest).

    One query, read in order from the index `evidence_awaiting_oldest`: it stops at `limit`, however long
    the queue.
    """
    waiting = EvidenceItem.objects.filter(
        visibility_filter(access), notice=access.notice, review_status=EvidenceItem.Status.SUBMITTED
    )
    rows = list(
        waiting.order_by("submitted_at", "pk").values("pk", "title", "submitted_at", "organisation__name")[:limit]
    )
    items = [
        AwaitingItem(
            title=r["title"],
            submitted_at=r["submitted_at"],
            organisation=r["organisation__name"] or "",
            url=detail_url("evidence:item-detail", access.notice.pk, r["pk"]),
        )
        for r in rows
    ]
    return AwaitingReview(items=items)


# --------------------------------------------------------------- portfolio


@dataclass
class PortfolioRow:
    notice: Notice
    role: str
    position: NoticePosition

    @property
    def overdue(self) -> int:
        return self.position.rollup.action_counts.overdue

    @property
    def next_duty(self) -> DutyPosition | None:
        return self.position.next_duty


def portfolio_rows(user: User, *, on: date) -> list[PortfolioRow]:
    """One row per notice the user belongs to, each with the notice's current position.

    Positions come from `progress.position.current_position`: stored when nothing they read
    has changed, worked out here otherwise, so the portfolio never waits for a dashboard visit.
    """
    memberships = list(
        Membership.objects.filter(user=user, user__is_active=True)
        .select_related("notice__authority")
        .order_by("notice__authority__name", "-notice__issued_on")
    )
    positions = current_positions([m.notice for m in memberships], on=on)
    return [
        PortfolioRow(notice=m.notice, role=m.get_role_display(), position=positions[m.notice_id]) for m in memberships
    ]


@dataclass(frozen=True)
class SystemRow:
    notice: Notice
    members: int
    administrators: list[str]
    position: NoticePosition


def system_rows(*, on: date) -> list[SystemRow]:
    """Every notice in the system, for a superuser: who administers it, how many take part, where it stands.

    Three queries, plus the positions (one when they are stored).
    """
    notices: list[Notice] = list(
        Notice.objects.select_related("authority")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("authority__name", "-issued_on")
    )
    administrators: dict[int, list[str]] = {}
    for membership in (
        Membership.objects.filter(role=Membership.Role.ADMINISTRATOR, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    ):
        user = membership.user
        administrators.setdefault(membership.notice_id, []).append(
            f"{user.get_full_name() or user.username} <{user.email}>"
            if user.email
            else user.get_full_name() or user.username
        )
    positions = current_positions(notices, on=on)
    return [
        SystemRow(
            notice=notice,
            members=notice.member_count,  # type: ignore[attr-defined]  # annotated above
            administrators=administrators.get(notice.pk, []),
            position=positions[notice.pk],
        )
        for notice in notices
    ]


# ------------------------------------------------------------ measure page


@dataclass
class RequirementPanel:
    requirement: object
    actions: list
    qualitative: list
    quantitative: list
    indicators: list


def measure_panels(access: NoticeAccess, measure: Measure, position: NoticePosition) -> list[RequirementPanel]:
    """The measure's requirements, each with its actions and indicators as the position has them, and
    the accepted evidence the member may see. Two queries."""
    requirements = list(measure.requirements.all())  # prefetched by measure_with_requirements
    actions = {row.pk: row for row in position.actions}
    action_links = Action.requirements.through.objects.filter(requirement__measure=measure).values_list(
        "requirement_id", "action_id"
    )
    by_requirement: dict[int, list] = {}
    for requirement_id, action_id in action_links:
        if action_id in actions:
            by_requirement.setdefault(requirement_id, []).append(actions[action_id])
    accepted = EvidenceItem.objects.accepted().filter(visibility_filter(access), notice=access.notice)
    evidence: dict[tuple[int, str], list] = {}
    links = (
        EvidenceItem.requirements.through.objects.filter(
            requirement__measure=measure, evidenceitem__in=accepted.values("pk")
        )
        .select_related("evidenceitem")
        .order_by("-evidenceitem__covers_from", "-evidenceitem_id")
    )
    for link in links:
        evidence.setdefault((link.requirement_id, link.evidenceitem.nature), []).append(link.evidenceitem)
    indicators: dict[int, list] = {}
    for row in position.indicators:
        for requirement in row.indicator.requirements.all():
            if requirement.measure_id == measure.pk:
                indicators.setdefault(requirement.pk, []).append(row)
    return [
        RequirementPanel(
            requirement=r,
            actions=sorted(by_requirement.get(r.pk, []), key=lambda a: a.due_on),
            qualitative=evidence.get((r.pk, EvidenceItem.Nature.QUALITATIVE), []),
            quantitative=evidence.get((r.pk, EvidenceItem.Nature.QUANTITATIVE), []),
            indicators=indicators.get(r.pk, []),
        )
        for r in requirements
    ]


# ---------------------------------------------------------------- judgements

JUDGEMENT_FIELDS = ["month", "rag", "sentence"]


def judgement_for(measure: Measure, *, month: date) -> MeasureJudgement | None:
    return MeasureJudgement.objects.filter(measure=measure, month=month).first()


def judgement_record_history(judgement: MeasureJudgement) -> list[HistoryEntry]:
    """One judgement's history (the conflict page's "what the other person changed")."""
    return record_history(judgement, fields=JUDGEMENT_FIELDS)


def judgement_history(measure: Measure, *, limit: int = 24) -> list[HistoryEntry]:
    """Every judgement of the measure and every revision of one, newest first. One query."""
    rows = MeasureJudgement.history.filter(measure_id=measure.pk).select_related("history_user")
    return diff_history(
        rows.order_by("-history_date", "-history_id")[: limit + 1],
        fields=JUDGEMENT_FIELDS,
        created_changes=True,
    )[:limit]


def duty_completion_history(completion: DutyCompletion) -> list[HistoryEntry]:
    """One duty's record of being done (the conflict page's "what the other person changed")."""
    return record_history(completion, fields=["done_on", "evidence", "report", "meeting", "letter_name", "note"])
