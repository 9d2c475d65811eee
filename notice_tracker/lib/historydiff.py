"""What changed between two history rows: the one differ every history page uses.

A history page (an action, an evidence item, an indicator, a Board meeting, a report, a
membership) lists who changed what and when. Each page hands `diff_history` the
django-simple-history rows it has read, says which fields a reader cares about and how to
name linked records, and gets back `HistoryEntry` rows, newest first, that
`templates/includes/_history.html` shows. Nothing here queries the database: the caller
reads the rows and the names in a fixed number of queries, so a page's query count does
not grow with its history.

Shared plumbing: this module imports none of the project's apps.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
EMPTY = "—"
KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}

# Columns every historical model carries: the bookkeeping of history itself, never a change.
_HISTORY_COLUMNS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_relation",
}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str  # "Created", "Changed", "Deleted", or a page's own wording ("June 2014 added")
    changes: list[Change] = field(default_factory=list)
    version: int | None = None  # the record's version after this write, for records that keep one


def who(user) -> str:
    """How a person is named in a history: full name, else username; "System" for no one."""
    if user is None:
        return "System"
    return user.get_full_name() or user.username


def show_date(value: date) -> str:
    """21 May 2014, whatever the server's locale."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def show(value: Any, model_field=None) -> str:
    """A stored value as a reader would write it: labels for choices, Yes/No, dates as 21 May 2014."""
    if value is None or value == "":
        return EMPTY
    if model_field is not None and getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{show_date(value)}, {value:%H:%M}"
    if isinstance(value, date):
        return show_date(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value) or EMPTY
    return str(value)


Display = Callable[[str, Any], "str | None"]


def diff_history(
    records: Iterable,
    *,
    fields: Sequence[str] | None = None,
    hidden: Collection[str] = (),
    labels: Mapping[str, str] | None = None,
    names: Mapping[str, Mapping[Any, str]] | None = None,
    links: Mapping[str, Mapping[int, Collection[Any]]] | None = None,
    display: Display | None = None,
    kinds: Mapping[str, str] | Callable[[Any, str], str] = KINDS,
    created_changes: bool = False,
    group_writes: bool = False,
    extra: Mapping[int, list[Change]] | None = None,
) -> list[HistoryEntry]:
    """Entries for history rows of one model, newest first, each row compared with the one before
    it for the same record (rows of several records, such as an indicator's figures, may be mixed).

    fields: the fields shown, in order (field names; a foreign key by its name, "owner"). Default:
        every field the history keeps but the primary key and those in `hidden`.
    labels: a field's or link's label where its verbose name will not do.
    names: for a foreign key or a link, the name shown for each id (`{"owner": {3: "Sam Jones"}}`).
    links: many-to-many links kept by simple-history's `m2m_fields`: link name → history row id →
        the linked ids (shown through `names`, sorted) or the names themselves, in their order.
    display: display(field name, value) returns the text for a value, or None to leave it to `show`.
    kinds: how each row's history type is described, or a callable (row, "+"/"~"/"-") → description.
    created_changes: list the values a creation set (else a creation is one line).
    group_writes: one service call is one version though it may leave several rows (the links,
        then the save): consecutive rows of one version by one person are one write, shown as
        the state it left. Needs a `version` field on the model.
    extra: changes to records without a history page of their own (a meeting's attendees), by
        the version of the write that made them.
    """
    rows = sorted(records, key=lambda r: (r.history_date, r.history_id))
    if not rows:
        return []
    model = rows[0].instance_type
    labels, names, links, extra = labels or {}, names or {}, links or {}, extra or {}
    pk_name = model._meta.pk.attname
    shown = (
        list(fields)
        if fields is not None
        else [
            f.name
            for f in model._meta.concrete_fields
            if f.attname != pk_name
            and f.name not in hidden
            and f.name not in _HISTORY_COLUMNS
            and hasattr(rows[0], f.attname)  # fields the model keeps out of its history (excluded_fields)
        ]
    )
    model_fields = {name: _model_field(model, name) for name in shown}
    writes = _writes(rows) if group_writes else [(row, row.history_type) for row in rows]

    def text(name: str, value: Any) -> str:
        if display is not None and (custom := display(name, value)) is not None:
            return custom
        if name in names and value not in (None, ""):
            return names[name].get(value, f"#{value}")
        return show(value, model_fields.get(name))

    def linked(name: str, row) -> list[str]:
        values = links[name].get(row.history_id, ())
        if name in names:
            return sorted(names[name].get(value, "?") for value in values)
        return [str(value) for value in values]

    def label(name: str) -> str:
        if name in labels:
            return labels[name]
        model_field = model_fields.get(name)
        verbose = getattr(model_field, "verbose_name", None) or name.replace("_", " ")
        return str(verbose)[:1].upper() + str(verbose)[1:]

    entries: list[HistoryEntry] = []
    previous: dict[Any, Any] = {}
    for row, code in writes:
        key = getattr(row, pk_name)
        before = previous.get(key)
        previous[key] = row
        changes: list[Change] = []
        if before is not None or created_changes:
            for name in shown:
                attname = getattr(model_fields[name], "attname", name)
                old = getattr(before, attname) if before is not None else None
                new = getattr(row, attname)
                if old != new and (before is not None or new not in (None, "")):
                    changes.append(
                        Change(label(name), text(name, old) if before is not None else EMPTY, text(name, new))
                    )
            for name in links:
                old_links = linked(name, before) if before is not None else []
                new_links = linked(name, row)
                if old_links != new_links:
                    changes.append(Change(label(name), ", ".join(old_links) or EMPTY, ", ".join(new_links) or EMPTY))
        version = getattr(row, "version", None)
        if code != "+" and version is not None:
            changes.extend(extra.get(version, []))
        if code == "~" and not changes:
            continue  # a save that moved only fields no reader needs
        kind = kinds(row, code) if callable(kinds) else kinds.get(code, code)
        entries.append(
            HistoryEntry(when=row.history_date, who=who(row.history_user), kind=kind, changes=changes, version=version)
        )
    return entries[::-1]


