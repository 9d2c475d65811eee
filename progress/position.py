"""Where a notice stands on a date: the one source every page, digest, snapshot and report reads.

`notice_position(notice, on=day)` answers, as things were on `day`:
- each action's status, progress and RAG (rewound to `day` when it is in the past);
- the indicators, with the figures for periods that had ended by `day`, assessed once;
- the roll-up: each measure's rating with its reasons, the overall rating, the counts;
- each duty's open occurrence: the earliest one not yet met, matched to what fulfils it
  (Board meetings held, reports issued for the period, a one-off duty recorded as done);
- the statutory reports called for, issued, late and next.

Nothing else computes a rating, a count or a next date: pages format what this returns. The
rating counts only evidence that may be published (not restricted), so it reads the same to
every member and in every report: a rating the Minister reads must rest on evidence that can
be put in front of the Minister.

The whole position is plain data, kept in Django's cache under a key that moves whenever any
record it reads changes (`data_mark`), so a page reads it in one cheap query when nothing
changed, and never reads a stale one.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, Q, Subquery

from actions.models import Action, ActionUpdate
from actions.selectors import ActionRow
from evidence.models import EvidenceItem, EvidenceReview
from indicators.models import Indicator, IndicatorValue
from indicators.selectors import IndicatorRow, indicator_rows
from measures.duties import due_after_last, next_due_date
from measures.models import Duty, Measure, Notice, Requirement
from meetings.models import BoardMeeting, DfeReview
from meetings.selectors import BoardCadence, board_cadence, last_review_on
from notice_tracker.lib import clock
from notice_tracker.lib.dates import last_month_end
from notice_tracker.lib.fragments import forget_fragments
from progress.models import DutyCompletion, MeasureJudgement
from progress.selectors import NoticeRollup, actions_as_at, latest_judgements, measure_rollups
from reports.models import Report
from reports.schedule import DUTY_KINDS, ScheduleRow, report_schedule

CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class DutyPosition:
    """A duty as it stands on `on`: the occurrence it is working towards, and whether that is late."""

    duty: Duty
    due_on: date | None  # None: met (a one-off duty done) or no date set
    on: date
    met_on: date | None = None
    late: int = 0  # occurrences whose date has passed with nothing to fulfil them
    last_met_on: date | None = None  # a recurring duty met by events: the last time it was

    @property
    def title(self) -> str:
        return self.duty.title

    @property
    def days_left(self) -> int | None:
        return (self.due_on - self.on).days if self.due_on else None

    @property
    def is_overdue(self) -> bool:
        return self.due_on is not None and self.due_on < self.on

    @property
    def is_met(self) -> bool:
        return self.met_on is not None

    @property
    def is_open(self) -> bool:
        return self.due_on is not None


@dataclass
class NoticePosition:
    notice_id: int
    on: date
    rollup: NoticeRollup
    actions: list[ActionRow]  # every action counted on `on` (not yet started ones left out), cancelled included
    indicators: list[IndicatorRow]
    board: BoardCadence
    duties: list[DutyPosition]
    reports: list[ScheduleRow]
    deadline: date | None
    awaiting_review: int  # submitted evidence items waiting for a decision (titles are listed by whom may see them)

    @property
    def overall_rag(self) -> str:
        return self.rollup.overall_rag

    @property
    def failing_indicators(self) -> list:
        return self.rollup.failing_indicators

    @property
    def open_duties(self) -> list[DutyPosition]:
        return sorted((d for d in self.duties if d.is_open), key=lambda d: (d.due_on, d.duty.position))

    @property
    def next_duty(self) -> DutyPosition | None:
        """The duty that falls due first, a late one before any other."""
        return next(iter(self.open_duties), None)

    @property
    def done_duties(self) -> list[DutyPosition]:
        """One-off duties met by `on`, the latest first."""
        return sorted((d for d in self.duties if d.met_on), key=lambda d: d.met_on or self.on, reverse=True)

    @property
    def late_duties(self) -> list[DutyPosition]:
        return [d for d in self.open_duties if d.is_overdue]

    @property
    def next_board_meeting(self) -> date:
        return self.board.next_due_on

    @property
    def board_days(self) -> int:
        return (self.board.next_due_on - self.on).days

    @property
    def duties_besides_board(self) -> list[DutyPosition]:
        """The duties other than the Board's monthly meeting, which pages show from `board` whether or not a duty records it."""
        return [d for d in self.duties if d.duty.code != Duty.Code.BOARD_MEETING]

    @property
    def late_reports(self) -> list[ScheduleRow]:
        return [row for row in self.reports if row.is_late]

    @property
    def next_report(self) -> ScheduleRow | None:
        """The earliest report not yet issued whose date has not passed."""
        return min((row for row in self.reports if row.is_upcoming), key=lambda row: row.due_on, default=None)

    @property
    def deadline_days(self) -> int | None:
        return (self.deadline - self.on).days if self.deadline else None

    def duty(self, code: str) -> DutyPosition | None:
        return next((d for d in self.duties if d.duty.code == code), None)


