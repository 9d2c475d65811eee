"""One kind's page of search results in one SQL statement: its matches ranked, counted and read.

The ORM writes the parts that hold the rules: `newest`, the matches a user may see with their
rank, newest first, at most `keep + 1` of them (selectors.py: notices, visibility, full-text
search or `icontains`), and `shown`, the columns a hit is written from. This module puts them
together, so that ranking a kind, counting it and reading its page is one round trip, and no
model is built for a row that is not shown.

The statement keeps the `keep` newest matches (one more is read only to learn that more match),
orders them best first (rank, then id), takes the page and joins only its rows to `shown`. Every
row carries the count, so a page past the last has no rows and no count: the caller knows it is
past the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection

# Column names the statement gives its own values; `shown` must not use them.
MATCHED, RANK = "hit_matched", "hit_rank"


@dataclass(frozen=True)
class RankedPage:
    rows: list[dict[str, Any]]  # `shown`'s columns and the hit's rank (RANK), best first
    matched: int  # matches among the `keep + 1` newest: more than `keep` means more match than were ranked


def ranked_page(
    newest: tuple[str, list[Any]], shown: tuple[str, list[Any]], *, keep: int, limit: int, offset: int
) -> RankedPage:
    """Rows `offset` to `offset + limit` of the best first order of the `keep` newest rows of `newest`.

    `newest` is the SQL and parameters of a query yielding (pk, search_rank) pairs named so, newest
    first, limited to `keep + 1`; `shown` of one yielding an `id` column and whatever else a hit needs,
    for every row of the kind, unordered (the join picks the page's rows).
    """
    newest_sql, newest_params = newest
    shown_sql, shown_params = shown
    sql = f"""
        SELECT page.{MATCHED}, page.search_rank AS {RANK}, shown.*
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
        ORDER BY page.search_rank DESC, page.pk
    """  # noqa: S608 - the parts are the ORM's compiled SQL; every value is a parameter
    params = [*newest_params, keep, limit, offset, *shown_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return RankedPage(rows=rows, matched=rows[0][MATCHED] if rows else 0)
