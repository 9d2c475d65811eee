"""The dashboard's "since you last looked": what was written to a notice after the member's previous visit.

It reads the history tables (every write path leaves a row there, see notice_tracker/history.py)
from that visit on: their `history_date` is indexed, so the queries touch only the new rows
however large the tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from actions.models import Action, ActionUpdate
from evidence.access import visibility_filter
from evidence.models import EvidenceItem, EvidenceReview
from indicators.models import IndicatorValue
from indicators.periods import period_label
from measures.access import NoticeAccess

CHANGES_SHOWN = 5
CHANGE_ROWS_READ = 500  # history rows read per kind; more than this is reported as "500 or more"


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