# ------------------------------------------------------------------ duties

# Recurring duties met by an event rather than a report: the DfE review by a review recorded (the
# Chair's review pack for it is a report the schedule tracks on its own); the Council's monthly
# progress report by a Board meeting at which it was presented.
MET_BY_EVENTS = {Duty.Code.DFE_REVIEW, Duty.Code.PLAN_PROGRESS_REPORT}


def duty_positions(
    duties: list[Duty],
    *,
    on: date,
    board: BoardCadence,
    reports: list[ScheduleRow],
    events: dict[str, date | None] | None = None,
) -> list[DutyPosition]:
    """Each duty's open occurrence, matched to what fulfils it. No queries.

    `events` gives, for each duty met by events (MET_BY_EVENTS), the last day it was met by `on`.
    """
    events = events or {}
    positions = []
    for duty in duties:
        if duty.code == Duty.Code.BOARD_MEETING:
            # The Board meets at least monthly: the next meeting is due a month after the last one held.
            positions.append(
                DutyPosition(
                    duty=duty, due_on=board.next_due_on, on=on, late=len([g for g in board.gaps if g.before is None])
                )
            )
        elif duty.code in MET_BY_EVENTS and duty.is_recurring:
            # Met by what happens: a DfE review held, the Council's report presented at a Board meeting.
            last = events.get(duty.code)
            due = due_after_last(duty, last_met_on=last)
            positions.append(DutyPosition(duty=duty, due_on=due, on=on, last_met_on=last, late=1 if due < on else 0))
        elif duty.code in DUTY_KINDS and duty.is_recurring:  # the schedule's report duties (reports.schedule)
            rows = [row for row in reports if row.duty.pk == duty.pk]
            unmet = [row for row in rows if row.issued is None]
            first = min(unmet, key=lambda row: row.due_on, default=None)
            positions.append(
                DutyPosition(
                    duty=duty,
                    due_on=first.due_on if first else next_due_date(duty, on=on),
                    on=on,
                    late=sum(1 for row in unmet if row.is_late),
                )
            )
        elif not duty.is_recurring:
            done = duty.completed_on if duty.completed_on and duty.completed_on <= on else None
            positions.append(
                DutyPosition(
                    duty=duty,
                    due_on=None if done else duty.due_on,
                    on=on,
                    met_on=done,
                    late=1 if not done and duty.due_on and duty.due_on < on else 0,
                )
            )
        else:
            positions.append(DutyPosition(duty=duty, due_on=next_due_date(duty, on=on), on=on))
    return positions


# ---------------------------------------------------------------- position


