"""Short reads by a key or two (a notice's id, a user's) whose SQL the ORM writes once per process.

Building a queryset and compiling it costs more than running a short query (a page's access
check, a filter form's option list: a few dozen rows or one). Both helpers compile `build(...)`
the first time `name` is asked for — with stand-in keys, so the SQL and its other parameters are
the same for every key — and afterwards run that SQL with the keys given:

- `rows_once(name, build, key)`: the rows as plain tuples, read when first asked for (`Rows`),
  each made into the instance the queryset would make only when asked (`Rows.instance`): a
  caller that keeps what it makes of the rows under the rows themselves skips the instances;
- `instances_once(name, build, *keys)`: a list of model instances made as the queryset itself
  makes them, `select_related` objects included (Django's own compiler, kept, turns the rows
  into instances);
- `values_once(name, build, *keys)`: the tuples of a `values_list` queryset (or a union of them).

A query whose keys do not each become one plain parameter is not kept: it runs through the ORM
every time. Keys are integers (primary keys) or strings (codes); each place passes the same kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler


def _stand_in(index: int, key: int | str) -> int | str:
    """A value no key takes, one per key position: where each lands in the SQL's parameters."""
    return 918_273_645 + index if isinstance(key, int) else f"\x00stand-in {index}\x00"


@dataclass(frozen=True)
class _Key:
    index: int  # which key goes in this parameter


@dataclass
class _Compiled:
    model: type[Model]
    sql: str
    params: list[Any]  # constants, and _Key where a key goes
    compiler: SQLCompiler
    db: str


_COMPILED: dict[tuple[str, str], _Compiled | None] = {}


def _compile(name: str, build: Callable[..., QuerySet], keys: tuple[int | str, ...]) -> _Compiled | None:
    found = (name, connection.vendor)
    if found not in _COMPILED:
        stand_ins = [_stand_in(index, key) for index, key in enumerate(keys)]
        queryset = build(*stand_ins)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        where = {(type(s), s): index for index, s in enumerate(stand_ins)}
        mapped = [_Key(where[(type(p), p)]) if (type(p), p) in where else p for p in params]
        placed = sorted(p.index for p in mapped if isinstance(p, _Key))
        keeps = placed == list(range(len(keys))) and not any(str(s) in sql for s in stand_ins)
        _COMPILED[found] = _Compiled(queryset.model, sql, mapped, compiler, queryset.db) if keeps else None
    return _COMPILED[found]


def _params(compiled: _Compiled, keys: tuple[int | str, ...]) -> list[Any]:
    return [keys[p.index] if isinstance(p, _Key) else p for p in compiled.params]


def _run(compiled: _Compiled, params: list[Any]) -> list[tuple]:
    """The rows of the kept SQL, each value converted as the ORM converts it (its kept compiler's)."""
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        found = cursor.fetchall()
    return [tuple(row) for row in compiled.compiler.results_iter(results=[found])]


class Rows:
    """A read's rows as plain tuples (`values`, read once, when first asked for) and the instances."""

    def __init__(self, compiled: _Compiled, params: list[Any]) -> None:
        self._compiled, self._params = compiled, params
        self._values: list[tuple] | None = None
        self.model = compiled.model

    @property
    def values(self) -> list[tuple]:
        if self._values is None:
            self._values = _run(self._compiled, self._params)
        return self._values

    def __iter__(self) -> Iterator[Model]:
        """The instances the queryset makes (no related objects: a read without select_related)."""
        compiled = self._compiled
        names = [column[0].target.attname for column in compiled.compiler.select]
        return (compiled.model.from_db(compiled.db, names, row) for row in self.values)


def rows_once(name: str, build: Callable[[int], QuerySet], key: int) -> QuerySet | Rows:
    """`build(key)`'s rows, lazily; `name` names the query (one per place that builds it). A
    queryset with related objects (select_related) or whose key is not a parameter comes back as it is."""
    compiled = _compile(name, build, (key,))
    if (
        compiled is None
        or compiled.compiler.klass_info is None
        or compiled.compiler.klass_info.get("related_klass_infos")
    ):
        return build(key)
    return Rows(compiled, _params(compiled, (key,)))


def values_once(name: str, build: Callable[..., QuerySet], *keys: int | str) -> list[tuple]:
    """`list(build(*keys))` for a `values_list` queryset (a UNION of them too): the same tuples, each
    value converted as the ORM converts it; `name` names the query."""
    compiled = _compile(name, build, keys)
    if compiled is None:
        return list(build(*keys))
    return _run(compiled, _params(compiled, keys))


def instances_once(name: str, build: Callable[..., QuerySet], *keys: int | str) -> list[Any]:
    """`list(build(*keys))`: the same instances, related objects and all; `name` names the query."""
    compiled = _compile(name, build, keys)
    if compiled is None:
        return list(build(*keys))
    rows = _run(compiled, _params(compiled, keys))
    if not rows:
        return []
    # As django.db.models.query.ModelIterable makes them.
    compiler = compiled.compiler
    select, klass_info = compiler.select, compiler.klass_info
    assert klass_info is not None
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, compiled.db)  # type: ignore[call-arg]  # Django 5.2's
    found = []
    for row in rows:
        obj = compiled.model.from_db(compiled.db, names, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        found.append(obj)
    return found
