"""Reads for the notice dashboard beyond the roll-up, each in a fixed number of queries.

"What changed since you last looked" reads the history tables (every write path leaves a row
there, see notice_tracker/history.py) from the member's previous visit on: their
`history_date` is indexed, so the queries touch only the new rows however large the tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from actions.models import Action, ActionUpdate
from evidence.access import visibility_filter
from evidence.models import EvidenceItem, EvidenceReview
from indicators.models import IndicatorValue
from indicators.periods import period_label
from measures.access import NoticeAccess
from measures.models import Measure, Membership, Notice
from notice_tracker.lib.historydiff import HistoryEntry, diff_history, record_history
from progress.models import DutyCompletion, MeasureJudgement, MeasureSnapshot, NoticeSnapshot
from progress.position import DutyPosition, NoticePosition, current_positions

HISTORY_MONTHS = 12
CHANGES_SHOWN = 5
CHANGE_ROWS_READ = 500  # history rows read per kind; more than this is reported as "500 or more"
REVIEW_LIST = 8


# ------------------------------------------------------------- RAG history


@dataclass
class RagHistory:
    months: list[date]
    overall: list[str | None]
    by_measure: dict[int, list[str | None]]  # measure id -> RAG per month (None: no snapshot)


def rag_history(notice: Notice, *, months: int = HISTORY_MONTHS) -> RagHistory:
    """Each measure's RAG at the last `months` month ends with a snapshot, oldest first. One query."""
    latest = NoticeSnapshot.objects.filter(notice=notice).order_by("-as_at").values("pk")[:months]
    rows = list(
        MeasureSnapshot.objects.filter(snapshot__in=Subquery(latest)).values_list(
            "measure_id", "snapshot__as_at", "rag", "snapshot__rag"
        )
    )
    month_list = sorted({as_at for _, as_at, _, _ in rows})
    column = {as_at: index for index, as_at in enumerate(month_list)}
    overall: list[str | None] = [None] * len(month_list)
    by_measure: dict[int, list[str | None]] = {}
    for measure_id, as_at, rag, notice_rag in rows:
        by_measure.setdefault(measure_id, [None] * len(month_list))[column[as_at]] = rag
        overall[column[as_at]] = notice_rag
    return RagHistory(months=month_list, overall=overall, by_measure=by_measure)


def snapshots_mark(notice_pk: int) -> str:
    """Moves whenever the notice's month-end snapshots do (one taken, retaken or removed). One index read.

    A retaken month keeps its row and moves `taken_at`; its measure rows are replaced with it.
    """
    global _SNAPSHOTS_SQL
    if _SNAPSHOTS_SQL is None:
        table = connection.ops.quote_name(NoticeSnapshot._meta.db_table)
        _SNAPSHOTS_SQL = f"SELECT COUNT(*), MAX(id), MAX(taken_at) FROM {table} WHERE notice_id = %s"
    with connection.cursor() as cursor:
        cursor.execute(_SNAPSHOTS_SQL, [notice_pk])
        row = cursor.fetchone()
    return "-".join(str(value) for value in row)


_SNAPSHOTS_SQL: str | None = None


@dataclass
class HistoryTable:
    """The dashboard's month-end ratings with today's: read only when the page writes the table afresh."""

    notice: Notice
    position: NoticePosition

    @cached_property
    def history(self) -> RagHistory:
        return rag_history(self.notice)

    @cached_property
    def rows(self) -> list[tuple[object, list[tuple[str, str, str]]]]:
        return history_rows(self.history, self.position.rollup.measures)

    @cached_property
    def overall(self) -> list[tuple[str, str, str]]:
        return rag_cells([*self.history.overall, self.position.rollup.overall_rag])


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
            url=_url("evidence:item-detail", access.notice.pk, r["pk"]),
        )
        for r in rows
    ]
    return AwaitingReview(items=items)


# --------------------------------------------------------------- changes


@dataclass
class ChangeKind:
    label: str
    count: int
    capped: bool
    examples: list[tuple[str, str]] = field(default_factory=list)  # (text, url)


