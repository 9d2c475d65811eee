"""Reads for the improvement-plan pages and exports, each in a fixed number of queries.

The list, the CSV and the Excel file are all made from `action_rows`, so an export holds
exactly what the filtered list shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page
from django.db import connection
from django.db.models import Case, Count, F, OuterRef, QuerySet, Subquery, Value, When, Window
from django.db.models.expressions import OrderBy
from django.db.models.functions import Collate

from actions.models import Action, ActionUpdate
from actions.rules import action_rag, is_overdue
from measures.models import Organisation, Requirement
from notice_tracker.lib.fasturls import detail_url
from notice_tracker.lib.fragments import content_key
from notice_tracker.lib.historydiff import HistoryEntry, diff_history, merge, who
from notice_tracker.lib.natural import natural_key
from notice_tracker.lib.pagination import PAGE_SIZE, get_page
from notice_tracker.lib.rag import label as rag_word

Status = Action.Status
_RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "": 3}
_STATUS_ORDER = {value: index for index, value in enumerate(Status.values)}


@dataclass
class ActionRow:
    """One line of the improvement plan. Has the fields actions/rules.py reads."""

    pk: int
    notice_id: int
    reference: str
    title: str
    owner: str
    organisation: str
    start_on: date
    due_on: date
    status: str
    completed_on: date | None
    percent_complete: int
    rag_override: str
    latest_update_on: date | None
    latest_update_note: str
    requirements: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    measure_key: tuple = (10**6, 10**6)
    rag: str = ""
    overdue: bool = False

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def rag_label(self) -> str:
        return rag_word(self.rag, override=bool(self.rag_override)) if self.rag else "Not rated (cancelled)"

    @property
    def url(self) -> str:
        return detail_url("actions:action-detail", self.notice_id, self.pk)


SORTS = {
    "measure": lambda r: (r.measure_key, natural_key(r.reference)),
    "reference": lambda r: natural_key(r.reference),
    "title": lambda r: r.title.lower(),
    "owner": lambda r: r.owner.lower(),
    "organisation": lambda r: r.organisation.lower(),
    "start": lambda r: (r.start_on, natural_key(r.reference)),
    "due": lambda r: (r.due_on, natural_key(r.reference)),
    "status": lambda r: (_STATUS_ORDER[r.status], r.due_on),
    "rag": lambda r: (_RAG_ORDER[r.rag], r.due_on),
    "percent": lambda r: (r.percent_complete, r.due_on),
}
DEFAULT_SORT = "due"


def _display_name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def action_rows(
    actions: QuerySet[Action], *, on: date, rag: str = "", overdue: str = "", sort: str = ""
) -> list[ActionRow]:
    """The filtered actions as plan rows, RAG as at `on` (two queries, however many rows)."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-on", "-created_at", "-pk")
    values = actions.annotate(
        latest_on=Subquery(latest.values("on")[:1]), latest_note=Subquery(latest.values("note")[:1])
    ).values(
        "pk",
        "notice_id",
        "reference",
        "title",
        "owner__first_name",
        "owner__last_name",
        "owner__username",
        "lead_organisation__name",
        "start_on",
        "due_on",
        "status",
        "completed_on",
        "percent_complete",
        "rag_override",
        "latest_on",
        "latest_note",
    )
    rows = {}
    for v in values:
        row = ActionRow(
            pk=v["pk"],
            notice_id=v["notice_id"],
            reference=v["reference"],
            title=v["title"],
            owner=_display_name(v["owner__first_name"], v["owner__last_name"], v["owner__username"]),
            organisation=v["lead_organisation__name"],
            start_on=v["start_on"],
            due_on=v["due_on"],
            status=v["status"],
            completed_on=v["completed_on"],
            percent_complete=v["percent_complete"],
            rag_override=v["rag_override"],
            latest_update_on=v["latest_on"],
            latest_update_note=v["latest_note"] or "",
        )
        row.rag, row.overdue = action_rag(row, on=on), is_overdue(row, on=on)
        rows[row.pk] = row
    _attach_requirements(rows, actions)
    chosen = [
        r for r in rows.values() if (not rag or r.rag == rag) and (not overdue or r.overdue == (overdue == "yes"))
    ]
    return sort_rows(chosen, sort)


