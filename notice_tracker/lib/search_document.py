"""A model's full-text search document, stored in its row and indexed, so a search reads only what matches.

`search_document(fields)` is a generated column holding the weighted vector the search ranks by
(`fields` maps a weight, "A" heaviest, to the columns of that weight). PostgreSQL keeps it up to
date on every insert and update (bulk ones too) and the migration adds a GIN index on it, so a
search finds its matches from the index and ranks them from the stored vectors instead of
building the vector of every row of every notice. Elsewhere (SQLite) the column is always null:
search matches words there with `icontains` on the same fields.
"""

from __future__ import annotations

from functools import reduce
from operator import add
from typing import Any, Literal

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import migrations, models

Weight = Literal["A", "B", "C", "D"]
SearchFields = dict[Weight, tuple[str, ...]]
SEARCH_CONFIG = "english"


class Document(models.Func):
    """The weighted vector on PostgreSQL; NULL on other databases, which have no `to_tsvector`."""

    template = "%(expressions)s"
    output_field = SearchVectorField()

    def __init__(self, fields: SearchFields) -> None:
        self.fields = fields
        vector = reduce(
            add,
            (SearchVector(*names, weight=weight, config=SEARCH_CONFIG) for weight, names in fields.items()),
        )
        super().__init__(vector)

    def deconstruct(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        return "notice_tracker.lib.search_document.Document", (self.fields,), {}

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, tuple[str | int, ...]]:
        return "NULL", ()


def search_document(fields: SearchFields) -> models.GeneratedField:
    return models.GeneratedField(expression=Document(fields), output_field=SearchVectorField(), db_persist=True)


def gin_index(table: str, name: str) -> migrations.RunPython:
    """The migration operation adding the GIN index on a table's `search_document`, on PostgreSQL only."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("search_document")')

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards, elidable=False)
