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
notices hold twice as much. Queries are fixed: one for the user's memberships, then one that ranks
each kind's matches, counts them and reads the page shown (search/ranking.py; on SQLite one a kind).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from operator import add, or_
from typing import Any, Literal, TypeVar

from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, Model, Q, QuerySet, Value
from django.db.models.expressions import Case, Combinable, When
from django.utils.text import Truncator, slugify

from actions.models import Action
from evidence.access import visibility_filter
from evidence.models import EvidenceItem
from indicators.models import Indicator
from measures.access import NoticeAccess
from measures.models import Measure, Membership, Notice, Requirement
from notice_tracker.lib.search_document import SEARCH_CONFIG, SearchFields
from notice_tracker.lib.sqlonce import instances_once
from search.ranking import RANK, RankedPage, Statement, ranked_pages
from search.snippets import Snippet, make_snippet, search_words

ModelT = TypeVar("ModelT", bound=Model)
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
# Matches of one kind ranked at most: eight pages of 25, more than anyone reads before narrowing.
MAX_RANKED = 200


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
    searches = [_SEARCHES[kind](scoped) for kind in KINDS if kind in kinds]
    pages = ranked_pages(
        [(_newest_statement(s.model, s.scope, results), _shown_written(s.kind, connection.vendor)) for s in searches],
        keep=MAX_RANKED,
        limit=limit_per_kind,
        offset=offset,
    )
    results.groups = [_group(s, page, results, offset) for s, page in zip(searches, pages, strict=True)]
    return results


# ------------------------------------------------------------ matching and ranking


def _memberships(user_pk: int) -> QuerySet[Membership]:
    """The user's memberships (search() asks only for an active user's), with what a search shows of
    each notice and what deciding what the member may see of it reads (role, organisation, status)."""
    return (
        Membership.objects.filter(user=user_pk)
        .select_related("notice__authority")
        .only(
            *("user", "notice", "role", "organisation", "can_review_evidence"),
            *("notice__title", "notice__issued_on", "notice__status", "notice__authority__name"),
        )
        .order_by("notice__authority__name", "-notice__issued_on")
    )


# Where the search's words go in a statement written once (below): no search is this.
_WORDS = "\x00the search's words\x00"


def _newest(model: type[Model], scope: Q, query: str, words: list[str], keep: int) -> QuerySet[Any]:
    """(pk, search_rank) of the rows of `model` in `scope` that match, newest first, `keep` and one more.

    Only these are ranked: on PostgreSQL the planner walks the primary key backwards while a word is
    common (stopping at the limit) and reads the full-text index while it is rare, so the work is
    bounded either way. The one more is read only to learn whether more match.
    """
    fields: SearchFields = model.SEARCH_FIELDS  # type: ignore[attr-defined]
    queryset = model._default_manager.filter(scope)
    if connection.vendor == "postgresql":
        # The stored, indexed vector of `fields` (notice_tracker.lib.search_document).
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        queryset = queryset.filter(search_document=search_query)
        rank: Combinable = SearchRank(F("search_document"), search_query)
    else:
        for word in words:
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
                for word in words
            ),
        )
    return queryset.annotate(search_rank=rank).order_by("-pk").values_list("pk", "search_rank")[: keep + 1]


@lru_cache(maxsize=512)
def _newest_written(model: type[Model], scope: Q, keep: int, vendor: str) -> Statement:
    """`_newest`'s SQL for a scope, with `_WORDS` where the search's words go (PostgreSQL: one parameter)."""
    sql, params = _newest(model, scope, _WORDS, [], keep).query.sql_with_params()
    return sql, list(params)


def _newest_statement(model: type[Model], scope: Q, results: SearchResults) -> Statement:
    """`_newest` as SQL. Building and compiling the queryset costs more than running it, so on PostgreSQL
    it is written once per process for each scope (a user's notices and what they may see of them) and
    kept; only the words change. On SQLite the words shape the SQL: it is written each time."""
    if connection.vendor != "postgresql":
        sql, params = _newest(model, scope, results.query, results.words, MAX_RANKED).query.sql_with_params()
        return sql, list(params)
    written, kept = _newest_written(model, scope, MAX_RANKED, connection.vendor)
    return written, [results.query if param == _WORDS else param for param in kept]


@lru_cache(maxsize=16)
def _shown_written(kind: Kind, vendor: str) -> Statement:
    # Unordered, so the database joins the page's rows to it rather than reading it whole.
    sql, params = _SHOWN[kind]().order_by().query.sql_with_params()
    return sql, list(params)


def _notice_in(scoped: list[Membership], path: str) -> Q:
    return Q(**{f"{path}__in": [m.notice_id for m in scoped]})


@dataclass(frozen=True)
class _KindSearch:
    """What searching one kind needs: the rows of `model` the user may see (`scope`) and how a row of
    `_SHOWN[kind]` becomes a hit."""

    kind: Kind
    model: type[Model]
    scope: Q
    to_hit: Callable[[dict[str, Any], SearchResults], Hit]


def _group(search: _KindSearch, page: RankedPage, results: SearchResults, offset: int) -> KindResults:
    return KindResults(
        kind=search.kind,
        hits=[search.to_hit(row, results) for row in page.rows],
        total=min(page.matched, MAX_RANKED),
        offset=offset,
        capped=page.matched > MAX_RANKED,
    )