@dataclass
class Changes:
    since: datetime | None
    kinds: list[ChangeKind]

    @property
    def total(self) -> int:
        return sum(kind.count for kind in self.kinds)


def _prefixed(q: Q, prefix: str) -> Q:
    """The same condition on a related object: Q(restricted=False) -> Q(item__restricted=False)."""
    copy = Q()
    copy.connector, copy.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            copy.children.append(_prefixed(child, prefix))
        elif isinstance(child, tuple):
            lookup, value = child
            copy.children.append((prefix + lookup, value))
        else:
            raise TypeError(f"Cannot prefix {child!r}: only lookups and Q objects")
    return copy


# A `values()` row of a simple-history table: those models are made at run time, so untyped.
HistoryRow = dict[str, Any]


def _kind(
    label: str, rows: list[HistoryRow], key: str, describe: Callable[[HistoryRow], tuple[str, str]]
) -> ChangeKind:
    seen: dict[object, HistoryRow] = {}
    for row in rows:  # newest first: keep each object's latest change, remembering if it was created
        kept = seen.setdefault(row[key], dict(row))
        if row.get("history_type") == "+":
            kept["history_type"] = "+"
    examples = [describe(row) for row in list(seen.values())[:CHANGES_SHOWN]]
    return ChangeKind(label=label, count=len(seen), capped=len(rows) >= CHANGE_ROWS_READ, examples=examples)


def _newest(queryset: QuerySet[Any], *fields: str) -> list[HistoryRow]:
    return list(queryset.order_by("-history_date", "-history_id").values(*fields)[:CHANGE_ROWS_READ])


def changes_since(access: NoticeAccess, *, since: datetime | None) -> Changes:
    """What others and the member changed under the notice after `since`.

    None on a first visit; one when nothing was written since (`_anything_since`); six otherwise.
    """
    if since is None:
        return Changes(since=None, kinds=[])
    if not _anything_since(since):
        actions = updates = items = reviews = values = []
    else:
        actions, updates, items, reviews, values = _change_rows(access, since=since)
    return _changes(access.notice.pk, since, actions, updates, items, reviews, values)


def _change_rows(access: NoticeAccess, *, since: datetime) -> tuple[list[HistoryRow], ...]:
    """The newest history rows of each kind after `since` under the notice. Five queries."""
    n = access.notice.pk
    # History rows say what happened; what is shown of the object is how it is now (its current
    # title, and only if the member may see it now), never how the row recorded it then.
    now = Action.objects.filter(pk=OuterRef("id"))
    actions = _newest(
        Action.history.filter(notice_id=n, history_date__gt=since).annotate(
            now_reference=Coalesce(Subquery(now.values("reference")[:1]), "reference"),
            now_title=Coalesce(Subquery(now.values("title")[:1]), "title"),  # a deleted action: its last title
        ),
        "id",
        "now_reference",
        "now_title",
        "history_type",
    )
    updates = _newest(
        ActionUpdate.history.filter(action__notice_id=n, history_date__gt=since),
        "id",
        "action_id",
        "action__reference",
        "percent_complete",
        "on",
    )
    visible = visibility_filter(access)
    items = _newest(
        EvidenceItem.history.filter(
            notice_id=n,
            history_date__gt=since,
            history_type="+",
            id__in=EvidenceItem.objects.filter(visible, notice_id=n).values("id"),
        ).annotate(now_title=Subquery(EvidenceItem.objects.filter(pk=OuterRef("id")).values("title")[:1])),
        "id",
        "now_title",
    )
    reviews = _newest(  # a historical row's `item` is the item as it is now
        EvidenceReview.history.filter(
            _prefixed(visible, "item__"), item__notice_id=n, history_date__gt=since, history_type="+"
        ),
        "id",
        "item_id",
        "item__title",
        "decision",
    )
    values = _newest(
        IndicatorValue.history.filter(indicator__notice_id=n, history_date__gt=since), "id", "indicator__code", "period"
    )
    return actions, updates, items, reviews, values