def notice_position(notice: Notice, *, on: date) -> NoticePosition:
    """The notice as it stood on `on` (see the module's note). A fixed number of queries."""
    actions = actions_as_at(notice, on=on)
    indicators = indicator_rows(notice, as_of=on)
    rollup = measure_rollups(notice, on=on, actions=actions, indicators=indicators)
    rollup.with_trend(measure_rollups(notice, on=last_month_end(on)))
    rollup.with_judgements(latest_judgements(notice, on=on))
    board = board_cadence(notice, on=on)
    reports = report_schedule(notice, on=on)
    duties = list(
        Duty.objects.filter(notice=notice)
        .select_related("completion__evidence", "completion__report", "completion__meeting", "completion__recorded_by")
        .order_by("position")
    )
    awaiting = _awaiting_review(notice, on=on)
    return NoticePosition(
        notice_id=notice.pk,
        on=on,
        rollup=rollup,
        actions=list(actions.values()),
        indicators=indicators,
        board=board,
        duties=duty_positions(
            duties,
            on=on,
            board=board,
            reports=reports,
            events={
                Duty.Code.DFE_REVIEW: last_review_on(notice, on=on),
                Duty.Code.PLAN_PROGRESS_REPORT: board.last_council_report_on,
            },
        ),
        reports=reports,
        deadline=notice.delivery_deadline,
        awaiting_review=awaiting,
    )


def _awaiting_review(notice: Notice, *, on: date) -> int:
    """Evidence items waiting for a decision on `on`: submitted by then and not decided by then (one query).

    The count is the notice's, whoever looks: lists of titles show only what the viewer may see.
    """
    items = EvidenceItem.objects.filter(notice=notice)
    if on >= clock.today():
        return items.filter(review_status=EvidenceItem.Status.SUBMITTED).count()
    decided = EvidenceReview.objects.filter(item=OuterRef("pk"), decided_at__date__lte=on)
    waiting = Q(review_status=EvidenceItem.Status.SUBMITTED) | ~Exists(decided)
    return items.filter(waiting, submitted_at__date__lte=on).count()


# ------------------------------------------------------------------- cache

# Every record the position reads, and how its history rows name the notice.
MARK_SOURCES = [
    (Notice, "id"),
    (Measure, "notice_id"),
    (Requirement, "measure__notice_id"),
    (Duty, "notice_id"),
    (Action, "notice_id"),
    (ActionUpdate, "action__notice_id"),
    (EvidenceItem, "notice_id"),
    (EvidenceReview, "item__notice_id"),
    (Indicator, "notice_id"),
    (IndicatorValue, "indicator__notice_id"),
    (BoardMeeting, "notice_id"),
    (DfeReview, "notice_id"),
    (Report, "notice_id"),
    (MeasureJudgement, "measure__notice_id"),
    (DutyCompletion, "duty__notice_id"),
]


def data_marks(notice_ids: list[int]) -> dict[int, str]:
    """Notice id -> a mark that moves whenever anything its position reads changes: its newest history rows.

    One query for any number of notices. A change to one notice leaves the others' marks, and
    so their stored positions, as they were.
    """
    marks = {
        f"m{index}": Subquery(
            model.history.filter(**{path: OuterRef("pk")}).order_by("-history_id").values("history_id")[:1]  # type: ignore[attr-defined]
        )
        for index, (model, path) in enumerate(MARK_SOURCES)
    }
    rows = Notice.objects.filter(pk__in=notice_ids).annotate(**marks).values("pk", *marks)
    return {row["pk"]: "-".join(str(row[key]) for key in marks) for row in rows}


def global_mark(any_notice_id: int) -> str:
    """Moves whenever anything any position reads changes: the newest row of each history table.

    One query of primary-key maxima (index lookups, whatever the table sizes): the cheap first
    check. Only when it has moved are the notices' own marks (`data_marks`) read. Its SQL is
    written once per process: building it through the ORM on every page cost more than running it.
    """
    global _GLOBAL_MARK_SQL
    if _GLOBAL_MARK_SQL is None:
        newest = [
            f"(SELECT MAX({connection.ops.quote_name('history_id')}) FROM {connection.ops.quote_name(model.history.model._meta.db_table)})"  # type: ignore[attr-defined]
            for model, _path in MARK_SOURCES
        ]
        _GLOBAL_MARK_SQL = (
            f"SELECT {', '.join(newest)} FROM {connection.ops.quote_name(Notice._meta.db_table)} WHERE id = %s"
        )
    with connection.cursor() as cursor:
        cursor.execute(_GLOBAL_MARK_SQL, [any_notice_id])
        found = cursor.fetchone()
    return "-".join(str(value) for value in found) if found else ""


