"""The API's reads: which records a caller may see, in a fixed number of queries, by the pages' own rules.

Who may read what is decided by the same code as the pages: `measures.access` (a notice the caller
is not a member of answers 404), `evidence.access` (restricted evidence only for the submitter's
organisation, the Chair and administrators, never observers), `reports.access` (issued reports for
every member). Ratings, counts and next dates come from the notice's position
(`progress.position`), never worked out here. "Changed since" reads the records' history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from actions.models import Action, ActionUpdate
from evidence.access import visibility_filter
from evidence.models import EvidenceItem, EvidenceRevision
from indicators.models import Indicator
from measures.access import NoticeAccess, get_notice_access
from measures.models import Duty, Measure, Membership, Notice, Requirement
from notice_tracker.lib import clock
from progress.models import DutyCompletion
from progress.position import NoticePosition, current_position
from reports.models import Report


def accesses(user: User) -> dict[int, NoticeAccess]:
    """Every notice the caller is a member of, as the pages see it (one query)."""
    found: dict[int, NoticeAccess] = {}
    for membership in (
        Membership.objects.select_related("notice__authority", "organisation")
        .filter(user=user, user__is_active=True)
        .order_by("notice_id", "pk")
    ):
        found.setdefault(membership.notice_id, NoticeAccess(notice=membership.notice, membership=membership))
    return found


def in_scope(user: User, notice: int | None) -> dict[int, NoticeAccess]:
    """The notices a list reads: the one asked for (404 unless a member, as on the pages), or all the caller's."""
    if notice is not None:
        access = get_notice_access(user, notice)
        return {access.notice.pk: access}
    return accesses(user)


class Positions:
    """Each notice's position today, read once a request (progress.position keeps them between requests)."""

    def __init__(self) -> None:
        self._found: dict[int, NoticePosition] = {}

    def __call__(self, notice: Notice) -> NoticePosition:
        if notice.pk not in self._found:
            self._found[notice.pk] = current_position(notice, on=clock.today())
        return self._found[notice.pk]


def aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def changed(model: type[Model], since: datetime, column: str = "id") -> QuerySet[Any]:
    """Ids (or `column`) of the rows of `model` whose history has an entry at or after `since`."""
    history = model.history  # type: ignore[attr-defined]  # django-simple-history's manager
    return history.filter(history_date__gte=aware(since)).values(column)


def person_name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def measures(scope: dict[int, NoticeAccess]) -> QuerySet[Measure]:
    return Measure.objects.filter(notice_id__in=list(scope)).select_related("notice").order_by("notice_id", "position")


def requirements(scope: dict[int, NoticeAccess]) -> QuerySet[Requirement]:
    return (
        Requirement.objects.filter(measure__notice_id__in=list(scope))
        .select_related("measure")
        .order_by("measure__notice_id", "measure__position", "position")
    )


def actions(scope: dict[int, NoticeAccess]) -> QuerySet[Action]:
    return (
        Action.objects.filter(notice_id__in=list(scope))
        .select_related("notice", "owner", "lead_organisation")
        .prefetch_related(
            Prefetch("updates", queryset=ActionUpdate.objects.select_related("author").order_by("-on", "-pk")),
            Prefetch("requirements", queryset=Requirement.objects.only("pk")),
        )
        .order_by("notice_id", "reference", "pk")
    )


def visible_evidence(scope: dict[int, NoticeAccess]) -> QuerySet[EvidenceItem]:
    """The items of these notices each caller may see: evidence.access.visibility_filter, notice by notice."""
    visible = Q(pk__in=[])
    for notice_id, access in scope.items():
        visible |= Q(notice_id=notice_id) & visibility_filter(access)
    return (
        EvidenceItem.objects.filter(visible)
        .select_related("submitted_by", "organisation")
        .prefetch_related(
            Prefetch("revisions", queryset=EvidenceRevision.objects.order_by("number")),
            Prefetch("requirements", queryset=Requirement.objects.only("pk")),
            Prefetch("actions", queryset=Action.objects.only("pk")),
        )
        .order_by("notice_id", "-submitted_at", "-pk")
    )


def indicators(scope: dict[int, NoticeAccess]) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(notice_id__in=list(scope))
        .select_related("notice", "owner_organisation")
        .prefetch_related(Prefetch("requirements", queryset=Requirement.objects.only("pk")))
        .order_by("notice_id", "position", "code")
    )


def duty_rows(scope: dict[int, NoticeAccess], *, since: datetime | None) -> list[dict[str, Any]]:
    """Each duty as the notice's position holds it: the occurrence it is working towards, what is late, what met it."""
    wanted: set[int] | None = None
    if since:
        wanted = set(
            Duty.objects.filter(
                Q(pk__in=changed(Duty, since)) | Q(pk__in=changed(DutyCompletion, since, "duty_id"))
            ).values_list("pk", flat=True)
        )
    positions = Positions()
    rows = []
    for notice_id in sorted(scope):
        position = positions(scope[notice_id].notice)
        for duty_position in position.duties:
            duty = duty_position.duty
            if wanted is not None and duty.pk not in wanted:
                continue
            rows.append(
                {
                    "id": duty.pk,
                    "notice": notice_id,
                    "code": duty.code,
                    "title": duty.title,
                    "section": duty.section,
                    "responsible": duty.responsible,
                    "recipient": duty.recipient,
                    "cadence_months": duty.cadence_months,
                    "cadence_weeks": duty.cadence_weeks,
                    "starts_on": duty.starts_on,
                    "next_due_on": duty_position.due_on,
                    "overdue": duty_position.is_overdue,
                    "late_occurrences": duty_position.late,
                    "met_on": duty_position.met_on,
                    "last_met_on": duty_position.last_met_on,
                    "report_occurrences": [
                        {
                            "due_on": row.due_on,
                            "period_start": row.period_start,
                            "period_end": row.period_end,
                            "late": row.is_late,
                            "issued_report": row.issued.pk if row.issued else None,
                        }
                        for row in position.reports
                        if row.duty.pk == duty.pk
                    ],
                }
            )
    return rows


def issued(scope: dict[int, NoticeAccess]) -> QuerySet[Report]:
    return (
        Report.objects.issued()
        .filter(notice_id__in=list(scope))
        .select_related("issued_by", "superseded_by")
        .order_by("notice_id", "-issued_at", "-pk")
    )