# The sorts that read only an action's own columns (and its owner's and organisation's names), and which:
# a page of these is chosen before its rows are read.
_SORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "owner": ("owner__first_name", "owner__last_name", "owner__username"),
    "organisation": ("lead_organisation__name",),
}


def _reference_order() -> F | Collate:
    """The stored natural key, compared code point by code point (PostgreSQL's "C"; SQLite's own)."""
    return Collate(F("reference_key"), "C") if connection.vendor == "postgresql" else F("reference_key")


def _status_order() -> Case:
    return Case(*(When(status=value, then=Value(index)) for value, index in _STATUS_ORDER.items()))


# The sorts the database does itself, as SORTS does them in Python: the same keys in the same order.
_SQL_SORTS: dict[str, Callable[[], list]] = {
    "reference": lambda: [_reference_order()],
    "start": lambda: [F("start_on"), _reference_order()],
    "due": lambda: [F("due_on"), _reference_order()],
    "status": lambda: [_status_order(), F("due_on")],
    "percent": lambda: [F("percent_complete"), F("due_on")],
}


class _SortKey:
    """What the column sorts read of an action (see SORTS), for choosing a page before reading its rows.

    Only the columns the sort reads are set; the rest keep these blanks. A plain object (not a
    dataclass): one is made for every action of the plan on each view of a page.
    """

    reference = title = owner = organisation = status = ""
    start_on: date | None = None
    due_on: date | None = None
    percent_complete = 0

    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)


class _SortedPage:
    """The plan's primary keys in a sort's order, for the paginator: the page asked for and the
    number of actions in one query (a window count), whatever the length of the plan.

    `offset` is where the page asked for starts; when it holds no rows (a page past the end) the
    paginator's own count and slice are read instead.
    """

    def __init__(self, sorted_actions: QuerySet[Action], offset: int) -> None:
        self.sorted_actions = sorted_actions
        self.offset = offset
        self.pks: list[int] | None = None

    def count(self) -> int:
        rows = list(
            self.sorted_actions.annotate(total=Window(Count("pk"))).values_list("pk", "total")[
                self.offset : self.offset + PAGE_SIZE
            ]
        )
        if rows:
            self.pks = [pk for pk, _ in rows]
            return rows[0][1]
        return self.sorted_actions.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, part: slice) -> list[int]:
        if self.pks is not None and part.start == self.offset:
            return self.pks[: part.stop - part.start]
        return list(self.sorted_actions.values_list("pk", flat=True)[part])


def _sql_page(actions: QuerySet[Action], number: str | None, sort: str) -> Page:
    key, descending = sort.lstrip("-"), sort.startswith("-")
    # Ties keep the order the actions were read in, as Python's stable sort does (in both directions).
    read_in = list(actions.query.order_by or (Action._meta.ordering or [] if actions.query.default_ordering else []))
    ties = [*read_in, "pk"]
    order = [OrderBy(expression, descending=descending) for expression in _SQL_SORTS[key]()]
    try:
        offset = max(int(number or 1) - 1, 0) * PAGE_SIZE
    except ValueError:
        offset = 0
    return get_page(_SortedPage(actions.order_by(*order, *ties), offset), number)


def action_page(
    actions: QuerySet[Action], number: str | None, *, on: date, rag: str = "", overdue: str = "", sort: str = ""
) -> Page:
    """The page `number` of `action_rows(actions, ...)`: the same rows in the same order.

    Sorted by one of the action's own columns and not filtered by RAG or overdue (both depend on
    today), the page is chosen before its rows are read in full, with their latest update, RAG and
    requirements: by the database (a reference's natural order is the stored `reference_key`) for
    the reference, dates, status and percentage, which reads only the page's 25 keys and the count,
    whatever the length of the plan; from the names alone for title, owner and organisation (their
    lower-casing is Python's). Otherwise every row is read and the page cut from them.
    """
    key = sort.lstrip("-")
    if key not in SORTS:
        sort = key = DEFAULT_SORT
    if rag or overdue or (key not in _SORT_COLUMNS and key not in _SQL_SORTS):
        return get_page(action_rows(actions, on=on, rag=rag, overdue=overdue, sort=sort), number)
    if key in _SQL_SORTS:
        page = _sql_page(actions, number, sort)
    else:
        # Only the columns this sort reads (the rest left blank).
        columns = _SORT_COLUMNS[key]
        read = actions.values_list("pk", *columns)
        if key == "owner":
            keys = [_SortKey(pk=pk, owner=_display_name(first, last, username)) for pk, first, last, username in read]
        elif key == "organisation":
            keys = [_SortKey(pk=pk, organisation=name or "") for pk, name in read]
        else:
            keys = [_SortKey(pk=row[0], **dict(zip(columns, row[1:], strict=True))) for row in read]
        page = get_page([k.pk for k in sort_rows(keys, sort)], number)
    rows = {row.pk: row for row in action_rows(actions.filter(pk__in=page.object_list), on=on)}
    page.object_list = [rows[pk] for pk in page.object_list]
    return page


