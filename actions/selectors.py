"""Reads for the improvement-plan pages and exports, each in a fixed number of queries.

The list, the CSV and the Excel file are all made from `action_rows`, so an export holds
exactly what the filtered list shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse

from measures.models import Organisation, Requirement
from actions.models import Action, ActionUpdate
from actions.models import Rag
from actions.rules import action_rag, is_overdue
from notice_tracker.lib.history import Change, HistoryEntry

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
        return Rag(self.rag).label if self.rag else "None (cancelled)"

    @property
    def url(self) -> str:
        return reverse("actions:action-detail", args=[self.notice_id, self.pk])


def natural_key(text: str) -> tuple:
    """A-2 before A-10."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text))


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


def action_rows(actions: QuerySet[Action], *, on: date, rag: str = "", overdue: str = "", sort: str = "") -> list[ActionRow]:
    """The filtered actions as plan rows, RAG as at `on` (two queries, however many rows)."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-on", "-created_at", "-pk")
    values = actions.annotate(
        latest_on=Subquery(latest.values("on")[:1]), latest_note=Subquery(latest.values("note")[:1])
    ).values(
        "pk", "notice_id", "reference", "title", "owner__first_name", "owner__last_name", "owner__username",
        "lead_organisation__name", "start_on", "due_on", "status", "completed_on", "percent_complete",
        "rag_override", "latest_on", "latest_note",
    )
    rows = {}
    for v in values:
        row = ActionRow(
            pk=v["pk"], notice_id=v["notice_id"], reference=v["reference"], title=v["title"],
            owner=_display_name(v["owner__first_name"], v["owner__last_name"], v["owner__username"]),
            organisation=v["lead_organisation__name"], start_on=v["start_on"], due_on=v["due_on"],
            status=v["status"], completed_on=v["completed_on"], percent_complete=v["percent_complete"],
            rag_override=v["rag_override"], latest_update_on=v["latest_on"], latest_update_note=v["latest_note"] or "",
        )
        row.rag, row.overdue = action_rag(row, on=on), is_overdue(row, on=on)
        rows[row.pk] = row
    _attach_requirements(rows, actions)
    chosen = [r for r in rows.values() if (not rag or r.rag == rag) and (not overdue or r.overdue == (overdue == "yes"))]
    return sort_rows(chosen, sort)


def _attach_requirements(rows: dict[int, ActionRow], actions: QuerySet[Action]) -> None:
    links = (
        Action.requirements.through.objects.filter(action_id__in=actions.values("pk"))
        .values("action_id", "requirement__reference", "requirement__position", "requirement__measure__reference",
                "requirement__measure__position")
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


def sort_rows(rows: list[ActionRow], sort: str) -> list[ActionRow]:
    """`sort` is a key of SORTS, with a leading "-" for descending; anything else sorts by due date."""
    key = sort.lstrip("-")
    if key not in SORTS:
        key, sort = DEFAULT_SORT, DEFAULT_SORT
    return sorted(rows, key=SORTS[key], reverse=sort.startswith("-"))


@dataclass(frozen=True)
class ActionDetail:
    requirements: list[Requirement]
    updates: list[ActionUpdate]
    history: list[HistoryEntry]


def action_detail(action: Action) -> ActionDetail:
    requirements = list(action.requirements.select_related("measure").order_by("measure__position", "position"))
    updates = list(action.updates.select_related("author").order_by("-on", "-created_at", "-pk"))
    return ActionDetail(requirements=requirements, updates=updates, history=action_history(action))


# Fields shown in an action's history, with how each is labelled.
_TRACKED = {
    "reference": "Reference", "title": "Action", "description": "Description", "owner_id": "Owner",
    "lead_organisation_id": "Lead organisation", "start_on": "Start date", "due_on": "Due date",
    "status": "Status", "completed_on": "Completed on", "percent_complete": "Percent complete",
    "rag_override": "RAG override", "rag_override_reason": "Override reason",
}
_UPDATE_TRACKED = {"on": "Date", "percent_complete": "Percent complete", "note": "Note"}
_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else "System"


def _show(name: str, value, names: dict) -> str:
    if value in (None, ""):
        return "—"
    if name in ("owner_id", "lead_organisation_id"):
        return names.get((name, value), f"#{value}")
    if name == "status":
        return Status(value).label
    if name == "rag_override":
        return Rag(value).label
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def action_history(action: Action) -> list[HistoryEntry]:
    """Every change to the action and its progress updates, newest first (five queries)."""
    records = list(Action.history.filter(id=action.pk).select_related("history_user").order_by("history_date", "history_id"))
    names = _history_names(records)
    links = _history_requirement_links(records)
    entries, previous = [], None
    for record in records:
        changes = []
        for name, label in _TRACKED.items():
            old = getattr(previous, name) if previous else None
            new = getattr(record, name)
            if old != new and (previous or new not in (None, "", 0)):
                changes.append(Change(field=label, old=_show(name, old, names), new=_show(name, new, names)))
        old_links = links.get(previous.history_id, []) if previous else []
        if links.get(record.history_id, []) != old_links:
            changes.append(Change("Requirements", ", ".join(old_links) or "—", ", ".join(links[record.history_id]) or "—"))
        if previous is None or changes:
            entries.append(HistoryEntry(record.history_date, _who(record.history_user), _KINDS[record.history_type], changes))
        previous = record
    entries.extend(_update_history(action))
    return sorted(entries, key=lambda e: e.when, reverse=True)


def _history_names(records: list) -> dict:
    user_ids = {r.owner_id for r in records}
    org_ids = {r.lead_organisation_id for r in records}
    names = {("owner_id", u.pk): _who(u) for u in get_user_model().objects.filter(pk__in=user_ids)}
    names.update({("lead_organisation_id", o.pk): o.name for o in Organisation.objects.filter(pk__in=org_ids)})
    return names


def _history_requirement_links(records: list) -> dict[int, list[str]]:
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


def _update_history(action: Action) -> list[HistoryEntry]:
    records = ActionUpdate.history.filter(action_id=action.pk).select_related("history_user").order_by("history_date", "history_id")
    entries, last_seen = [], {}
    for record in records:
        previous = last_seen.get(record.id)
        changes = [
            Change(label, _show(name, getattr(previous, name), {}) if previous else "—", _show(name, getattr(record, name), {}))
            for name, label in _UPDATE_TRACKED.items()
            if previous is None or getattr(previous, name) != getattr(record, name)
        ]
        kind = {"+": "Progress update added", "~": "Progress update changed", "-": "Progress update deleted"}[record.history_type]
        entries.append(HistoryEntry(record.history_date, _who(record.history_user), kind, changes))
        last_seen[record.id] = record
    return entries


@dataclass(frozen=True)
class SavedBy:
    who: str
    when: object


def last_saved_by(action: Action) -> SavedBy | None:
    record = Action.history.filter(id=action.pk).select_related("history_user").order_by("-history_date", "-history_id").first()
    return SavedBy(who=_who(record.history_user), when=record.history_date) if record else None


def edit_conflict(current: Action, mine: dict) -> list[tuple[str, str, str, bool]]:
    """Field by field: the saved value, the value in the refused form, and whether they differ."""
    saved = {
        "Reference": current.reference, "Action": current.title, "Description": current.description or "—",
        "Requirements": ", ".join(r.reference for r in current.requirements.order_by("measure__position", "position")),
        "Owner": _who(current.owner), "Lead organisation": current.lead_organisation.name,
        "Start date": _show("start_on", current.start_on, {}), "Due date": _show("due_on", current.due_on, {}),
        "Status": current.get_status_display(), "Completed on": _show("completed_on", current.completed_on, {}),
        "Percent complete": f"{current.percent_complete}%",
        "RAG override": current.get_rag_override_display() or "—",
    }
    yours = {
        "Reference": mine.get("reference") or "", "Action": mine.get("title", ""), "Description": mine.get("description") or "—",
        "Requirements": ", ".join(r.reference for r in sorted(mine.get("requirements", []), key=lambda r: (r.measure.position, r.position))),
        "Owner": _who(mine["owner"]) if mine.get("owner") else "—",
        "Lead organisation": mine["lead_organisation"].name if mine.get("lead_organisation") else "—",
        "Start date": _show("start_on", mine.get("start_on"), {}), "Due date": _show("due_on", mine.get("due_on"), {}),
        "Status": Status(mine["status"]).label if mine.get("status") else "—",
        "Completed on": _show("completed_on", mine.get("completed_on"), {}),
    }
    return [(label, value, yours.get(label, "(not on the form)"), label in yours and yours[label] != value) for label, value in saved.items()]
