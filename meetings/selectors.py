"""Reads for Board meetings: the monthly-cadence check the dashboard and reports show, the list,
the detail page and its history — each in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from measures.models import Notice
from actions.models import Action
from actions.rules import action_rag
from notice_tracker.lib.history import Change, HistoryEntry, group_writes
from meetings.cadence import MeetingGap, meeting_gaps, next_meeting_due
from meetings.models import BoardMeeting, BoardMeetingAttendance

__all__ = ["BoardCadence", "MeetingGap", "board_cadence", "meeting_rows", "meeting_detail", "meeting_history"]


@dataclass(frozen=True)
class BoardCadence:
    meetings_held: int
    last_held_on: date | None
    next_due_on: date
    is_overdue: bool
    gaps: list[MeetingGap]
    dfe_attended: int


def board_cadence(notice: Notice, *, on: date) -> BoardCadence:
    """How well the Board has kept to "at least monthly" up to `on` (one query).

    Only meetings held on or before `on` and on or after the notice's issue date count.
    """
    rows = list(
        BoardMeeting.objects.filter(notice=notice, held_on__gte=notice.issued_on, held_on__lte=on)
        .order_by("held_on")
        .values_list("held_on", "dfe_attended")
    )
    held = [held_on for held_on, _ in rows]
    last = held[-1] if held else None
    next_due = next_meeting_due(issued_on=notice.issued_on, last_held_on=last)
    return BoardCadence(
        meetings_held=len(held),
        last_held_on=last,
        next_due_on=next_due,
        is_overdue=next_due < on,
        gaps=meeting_gaps(held, issued_on=notice.issued_on, on=on),
        dfe_attended=sum(1 for _, attended in rows if attended),
    )


def meeting_rows(notice: Notice) -> list[BoardMeeting]:
    """The notice's meetings, newest first, each with `attendee_count` and `action_count` (one query)."""
    return list(
        BoardMeeting.objects.filter(notice=notice)
        .annotate(
            attendee_count=Count("attendances", distinct=True),
            action_count=Count("actions_arising", distinct=True),
        )
        .order_by("-held_on")
    )


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
_HIDDEN = {"version", "updated_at", "minutes_file", "minutes_content_type", "minutes_size", "minutes_sha256", "actions_arising"}


def meeting_history(meeting: BoardMeeting) -> list[HistoryEntry]:
    """Who changed the record and when, newest first: its fields, actions arising and attendees.

    Four queries however long the history: the meeting's rows, the actions-arising links'
    history, the references of those actions, and the attendance rows' history.
    """
    records = list(meeting.history.select_related("history_user").order_by("-history_date", "-history_id"))
    links = _linked_actions(records)
    references = dict(Action.objects.filter(pk__in=set().union(set(), *links.values())).values_list("pk", "reference"))
    attendance = _attendance_changes(meeting, records)
    writes = group_writes(records)
    entries: list[HistoryEntry] = []
    for (newer, kind), older in zip(writes, [w[0] for w in writes[1:]] + [None]):
        changes = []
        if kind != "+" and older is not None:
            changes = _changes(newer, older, links, references) + attendance.get(newer.version, [])
            if not changes:
                continue  # a save that only moved bookkeeping fields
        entries.append(HistoryEntry(when=newer.history_date, who=_who(newer), kind=_KIND[kind], changes=changes))
    return entries


_KIND = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _who(record) -> str:
    user = record.history_user
    return (user.get_full_name() or user.username) if user else "System"


def _linked_actions(records: list) -> dict[int, set[int]]:
    linked: dict[int, set[int]] = {r.history_id: set() for r in records}
    if records:
        through = records[0].__class__.actions_arising.model
        for history_id, action_id in through.objects.filter(history_id__in=linked).values_list("history_id", "action_id"):
            linked[history_id].add(action_id)
    return linked


def _attendance_changes(meeting: BoardMeeting, records: list) -> dict[int, list[Change]]:
    """Attendees added or removed, keyed by the meeting version whose write made the change.

    An attendance row's history carries no meeting version; the rows are written in the same
    service call just after the meeting is saved, so each belongs to the latest meeting row
    saved at or before it.
    """
    saved = sorted((r.history_date, r.version) for r in records)
    rows = BoardMeetingAttendance.history.filter(meeting_id=meeting.pk).exclude(history_type="~").order_by("history_date")
    changes: dict[int, list[Change]] = {}
    for row in rows:
        version = next((v for when, v in reversed(saved) if when <= row.history_date), 1)
        added = row.history_type == "+"
        changes.setdefault(version, []).append(
            Change(field="Attendee", old="—" if added else row.name, new=row.name if added else "—")
        )
    return changes


def _changes(newer, older, links: dict[int, set[int]], references: dict[int, str]) -> list[Change]:
    delta = newer.diff_against(older, excluded_fields=_HIDDEN)
    changes = [Change(field=_label(c.field), old=_show(c.old), new=_show(c.new)) for c in delta.changes]
    before, after = links.get(older.history_id, set()), links.get(newer.history_id, set())
    if before != after:
        names = lambda ids: ", ".join(sorted(references.get(i, "?") for i in ids)) or "—"  # noqa: E731
        changes.append(Change(field="Actions arising", old=names(before), new=names(after)))
    return changes


def _label(field_name: str) -> str:
    return str(BoardMeeting._meta.get_field(field_name).verbose_name).capitalize()


def _show(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "strftime"):
        return f"{value.day} {value:%B %Y}"
    return str(value)