def _attach_requirements(rows: dict[int, ActionRow], actions: QuerySet[Action]) -> None:
    links = (
        Action.requirements.through.objects.filter(action_id__in=actions.values("pk"))
        .values(
            "action_id",
            "requirement__reference",
            "requirement__position",
            "requirement__measure__reference",
            "requirement__measure__position",
        )
        .order_by("requirement__measure__position", "requirement__position")
    )
    for link in links:
        row = rows.get(link["action_id"])
        if row is None:
            continue
        row.requirements.append(link["requirement__reference"])
        if link["requirement__measure__reference"] not in row.measures:
            row.measures.append(link["requirement__measure__reference"])
        row.measure_key = min(row.measure_key, (link["requirement__measure__position"], link["requirement__position"]))


def sort_rows(rows: list, sort: str) -> list:
    """`sort` is a key of SORTS, with a leading "-" for descending; anything else sorts by due date."""
    key = sort.lstrip("-")
    if key not in SORTS:
        key, sort = DEFAULT_SORT, DEFAULT_SORT
    return sorted(rows, key=SORTS[key], reverse=sort.startswith("-"))


@dataclass
class ActionDetail:
    """What the action's page shows beyond the action itself. The updates and the history are read
    only when asked for: the page keeps their markup under `mark` and, while it holds, never reads them."""

    action: Action
    requirements: list[Requirement]
    mark: str  # moves whenever the updates or the history would read differently

    @cached_property
    def updates(self) -> list[ActionUpdate]:
        return list(self.action.updates.select_related("author").order_by("-on", "-created_at", "-pk"))

    @cached_property
    def history(self) -> list[HistoryEntry]:
        return action_history(self.action)


# What the action's page shows of a requirement it serves, and what the requirement's link needs.
_DETAIL_REQUIREMENT_COLUMNS = (
    "id",
    "reference",
    "text",
    "position",
    "measure_id",
    "measure__id",
    "measure__notice_id",
    "measure__reference",
    "measure__position",
)


def action_detail(action: Action) -> ActionDetail:
    requirements = list(
        action.requirements.select_related("measure")
        .only(*_DETAIL_REQUIREMENT_COLUMNS)  # a measure's intro and closing run to pages; none is shown here
        .order_by("measure__position", "position")
    )
    return ActionDetail(action=action, requirements=requirements, mark=history_mark(action.pk))


def history_mark(action_pk: int) -> str:
    """A key that moves whenever the action's updates or history would read differently (one query).

    History rows are only ever added, so each table's newest row id names its rows; the names the
    updates and history show as they are now (people, the lead organisations, the requirements'
    references) are read too, as few as the people and organisations the action has had.
    """
    with connection.cursor() as cursor:
        cursor.execute(_history_mark_sql(), [action_pk] * 9)
        return content_key(action_pk, cursor.fetchall())


