"""One search across the requirements, actions, evidence and indicators of the notices a user belongs to.

Only notices the user is a member of are searched, and evidence only as far as
`evidence.access.visibility_filter` lets them see it (restricted items for their organisation,
the submitter, the Chair and administrators; never for observers).

On PostgreSQL each kind is matched with full-text search (`websearch_to_tsquery` in English:
stemmed words, "quoted phrases", `or`, `-word`) and ordered by `ts_rank`, titles and references
weighing more than the text. On SQLite every word must appear (`icontains`) in one of the same
fields, and results with more words in the title come first.

A search's cost follows what it shows, not what is stored: each kind ranks at most the
`MAX_RANKED` most recently added matches (a word found in thousands of records ranks the newest
of them, and the page says more match and how to narrow it), so a page costs the same when the
notices hold twice as much. Queries are fixed: one for the user's memberships, then two per kind
searched (the ranks of its candidates, then the rows of the page shown).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import add, or_
from typing import Any, Literal

from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import Case, Combinable, When
from django.utils.text import Truncator, slugify

from actions.models import Action
from evidence.access import visibility_filter
from evidence.models import EvidenceItem
from indicators.models import Indicator
from measures.access import NoticeAccess
from measures.models import Membership, Notice, Requirement
from notice_tracker.lib.search_document import SEARCH_CONFIG, SearchFields
from notice_tracker.lib.sqlonce import instances_once
from search.snippets import Snippet, make_snippet, search_words

Kind = Literal["requirements", "actions", "evidence", "indicators"]
KINDS: tuple[Kind, ...] = ("requirements", "actions", "evidence", "indicators")
KIND_LABELS: dict[Kind, str] = {
    "requirements": "Requirements",
    "actions": "Actions",
    "evidence": "Evidence",
    "indicators": "Indicators",
}
# How one or more hits of each kind are counted in a sentence.
KIND_NOUNS: dict[Kind, tuple[str, str]] = {
    "requirements": ("requirement", "requirements"),
    "actions": ("action", "actions"),
    "evidence": ("evidence item", "evidence items"),
    "indicators": ("indicator", "indicators"),
}
LIMIT_PER_KIND = 10  # on the page of every kind; one kind's own list shows a page of 25
MIN_QUERY_CHARS = 2
# Matches of one kind ranked at most: twenty pages of 25, more than anyone reads before narrowing.
MAX_RANKED = 500


@dataclass(frozen=True)
class Hit:
    kind: Kind
    reference: str  # the requirement's, action's or indicator's own reference; blank for evidence
    title: str
    detail: str  # one line of context: the measure, the status, the kind
    snippet: Snippet
    url: str
    notice: Notice
    rank: float
    restricted: bool = False


@dataclass
class KindResults:
    kind: Kind
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # every match ranked, not only the hits read
    offset: int = 0
    capped: bool = False  # more than MAX_RANKED matched: `total` is the most recent of them

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def number(self) -> str:
        return f"{self.total}+" if self.capped else str(self.total)

    @property
    def plural(self) -> str:
        return KIND_NOUNS[self.kind][1]

    @property
    def counted(self) -> str:
        one, many = KIND_NOUNS[self.kind]
        if self.capped:
            return f"more than {self.total} {many}"
        return f"{self.total} {one if self.total == 1 else many}"

    @property
    def more(self) -> bool:
        return self.offset + len(self.hits) < self.total


@dataclass
class SearchResults:
    query: str
    words: list[str]
    notices: list[Notice]  # every notice the user belongs to (the choice of where to search)
    scope: list[Notice]  # the notices searched: all of them, or the one asked for
    groups: list[KindResults]

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def capped(self) -> bool:
        return any(group.capped for group in self.groups)

    @property
    def ranked_at_most(self) -> int:
        return MAX_RANKED

    @property
    def too_short(self) -> bool:
        return len("".join(self.words)) < MIN_QUERY_CHARS


def search(
    user: User,
    query: str,
    *,
    notice_id: int | None = None,
    kinds: Collection[Kind] = KINDS,
    limit_per_kind: int = LIMIT_PER_KIND,
    offset: int = 0,
) -> SearchResults:
    """Up to `limit_per_kind` hits of each kind (from `offset`), best first, in the notices `user` may see.

    With `notice_id`, only that notice, and nothing at all (an empty `scope`) unless the user is
    a member of it. A query of fewer than two letters or digits searches nothing.
    """
    memberships = instances_once("search.memberships", _memberships, user.pk) if user.is_active else []
    scoped = [m for m in memberships if notice_id is None or m.notice_id == notice_id]
    results = SearchResults(
        query=query,
        words=search_words(query),
        notices=[m.notice for m in memberships],
        scope=[m.notice for m in scoped],
        groups=[],
    )
    if not scoped or results.too_short:
        return results
    for kind in KINDS:
        if kind in kinds:
            results.groups.append(_SEARCHES[kind](scoped, results, limit_per_kind, offset))
    return results


# ------------------------------------------------------------ matching and ranking


def _memberships(user_pk: int) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user_pk, user__is_active=True)
        .select_related("notice__authority", "organisation")
        .defer("notice__source_text")  # the notice as published: pages of text, never shown here
        .order_by("notice__authority__name", "-notice__issued_on")
    )


def _ranked(
    queryset: QuerySet[Any], fields: SearchFields, results: SearchResults
) -> tuple[list[tuple[int, float]], bool]:
    """(pk, rank) of the `MAX_RANKED` most recently added rows of `queryset` that match, best first, and
    whether more match.

    Only these are ranked: on PostgreSQL the planner walks the primary key backwards while a word is
    common (stopping at the limit) and reads the full-text index while it is rare, so the work is
    bounded either way. One more row is read only to learn whether more match.
    """
    if connection.vendor == "postgresql":
        # The stored, indexed vector of `fields` (notice_tracker.lib.search_document).
        query = SearchQuery(results.query, search_type="websearch", config=SEARCH_CONFIG)
        queryset = queryset.filter(search_document=query)
        rank: Combinable = SearchRank(F("search_document"), query)
    else:
        for word in results.words:
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{name}__icontains": word}) for names in fields.values() for name in names))
            )
        # A word in the title (the heaviest fields) counts 1, elsewhere (every word is somewhere) 0.1.
        rank = reduce(
            add,
            (
                Case(
                    When(reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields["A"])), then=Value(1.0)),
                    default=Value(0.1),
                    output_field=FloatField(),
                )
                for word in results.words
            ),
        )
    newest = list(
        queryset.annotate(search_rank=rank).order_by("-pk").values_list("pk", "search_rank")[: MAX_RANKED + 1]
    )
    return sorted(newest[:MAX_RANKED], key=lambda row: (-row[1], row[0])), len(newest) > MAX_RANKED


def _page(queryset: QuerySet[Any], ranked: list[tuple[int, float]], limit: int, offset: int) -> list[Any]:
    """The rows of one page of `ranked`, read in full, in its order, each with its `search_rank`."""
    wanted = dict(ranked[offset : offset + limit])
    rows = {row.pk: row for row in queryset.filter(pk__in=list(wanted)).defer("search_document")}  # none: no query
    for pk, row in rows.items():
        row.search_rank = wanted[pk]
    return [rows[pk] for pk in wanted if pk in rows]  # one deleted since it was ranked is left out


def _notice_in(scoped: list[Membership], path: str) -> Q:
    return Q(**{f"{path}__in": [m.notice_id for m in scoped]})


def _group(
    kind: Kind,
    queryset: QuerySet[Any],
    fields: SearchFields,
    to_hit: Callable[[Any, SearchResults], Hit],
    results: SearchResults,
    limit: int,
    offset: int,
) -> KindResults:
    ranked, capped = _ranked(queryset, fields, results)
    rows = _page(queryset, ranked, limit, offset)
    hits = [to_hit(row, results) for row in rows]
    return KindResults(kind=kind, hits=hits, total=len(ranked), offset=offset, capped=capped)


def _notices(scoped: Iterable[Membership]) -> dict[int, Notice]:
    return {m.notice_id: m.notice for m in scoped}


# ------------------------------------------------------------ each kind


def _requirements(scoped: list[Membership], results: SearchResults, limit: int, offset: int) -> KindResults:
    notices = _notices(scoped)

    def to_hit(requirement: Requirement, results: SearchResults) -> Hit:
        measure = requirement.measure
        return Hit(
            kind="requirements",
            reference=requirement.reference,
            title=f"Requirement {requirement.reference}",
            detail=f"Measure {measure.reference}: {Truncator(measure.heading).chars(100)}",
            snippet=make_snippet(requirement.text, results.words),
            url=f"{measure.get_absolute_url()}#req-{slugify(requirement.reference)}",
            notice=notices[measure.notice_id],
            rank=float(requirement.search_rank),  # type: ignore[attr-defined]
        )

    queryset = (
        Requirement.objects.filter(_notice_in(scoped, "measure__notice_id"))
        .select_related("measure")
        .defer("measure__intro", "measure__closing", "measure__footnotes")  # pages of text, never shown here
    )
    return _group("requirements", queryset, Requirement.SEARCH_FIELDS, to_hit, results, limit, offset)


def _actions(scoped: list[Membership], results: SearchResults, limit: int, offset: int) -> KindResults:
    notices = _notices(scoped)

    def to_hit(action: Action, results: SearchResults) -> Hit:
        return Hit(
            kind="actions",
            reference=action.reference,
            title=action.title,
            detail=f"{action.get_status_display()}, due {action.due_on:%-d %B %Y}",
            snippet=make_snippet(action.description or action.title, results.words),
            url=action.get_absolute_url(),
            notice=notices[action.notice_id],
            rank=float(action.search_rank),  # type: ignore[attr-defined]
        )

    queryset = Action.objects.filter(_notice_in(scoped, "notice_id"))
    return _group("actions", queryset, Action.SEARCH_FIELDS, to_hit, results, limit, offset)


def _evidence(scoped: list[Membership], results: SearchResults, limit: int, offset: int) -> KindResults:
    notices = _notices(scoped)

    def to_hit(item: EvidenceItem, results: SearchResults) -> Hit:
        return Hit(
            kind="evidence",
            reference="",
            title=item.title,
            detail=f"{item.get_kind_display()}, {item.get_review_status_display().lower()}",
            snippet=make_snippet(item.description or item.title, results.words),
            url=item.get_absolute_url(),
            notice=notices[item.notice_id],
            rank=float(item.search_rank),  # type: ignore[attr-defined]
            restricted=item.restricted,
        )

    # What each member may see of each notice's evidence: the same rule as every evidence page.
    visible = reduce(or_, (Q(notice_id=m.notice_id) & visibility_filter(NoticeAccess(m.notice, m)) for m in scoped))
    queryset = EvidenceItem.objects.filter(visible)
    return _group("evidence", queryset, EvidenceItem.SEARCH_FIELDS, to_hit, results, limit, offset)


def _indicators(scoped: list[Membership], results: SearchResults, limit: int, offset: int) -> KindResults:
    notices = _notices(scoped)

    def to_hit(indicator: Indicator, results: SearchResults) -> Hit:
        return Hit(
            kind="indicators",
            reference=indicator.code,
            title=indicator.name,
            detail=f"{indicator.get_unit_display()}, {indicator.get_frequency_display().lower()}",
            snippet=make_snippet(indicator.definition, results.words),
            url=indicator.get_absolute_url(),
            notice=notices[indicator.notice_id],
            rank=float(indicator.search_rank),  # type: ignore[attr-defined]
        )

    queryset = Indicator.objects.filter(_notice_in(scoped, "notice_id"))
    return _group("indicators", queryset, Indicator.SEARCH_FIELDS, to_hit, results, limit, offset)


_SEARCHES: dict[Kind, Callable[[list[Membership], SearchResults, int, int], KindResults]] = {
    "requirements": _requirements,
    "actions": _actions,
    "evidence": _evidence,
    "indicators": _indicators,
}
