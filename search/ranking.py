"""A search's page of each kind in one SQL statement: every kind's matches ranked, counted and read.

The ORM writes the parts that hold the rules: `newest`, the matches a user may see with their
rank, newest first, at most `keep + 1` of them (selectors.py: notices, visibility, full-text
search or `icontains`), and `shown`, the columns a hit is written from. This module puts them
together, so that ranking a kind, counting it and reading its page takes no round trip of its own
(on PostgreSQL, every kind's page is one statement; on SQLite one statement a kind), and no model
is built for a row that is not shown.

For each kind the statement keeps the `keep` newest matches (one more is read only to learn that
more match), orders them best first (rank, then id), takes the page and joins only its rows to
`shown`. Every row carries the count, so a page past the last has no rows and no count: the
caller knows it is past the end.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

# Column names the statement gives its own values; `shown` must not use them.
MATCHED, RANK = "hit_matched", "hit_rank"


@dataclass(frozen=True)
class RankedPage:
    rows: list[dict[str, Any]]  # `shown`'s columns and the hit's rank (RANK), best first
    matched: int  # matches among the `keep + 1` newest: more than `keep` means more match than were ranked


Statement = tuple[str, list[Any]]  # SQL and its parameters


def ranked_pages(
    kinds: Sequence[tuple[Statement, Statement]], *, keep: int, limit: int, offset: int
) -> list[RankedPage]:
    """For each kind's (`newest`, `shown`), rows `offset` to `offset + limit` of the best first order of
    the `keep` newest rows of `newest`.

    `newest` is the SQL and parameters of a query yielding (pk, search_rank) pairs named so, newest
    first, limited to `keep + 1`; `shown` of one yielding an `id` column and whatever else a hit needs,
    for every row of the kind, unordered (the join picks the page's rows). On PostgreSQL every kind
    is read in one round trip (each page's rows as JSON, so kinds of different columns can be one
    result); elsewhere one statement a kind.
    """
    if connection.vendor != "postgresql":
        return [_one_kind(newest, shown, keep=keep, limit=limit, offset=offset) for newest, shown in kinds]
    parts, params = [], []
    for index, (newest, shown) in enumerate(kinds):
        page_sql, page_params = _page(newest, shown, keep=keep, limit=limit, offset=offset)
        parts.append(
            f"SELECT {int(index)} AS kind, page.{MATCHED}, page.search_rank, page.pk, to_jsonb(shown) AS shown"
            f" {page_sql}"
        )
        params += page_params
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY kind, search_rank DESC, pk", params)
        found = cursor.fetchall()
    rows: list[list[dict[str, Any]]] = [[] for _ in kinds]
    matched = [0 for _ in kinds]
    for index, count, rank, _, shown in found:
        rows[index].append({**json.loads(shown), RANK: rank})  # Django leaves JSON undecoded
        matched[index] = count
    return [RankedPage(rows=r, matched=m) for r, m in zip(rows, matched, strict=True)]


def _page(newest: Statement, shown: Statement, *, keep: int, limit: int, offset: int) -> Statement:
    """The FROM clause of one kind's page: `page` (pk, search_rank, MATCHED) joined to `shown`."""
    newest_sql, newest_params = newest
    shown_sql, shown_params = shown
    sql = f"""
        FROM (
            SELECT kept.pk, kept.search_rank, kept.{MATCHED}
            FROM (
                SELECT newest.pk, newest.search_rank, COUNT(*) OVER () AS {MATCHED},
                       ROW_NUMBER() OVER (ORDER BY newest.pk DESC) AS age
                FROM ({newest_sql}) newest
            ) kept
            WHERE kept.age <= %s
            ORDER BY kept.search_rank DESC, kept.pk
            LIMIT %s OFFSET %s
        ) page
        JOIN ({shown_sql}) shown ON shown.id = page.pk
    """  # noqa: S608 - the parts are the ORM's compiled SQL; every value is a parameter
    return sql, [*newest_params, keep, limit, offset, *shown_params]


def _one_kind(newest: Statement, shown: Statement, *, keep: int, limit: int, offset: int) -> RankedPage:
    page_sql, params = _page(newest, shown, keep=keep, limit=limit, offset=offset)
    sql = (
        f"SELECT page.{MATCHED}, page.search_rank AS {RANK}, shown.* {page_sql} ORDER BY page.search_rank DESC, page.pk"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return RankedPage(rows=rows, matched=rows[0][MATCHED] if rows else 0)