@cache
def _history_mark_sql() -> str:
    def table(model: Any) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    actions, updates = table(Action.history.model), table(ActionUpdate.history.model)
    links = table(Action.history.model._meta.get_field("historicalaction_requirements").related_model)
    people, organisations = table(get_user_model()), table(Organisation)
    requirements = table(Requirement)
    return f"""
        SELECT 'action', CAST(MAX(history_id) AS TEXT) FROM {actions} WHERE id = %s
        UNION ALL SELECT 'updates', CAST(MAX(history_id) AS TEXT) FROM {updates} WHERE action_id = %s
        UNION ALL SELECT 'person', CAST(id AS TEXT) || ' ' || first_name || ' ' || last_name || ' ' || username
            FROM {people} WHERE id IN (
                SELECT history_user_id FROM {actions} WHERE id = %s UNION SELECT owner_id FROM {actions} WHERE id = %s
                UNION SELECT history_user_id FROM {updates} WHERE action_id = %s
                UNION SELECT author_id FROM {updates} WHERE action_id = %s)
        UNION ALL SELECT 'organisation', CAST(id AS TEXT) || ' ' || name
            FROM {organisations} WHERE id IN (SELECT lead_organisation_id FROM {actions} WHERE id = %s)
        UNION ALL SELECT 'requirement', CAST(id AS TEXT) || ' ' || reference FROM {requirements} WHERE id IN (
            SELECT requirement_id FROM {links} WHERE history_id IN (SELECT history_id FROM {actions} WHERE id = %s))
        UNION ALL SELECT 'now', CAST(COUNT(*) AS TEXT) FROM {updates} WHERE action_id = %s
        ORDER BY 1, 2"""


# Fields shown in an action's history, with how each is labelled.
_TRACKED = {
    "reference": "Reference",
    "title": "Action",
    "description": "Description",
    "owner": "Owner",
    "lead_organisation": "Lead organisation",
    "start_on": "Start date",
    "due_on": "Due date",
    "status": "Status",
    "completed_on": "Completed on",
    "percent_complete": "Percent complete",
    "rag_override": "RAG override",
    "rag_override_reason": "Override reason",
}
_UPDATE_TRACKED = {"on": "Date", "percent_complete": "Percent complete", "note": "Note"}
_UPDATE_KINDS = {"+": "Progress update added", "~": "Progress update changed", "-": "Progress update deleted"}


def action_history(action: Action) -> list[HistoryEntry]:
    """Every change to the action and its progress updates, newest first (three queries; five when the
    action's owner or organisation changed, or the action was read without them)."""
    records = list(Action.history.filter(id=action.pk).select_related("history_user"))
    updates = ActionUpdate.history.filter(action_id=action.pk).select_related("history_user")
    return merge(
        diff_history(
            records,
            fields=list(_TRACKED),
            labels={**_TRACKED, "requirements": "Requirements"},
            names=_history_names(records, action),
            links={"requirements": _history_requirement_links(records)},
            created_changes=True,
        ),
        diff_history(
            updates, fields=list(_UPDATE_TRACKED), labels=_UPDATE_TRACKED, kinds=_UPDATE_KINDS, created_changes=True
        ),
    )


def _history_names(records: list, action: Action) -> dict:
    """The owners' and lead organisations' names the history shows, as they are now.

    Most actions keep their owner and organisation: when the history names only the action's
    own, already read with it, those are the names, without a query.
    """
    user_ids = {r.owner_id for r in records} - {None}
    org_ids = {r.lead_organisation_id for r in records} - {None}
    if user_ids == {action.owner_id} and Action.owner.is_cached(action):
        owners = {action.owner_id: who(action.owner)}
    else:
        owners = {u.pk: who(u) for u in get_user_model().objects.filter(pk__in=user_ids)}
    if org_ids == {action.lead_organisation_id} and Action.lead_organisation.is_cached(action):
        assert action.lead_organisation is not None  # its id is in org_ids
        organisations = {action.lead_organisation_id: action.lead_organisation.name}
    else:
        organisations = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    return {"owner": owners, "lead_organisation": organisations}


def _history_requirement_links(records: list) -> dict[int, list[str]]:
    """Each history row's requirements, in the notice's order (one query)."""
    through = Action.history.model._meta.get_field("historicalaction_requirements").related_model
    rows = (
        through.objects.filter(history_id__in=[r.history_id for r in records])
        .values_list("history_id", "requirement__reference")
        .order_by("requirement__measure__position", "requirement__position")
    )
    links: dict[int, list[str]] = {}
    for history_id, reference in rows:
        links.setdefault(history_id, []).append(reference or "(removed requirement)")
    return links