_GLOBAL_MARK_SQL: str | None = None


@dataclass
class _Stored:
    """A position in the cache, with the marks it was worked out under."""

    everything: str  # global_mark then
    own: str  # the notice's data_marks entry then
    position: NoticePosition


def cache_key(notice_id: int, *, on: date) -> str:
    return f"position:{notice_id}:{on.isoformat()}"


# This process's own copies, read without unpickling: a notice's position holds every action and
# indicator, and unpickling five of them cost the portfolio 200 ms at benchmark scale. The marks
# are checked on every read all the same, so a copy here is never served stale.
_LOCAL: OrderedDict[str, _Stored] = OrderedDict()
LOCAL_LIMIT = 64


def forget_local_positions() -> None:
    """Drop this process's copies (tests, whose rolled-back rows reuse ids, call it between tests)."""
    _LOCAL.clear()
    forget_fragments()


def position_mark(notice: Notice, *, on: date) -> tuple[NoticePosition, str]:
    """`current_position` and a mark naming it: the same mark means the same position, facts and all.

    The notice, the day and the notice's own data mark: a fragment rendered from the position
    alone may be kept under it (notice_tracker.lib.fragments).
    """
    position = current_position(notice, on=on)
    entry = _LOCAL.get(cache_key(notice.pk, on=on))
    own = entry.own if entry is not None and entry.position is position else ""
    return position, f"{notice.pk}:{on.isoformat()}:{own}" if own else ""


def _remember(key: str, entry: _Stored) -> None:
    _LOCAL[key] = entry
    _LOCAL.move_to_end(key)
    while len(_LOCAL) > LOCAL_LIMIT:
        _LOCAL.popitem(last=False)


def current_position(notice: Notice, *, on: date) -> NoticePosition:
    """`notice_position`, read from the cache when nothing it depends on has changed."""
    return current_positions([notice], on=on)[notice.pk]


def current_positions(notices: list[Notice], *, on: date) -> dict[int, NoticePosition]:
    """Notice id -> its position on `on`, never stale.

    One query and one cache read when nothing changed; when something did, one more query for
    the notices' own marks, and the work only for the notices whose own data changed.
    """
    if not notices:
        return {}
    everything = global_mark(notices[0].pk)
    keys = {notice.pk: cache_key(notice.pk, on=on) for notice in notices}
    stored: dict[str, _Stored] = {key: _LOCAL[key] for key in keys.values() if key in _LOCAL}
    missing = [key for key in keys.values() if key not in stored]
    if missing:
        stored |= cache.get_many(missing)
    unsure = [notice for notice in notices if getattr(stored.get(keys[notice.pk]), "everything", None) != everything]
    own = data_marks([notice.pk for notice in unsure]) if unsure else {}
    for notice in unsure:
        entry = stored.get(keys[notice.pk])
        if entry is None or entry.own != own.get(notice.pk, ""):
            # Marks are read before the work, so a change made meanwhile moves them again: never stale.
            entry = _Stored(everything=everything, own=own.get(notice.pk, ""), position=notice_position(notice, on=on))
        else:
            entry = _Stored(everything=everything, own=entry.own, position=entry.position)
        cache.set(keys[notice.pk], entry, CACHE_SECONDS)
        stored[keys[notice.pk]] = entry
    for key in keys.values():
        _remember(key, stored[key])
    return {notice.pk: stored[keys[notice.pk]].position for notice in notices}
