"""Short reads by one key (a notice's id) whose SQL the ORM writes once per process.

Building a queryset and compiling it costs more than running a short query (a filter form's
option list: a few dozen rows). `raw_once(name, build, key)` compiles `build(key)` the first time
`name` is asked for and afterwards runs that SQL with the new key, as a `RawQuerySet` of the same
model instances (the same columns, so `.only()` holds). A query whose parameters are not exactly
the key is not kept: it runs through the ORM every time.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model, QuerySet
from django.db.models.query import RawQuerySet

_SQL: dict[str, tuple[type[Model], str]] = {}


def raw_once(name: str, build: Callable[[int], QuerySet], key: int) -> QuerySet | RawQuerySet:
    """`build(key)`'s rows, lazily; `name` names the query (one per place that builds it)."""
    found = _SQL.get(name)
    if found is None:
        queryset = build(key)
        sql, params = queryset.query.sql_with_params()
        if tuple(params) != (key,):
            return queryset
        found = _SQL[name] = (queryset.model, sql)
    model, sql = found
    return model._default_manager.raw(sql, [key])