def _changes(
    n: int,
    since: datetime,
    actions: list[HistoryRow],
    updates: list[HistoryRow],
    items: list[HistoryRow],
    reviews: list[HistoryRow],
    values: list[HistoryRow],
) -> Changes:
    url = lambda name, *args: _url(name, n, *args)  # noqa: E731
    decisions = dict(EvidenceReview.Decision.choices)
    return Changes(
        since=since,
        kinds=[
            _kind(
                "Actions added or changed",
                actions,
                "id",
                lambda r: (
                    f"{r['now_reference']} {r['now_title']}" + (" (new)" if r["history_type"] == "+" else ""),
                    url("actions:action-detail", r["id"]),
                ),
            ),
            _kind(
                "Progress updates",
                updates,
                "id",
                lambda r: (
                    f"{r['action__reference']}: {r['percent_complete']}% on {r['on']:%-d %B %Y}",
                    url("actions:action-detail", r["action_id"]),
                ),
            ),
            _kind("Evidence submitted", items, "id", lambda r: (r["now_title"], url("evidence:item-detail", r["id"]))),
            _kind(
                "Evidence reviewed",
                reviews,
                "id",
                lambda r: (
                    f"{r['item__title']}: {decisions.get(r['decision'], r['decision'])}",
                    url("evidence:item-detail", r["item_id"]),
                ),
            ),
            _kind(
                "Indicator figures entered or changed",
                values,
                "id",
                lambda r: (
                    f"{r['indicator__code']}, {period_label(r['period'])}",
                    url("indicators:indicator-detail", r["indicator__code"]),
                ),
            ),
        ],
    )


# The history tables "since you last looked" reads (`_change_rows`).
CHANGE_SOURCES = [Action, ActionUpdate, EvidenceItem, EvidenceReview, IndicatorValue]
_ANYTHING_SINCE_SQL: str | None = None


def _anything_since(since: datetime) -> bool:
    """Whether any of the tables "since you last looked" reads has a row after `since`, on any notice.

    One statement of index lookups on `history_date` (written once per process, as
    progress.position.global_mark is): when nothing at all was written since the member last
    looked, the five reads would all come back empty and are skipped.
    """
    global _ANYTHING_SINCE_SQL
    if _ANYTHING_SINCE_SQL is None:
        quote = connection.ops.quote_name
        _ANYTHING_SINCE_SQL = "SELECT " + " OR ".join(
            f"EXISTS (SELECT 1 FROM {quote(model.history.model._meta.db_table)} WHERE {quote('history_date')} > %s)"  # type: ignore[attr-defined]
            for model in CHANGE_SOURCES
        )
    value = connection.ops.adapt_datetimefield_value(since)
    with connection.cursor() as cursor:
        cursor.execute(_ANYTHING_SINCE_SQL, [value] * len(CHANGE_SOURCES))
        found = cursor.fetchone()
    return bool(found and found[0])


def _url(name: str, notice_pk: int, *args: object) -> str:
    return reverse(name, args=[notice_pk, *args])


_CELLS = {
    "red": ("rag rag-red rag-letter", "R", "Red"),
    "amber": ("rag rag-amber rag-letter", "A", "Amber"),
    "green": ("rag rag-green rag-letter", "G", "Green"),
    "none": ("rag rag-none rag-letter", "–", "Not rated"),
}
_NO_RECORD = ("", "–", "No record")


def rag_cells(rags: list[str | None]) -> list[tuple[str, str, str]]:
    """(CSS class, letter, word) per month: the word is read out, the letter shown."""
    return [_CELLS.get(rag or "", _NO_RECORD) for rag in rags]


def history_rows(history: RagHistory, measures: list) -> list[tuple[object, list[tuple[str, str, str]]]]:
    """Each measure roll-up with its RAG cells per month, then the current one, for the history table."""
    blank = [None] * len(history.months)
    return [(m, rag_cells([*history.by_measure.get(m.measure.pk, blank), m.rag])) for m in measures]


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