def _notices(scoped: Iterable[Membership]) -> dict[int, Notice]:
    return {m.notice_id: m.notice for m in scoped}


# ------------------------------------------------------------ each kind


def _read(model: type[ModelT], row: dict[str, Any], *names: str) -> ModelT:
    """An instance of `model` holding the columns `names` of `row`, converted as the ORM converts them
    (SQLite gives dates as text), made as the ORM makes the rows it reads."""
    fields = [field for field in model._meta.concrete_fields if field.attname in names]  # in the model's order
    return model.from_db(None, [f.attname for f in fields], [f.to_python(row[f.attname]) for f in fields])


def _requirements(scoped: list[Membership]) -> _KindSearch:
    notices = _notices(scoped)
    measures: dict[tuple[int, str], tuple[str, str]] = {}  # a page's requirements share a few measures

    def measure_line(row: dict[str, Any]) -> tuple[str, str]:
        key = (row["measure_notice"], row["measure_reference"])
        if key not in measures:
            measure = Measure(notice_id=key[0], reference=key[1])
            heading = Truncator(row["measure_heading"]).chars(100)
            measures[key] = (f"Measure {measure.reference}: {heading}", measure.get_absolute_url())
        return measures[key]

    def to_hit(row: dict[str, Any], results: SearchResults) -> Hit:
        detail, measure_url = measure_line(row)
        return Hit(
            kind="requirements",
            reference=row["reference"],
            title=f"Requirement {row['reference']}",
            detail=detail,
            snippet=make_snippet(row["text"], results.words),
            url=f"{measure_url}#req-{slugify(row['reference'])}",
            notice=notices[row["measure_notice"]],
            rank=float(row[RANK]),
        )

    scope = _notice_in(scoped, "measure__notice_id")
    return _KindSearch("requirements", Requirement, scope, to_hit)


def _actions(scoped: list[Membership]) -> _KindSearch:
    notices = _notices(scoped)

    def to_hit(row: dict[str, Any], results: SearchResults) -> Hit:
        action = _read(Action, row, "id", "notice_id", "status", "due_on")
        return Hit(
            kind="actions",
            reference=row["reference"],
            title=row["title"],
            detail=f"{action.get_status_display()}, due {action.due_on:%-d %B %Y}",
            snippet=make_snippet(row["description"] or row["title"], results.words),
            url=action.get_absolute_url(),
            notice=notices[action.notice_id],
            rank=float(row[RANK]),
        )

    return _KindSearch("actions", Action, _notice_in(scoped, "notice_id"), to_hit)


def _evidence(scoped: list[Membership]) -> _KindSearch:
    notices = _notices(scoped)

    def to_hit(row: dict[str, Any], results: SearchResults) -> Hit:
        item = _read(EvidenceItem, row, "id", "notice_id", "kind", "review_status", "restricted")
        return Hit(
            kind="evidence",
            reference="",
            title=row["title"],
            detail=f"{item.get_kind_display()}, {item.get_review_status_display().lower()}",
            snippet=make_snippet(row["description"] or row["title"], results.words),
            url=item.get_absolute_url(),
            notice=notices[item.notice_id],
            rank=float(row[RANK]),
            restricted=item.restricted,
        )

    # What each member may see of each notice's evidence: the same rule as every evidence page.
    visible = reduce(or_, (Q(notice_id=m.notice_id) & visibility_filter(NoticeAccess(m.notice, m)) for m in scoped))
    return _KindSearch("evidence", EvidenceItem, visible, to_hit)


def _indicators(scoped: list[Membership]) -> _KindSearch:
    notices = _notices(scoped)

    def to_hit(row: dict[str, Any], results: SearchResults) -> Hit:
        indicator = _read(Indicator, row, "id", "notice_id", "code", "unit", "frequency")
        return Hit(
            kind="indicators",
            reference=indicator.code,
            title=row["name"],
            detail=f"{indicator.get_unit_display()}, {indicator.get_frequency_display().lower()}",
            snippet=make_snippet(row["definition"], results.words),
            url=indicator.get_absolute_url(),
            notice=notices[indicator.notice_id],
            rank=float(row[RANK]),
        )

    return _KindSearch("indicators", Indicator, _notice_in(scoped, "notice_id"), to_hit)


_SEARCHES: dict[Kind, Callable[[list[Membership]], _KindSearch]] = {
    "requirements": _requirements,
    "actions": _actions,
    "evidence": _evidence,
    "indicators": _indicators,
}

# The columns each kind's hits are written from (`to_hit` above), for every row: the statement joins
# the page's rows to it (search/ranking.py).
_SHOWN: dict[Kind, Callable[[], QuerySet[Any]]] = {
    "requirements": lambda: Requirement.objects.values(
        "id",
        "reference",
        "text",
        measure_notice=F("measure__notice_id"),
        measure_reference=F("measure__reference"),
        measure_heading=F("measure__heading"),
    ),
    "actions": lambda: Action.objects.values(
        "id", "notice_id", "reference", "title", "description", "status", "due_on"
    ),
    "evidence": lambda: EvidenceItem.objects.values(
        "id", "notice_id", "title", "description", "kind", "review_status", "restricted"
    ),
    "indicators": lambda: Indicator.objects.values(
        "id", "notice_id", "code", "name", "definition", "unit", "frequency"
    ),
}
