"""Reads for Board meetings: the monthly-cadence check the dashboard and reports show, the list,
the detail page and its history — each in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.core.paginator import Page
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from actions.models import Action
from actions.rules import action_rag
from measures.models import Notice
from meetings.cadence import MeetingGap, meeting_gaps, next_meeting_due
from meetings.models import BoardMeeting, BoardMeetingAttendance, DfeReview
from notice_tracker.lib.historydiff import Change, HistoryEntry, diff_history, linked_ids, record_history
from notice_tracker.lib.pagination import get_page

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _MeetingCounts(TypedDict):
    attendee_count: int
    action_count: int


__all__ = [
    "BoardCadence",
    "MeetingGap",
    "board_cadence",
    "meeting_rows",
    "meeting_page",
    "meeting_detail",
    "meeting_history",
    "last_review_on",
    "review_history",
    "review_rows",
]


@dataclass(frozen=True)
class BoardCadence:
    meetings_held: int
    last_held_on: date | None
    next_due_on: date
    is_overdue: bool
    gaps: list[MeetingGap]
    dfe_attended: int
    # The last meeting at which the Council presented its monthly progress report (notice section 12).
    last_council_report_on: date | None = None


def board_cadence(notice: Notice, *, on: date) -> BoardCadence:
    """How well the Board has kept to "at least monthly" up to `on` (one query).

    Only meetings held on or before `on` and on or after the notice's issue date count.
    """
    rows = list(
        BoardMeeting.objects.filter(notice=notice, held_on__gte=notice.issued_on, held_on__lte=on)
        .order_by("held_on")
        .values_list("held_on", "dfe_attended", "council_report_received")
    )
    held = [held_on for held_on, _, _ in rows]
    last = held[-1] if held else None
    next_due = next_meeting_due(issued_on=notice.issued_on, last_held_on=last)
    return BoardCadence(
        meetings_held=len(held),
        last_held_on=last,
        next_due_on=next_due,
        is_overdue=next_due < on,
        gaps=meeting_gaps(held, issued_on=notice.issued_on, on=on),
        dfe_attended=sum(1 for _, attended, _ in rows if attended),
        last_council_report_on=max((held_on for held_on, _, received in rows if received), default=None),
    )


def meeting_rows(notice: Notice) -> list[WithAnnotations[BoardMeeting, _MeetingCounts]]:
    """The notice's meetings, newest first, each with `attendee_count` and `action_count` (one query)."""
    return list(
        BoardMeeting.objects.filter(notice=notice)
        .annotate(
            attendee_count=Count("attendances", distinct=True),
            action_count=Count("actions_arising", distinct=True),
        )
        .order_by("-held_on")
    )


MEETINGS_PAGE_SIZE = 25


def meeting_page(notice: Notice, number: str | None) -> Page:
    """One page of the notice's meetings, newest first, each with `attendee_count` and `action_count`.

    Two queries (the pager's count, the page): the counts are worked out for the page's rows only.
    """
    attendees = (
        BoardMeetingAttendance.objects.filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Arising = BoardMeeting.actions_arising.through
    actions = (
        Arising.objects.filter(boardmeeting=OuterRef("pk"))
        .order_by()
        .values("boardmeeting")
        .annotate(n=Count("pk"))
        .values("n")  # type: ignore[misc]  # the stubs plugin misses annotations on an m2m through model
    )
    meetings = (
        BoardMeeting.objects.filter(notice=notice)
        .annotate(attendee_count=Coalesce(Subquery(attendees), 0), action_count=Coalesce(Subquery(actions), 0))
        .order_by("-held_on", "-pk")
    )
    page = get_page(meetings, number, per_page=MEETINGS_PAGE_SIZE)
    page.object_list = list(page.object_list)
    return page


@dataclass(frozen=True)
class ActionArising:
    action: Action
    rag: str


@dataclass(frozen=True)
class MeetingDetail:
    meeting: BoardMeeting
    members: list[BoardMeetingAttendance]
    others: list[BoardMeetingAttendance]
    actions: list[ActionArising]
    history: list[HistoryEntry]


def meeting_detail(meeting: BoardMeeting, *, on: date) -> MeetingDetail:
    """Everything the detail page shows, in a fixed number of queries (history included)."""
    attendances = list(meeting.attendances.select_related("organisation").order_by("name"))
    actions = list(meeting.actions_arising.select_related("owner").order_by("reference"))
    return MeetingDetail(
        meeting=meeting,
        members=[a for a in attendances if a.user_id],
        others=[a for a in attendances if not a.user_id],
        actions=[ActionArising(action=a, rag=action_rag(a, on=on)) for a in actions],
        history=meeting_history(meeting),
    )


# Bookkeeping fields whose changes say nothing a reader needs; the file's facts are shown as one change.
_HIDDEN = {"version", "updated_at", "minutes_file", "minutes_content_type", "minutes_size", "minutes_sha256"}


def meeting_history(meeting: BoardMeeting) -> list[HistoryEntry]:
    """Who changed the record and when, newest first: its fields, actions arising and attendees.

    Four queries however long the history: the meeting's rows, the actions-arising links'
    history, the references of those actions, and the attendance rows' history.
    """
    records = list(meeting.history.select_related("history_user"))
    links = linked_ids(BoardMeeting.history.model, "actions_arising", "action_id", [r.history_id for r in records])
    references = dict(Action.objects.filter(pk__in=set().union(set(), *links.values())).values_list("pk", "reference"))
    return diff_history(
        records,
        hidden=_HIDDEN,
        labels={"actions_arising": "Actions arising"},
        names={"actions_arising": references},
        links={"actions_arising": links},
        group_writes=True,
        extra=_attendance_changes(meeting, records),
    )


def _attendance_changes(meeting: BoardMeeting, records: list) -> dict[int, list[Change]]:
    """Attendees added or removed, keyed by the meeting version whose write made the change.

    An attendance row's history carries no meeting version; the rows are written in the same
    service call just after the meeting is saved, so each belongs to the latest meeting row
    saved at or before it.
    """
    saved = sorted((r.history_date, r.version) for r in records)
    rows = (
        BoardMeetingAttendance.history.filter(meeting_id=meeting.pk).exclude(history_type="~").order_by("history_date")
    )
    changes: dict[int, list[Change]] = {}
    for row in rows:
        version = next((v for when, v in reversed(saved) if when <= row.history_date), 1)
        added = row.history_type == "+"
        changes.setdefault(version, []).append(
            Change(field="Attendee", old="—" if added else row.name, new=row.name if added else "—")
        )
    return changes


def review_rows(notice: Notice) -> list[DfeReview]:
    """The notice's DfE reviews, newest first (one query)."""
    return list(DfeReview.objects.filter(notice=notice).order_by("-held_on"))


def last_review_on(notice: Notice, *, on: date) -> date | None:
    """The date of the latest DfE review held by `on` (one query)."""
    return (
        DfeReview.objects.filter(notice=notice, held_on__lte=on)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )


def review_history(review: DfeReview) -> list[HistoryEntry]:
    """Who changed the review's record and when, newest first."""
    return record_history(review, fields=["held_on", "attendees", "outcome", "summary"])
