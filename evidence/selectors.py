"""Reads of evidence, each in a fixed number of queries, each honouring the restricted rule.

`accepted_evidence_by_requirement` feeds the coverage matrix on the dashboard and in the DfE
review pack. Published documents (PDFs) call it with `viewer_access=None`, which leaves out
every restricted item whoever builds the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from evidence.access import visibility_filter
from evidence.models import EvidenceItem, EvidenceQuerySet, EvidenceReview, EvidenceRevision
from measures.access import NoticeAccess
from measures.models import Notice, Requirement
from actions.models import Action
from notice_tracker.lib.history import Change, HistoryEntry, group_writes


def visible_evidence(access: NoticeAccess) -> EvidenceQuerySet:
    """The notice's items this member may see (restricted ones only for their organisation, Chair, admins)."""
    return EvidenceItem.objects.filter(visibility_filter(access), notice=access.notice)


def publishable_evidence(notice: Notice) -> EvidenceQuerySet:
    """The notice's items that may appear in a published document: never a restricted one."""
    return EvidenceItem.objects.filter(visibility_filter(None), notice=notice)


def evidence_list(queryset: EvidenceQuerySet) -> list[EvidenceItem]:
    """Rows for the exports: three queries, whatever the number of items."""
    return list(evidence_rows(queryset))


def evidence_rows(queryset: EvidenceQuerySet) -> EvidenceQuerySet:
    """The list's rows with everything a row shows, for slicing into pages (three queries a page)."""
    return (
        queryset.select_related("submitted_by", "organisation", "current_revision")
        .prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.order_by("measure__position", "position").only("id", "reference")),
            Prefetch("actions", queryset=Action.objects.order_by("reference").only("id", "reference")),
        )
        .order_by("-covers_from", "-pk")
    )


@dataclass
class EvidenceDetail:
    item: EvidenceItem
    requirements: list[Requirement]
    actions: list[Action]
    revisions: list[EvidenceRevision]
    reviews: list[EvidenceReview]
    history: list[HistoryEntry]


def evidence_detail(item: EvidenceItem) -> EvidenceDetail:
    """Everything the detail page shows, in a fixed number of queries (history included)."""
    requirements = list(item.requirements.select_related("measure").order_by("measure__position", "position"))
    actions = list(item.actions.order_by("reference"))
    revisions = list(item.revisions.select_related("uploaded_by").order_by("-number"))
    reviews = list(item.reviews.select_related("reviewer", "revision").order_by("-decided_at", "-pk"))
    return EvidenceDetail(
        item=item, requirements=requirements, actions=actions, revisions=revisions, reviews=reviews,
        history=evidence_history(item, revisions=revisions),
    )


# Bookkeeping fields whose changes say nothing a reader needs.
_HIDDEN = {"version", "updated_at"}
_LABELS = {"current_revision": "File", "requirements": "Requirements", "actions": "Actions"}


def evidence_history(
    item: EvidenceItem, *, revisions: list[EvidenceRevision], since_version: int | None = None
) -> list[HistoryEntry]:
    """Who changed what and when, newest first, with links and files named rather than numbered.

    One write through the services is one version, though it may leave several history rows
    (a links change, then the save): rows of the same version by the same person are shown as
    one entry, the state that write left. `since_version` keeps only the writes after that
    version: what someone else did while a user had the form open.

    Five queries however long the history: the rows, the two link tables' history, and the
    names of requirements and actions that were ever linked.
    """
    records = list(item.history.select_related("history_user").order_by("-history_date", "-history_id"))
    ids = [r.history_id for r in records]
    links = {name: _linked_ids(records[0].__class__, name, ids) if records else {} for name in ("requirements", "actions")}
    names = {
        "requirements": dict(Requirement.objects.filter(pk__in=_all(links["requirements"])).values_list("pk", "reference")),
        "actions": dict(Action.objects.filter(pk__in=_all(links["actions"])).values_list("pk", "reference")),
        "current_revision": {r.pk: f"{r.original_name} (revision {r.number})" for r in revisions},
    }
    writes = group_writes(records)
    entries = []
    for (newer, kind), older in zip(writes, [w[0] for w in writes[1:]] + [None]):
        if since_version is not None and newer.version <= since_version:
            continue
        changes = _changes(newer, older, links, names) if older is not None and kind != "+" else []
        if kind == "~" and not changes:
            continue  # a save that only moved bookkeeping fields
        user = newer.history_user
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=(user.get_full_name() or user.username) if user else "System",
                kind={"+": "Created", "~": "Changed", "-": "Deleted"}[kind],
                changes=changes,
            )
        )
    return entries


def _linked_ids(history_model, name: str, history_ids: list[int]) -> dict[int, set[int]]:
    m2m_model = getattr(history_model, name).model
    target = {"requirements": "requirement_id", "actions": "action_id"}[name]
    linked: dict[int, set[int]] = {pk: set() for pk in history_ids}
    for history_id, target_id in m2m_model.objects.filter(history_id__in=history_ids).values_list("history_id", target):
        linked[history_id].add(target_id)
    return linked


def _all(linked: dict[int, set[int]]) -> set[int]:
    return set().union(*linked.values()) if linked else set()


def _changes(newer, older, links, names) -> list[Change]:
    delta = newer.diff_against(older, excluded_fields=[*_HIDDEN, "requirements", "actions"])
    changes = [_field_change(EvidenceItem._meta.get_field(c.field), c, names) for c in delta.changes]
    for name in ("requirements", "actions"):
        before, after = links[name].get(older.history_id, set()), links[name].get(newer.history_id, set())
        if before != after:
            label = lambda ids: ", ".join(sorted(names[name].get(i, "?") for i in ids)) or "—"  # noqa: E731
            changes.append(Change(field=_LABELS[name], old=label(before), new=label(after)))
    return changes


def _field_change(model_field, change, names) -> Change:
    name = model_field.name
    label = _LABELS.get(name) or str(model_field.verbose_name).capitalize()
    return Change(field=label, old=_show(model_field, change.old, names), new=_show(model_field, change.new, names))


def _show(model_field, value, names) -> str:
    if value in (None, ""):
        return "—"
    if model_field.name in names:
        return names[model_field.name].get(value, f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "strftime"):
        return f"{value.day} {value:%B %Y}"
    return str(value)


@dataclass
class RequirementCoverage:
    requirement: Requirement
    qualitative: list[EvidenceItem] = field(default_factory=list)
    quantitative: list[EvidenceItem] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return not (self.qualitative or self.quantitative)


def accepted_evidence_by_requirement(notice: Notice, *, viewer_access: NoticeAccess | None) -> list[RequirementCoverage]:
    """Every requirement of the notice with its accepted evidence, split qualitative / quantitative.

    Two queries. `viewer_access=None` is for published documents: restricted items never count there.
    """
    requirements = list(Requirement.objects.filter(measure__notice=notice).select_related("measure"))
    rows = {r.pk: RequirementCoverage(requirement=r) for r in requirements}
    Link = EvidenceItem.requirements.through
    accepted = EvidenceItem.objects.accepted().filter(visibility_filter(viewer_access), notice=notice)
    links = (
        Link.objects.filter(requirement__measure__notice=notice, evidenceitem__in=accepted)
        .select_related("evidenceitem")
        .order_by("evidenceitem__covers_from", "evidenceitem__pk")
    )
    for link in links:
        item = link.evidenceitem
        bucket = rows[link.requirement_id]
        (bucket.qualitative if item.nature == EvidenceItem.Nature.QUALITATIVE else bucket.quantitative).append(item)
    return list(rows.values())