def record_history(obj, *, limit: int = 200, **options: Any) -> list[HistoryEntry]:
    """One record's history through `diff_history` (one query): its latest `limit` writes."""
    rows = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    return diff_history(rows, **options)[:limit]


def merge(*histories: list[HistoryEntry]) -> list[HistoryEntry]:
    """Several histories (a record's and its parts') as one, newest first."""
    return sorted((entry for history in histories for entry in history), key=lambda entry: entry.when, reverse=True)


def since_version(history: list[HistoryEntry], version: int) -> list[HistoryEntry]:
    """The entries written after the write that left `version` (newest first in, newest first out):
    what someone else did while a user had a form of that version open."""
    seen = [entry.when for entry in history if entry.version is not None and entry.version <= version]
    if not seen:
        return [entry for entry in history if entry.version is None or entry.version > version]
    cutoff = max(seen)
    return [entry for entry in history if entry.when > cutoff]


def linked_ids(history_model, name: str, target: str, history_ids: Collection[int]) -> dict[int, set[int]]:
    """The ids a many-to-many link held at each history row (one query), for `diff_history(links=...)`.

    `history_model` is the historical model (`Model.history.model`), `name` the link's field name,
    `target` the id column of the linked model in simple-history's through table ("action_id").
    """
    through = getattr(history_model, name).model
    held: dict[int, set[int]] = {history_id: set() for history_id in history_ids}
    if history_ids:
        for history_id, target_id in through.objects.filter(history_id__in=history_ids).values_list(
            "history_id", target
        ):
            held[history_id].add(target_id)
    return held


def _writes(rows: list) -> list[tuple[Any, str]]:
    """Consecutive rows of one version by one person, as (the last row, "+" if any created the record)."""
    writes: list[tuple[Any, str]] = []
    key = None
    for row in rows:
        this = (row.version, row.history_user_id)
        if writes and this == key:
            created = writes[-1][1] == "+" or row.history_type == "+"
            writes[-1] = (row, "+" if created else row.history_type)
        else:
            writes.append((row, row.history_type))
        key = this
    return writes


def _model_field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a removed field, or an attribute the caller computes
        return None
