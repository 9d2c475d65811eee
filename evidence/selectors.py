"""Reads of evidence, each in a fixed number of queries, each honouring the restricted rule.

`accepted_evidence_by_requirement` feeds the coverage matrix on the dashboard and in the DfE
review pack. Published documents (PDFs) call it with `viewer_access=None`, which leaves out
every restricted item whoever builds the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from actions.models import Action
from evidence.access import visibility_filter
from evidence.models import EvidenceItem, EvidenceQuerySet, EvidenceReview, EvidenceRevision
from measures.access import NoticeAccess
from measures.models import Notice, Requirement
from notice_tracker.lib.historydiff import HistoryEntry, diff_history, linked_ids


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
    """The exports' rows with everything a row holds (three queries)."""
    return (
        queryset.select_related("submitted_by", "organisation", "current_revision")
        .prefetch_related(
            Prefetch(
                "requirements",
                queryset=Requirement.objects.order_by("measure__position", "position").only("id", "reference"),
            ),
            Prefetch("actions", queryset=Action.objects.order_by("reference").only("id", "reference")),
        )
        .order_by("-covers_from", "-pk")
    )


# The columns the list shows (evidence/item_list.html), and nothing else: a page reads 50 rows of these.
_LIST_COLUMNS = [
    "id",
    "notice_id",
    "title",
    "kind",
    "nature",
    "covers_from",
    "covers_to",
    "link",
    "restricted",
    "review_status",
    "submitted_at",
    "organisation__name",
    "submitted_by__first_name",
    "submitted_by__last_name",
    "submitted_by__username",
    "current_revision__original_name",
    "current_revision__number",
]


def evidence_page_rows(queryset: EvidenceQuerySet) -> EvidenceQuerySet:
    """The list's rows, for slicing into pages: only the columns a row shows, in its order
    (the index evidence_notice_newest), with its requirements' references. Two queries a page."""
    return (
        queryset.select_related("submitted_by", "organisation", "current_revision")
        .only(*_LIST_COLUMNS)
        .prefetch_related(
            Prefetch(
                "requirements",
                queryset=Requirement.objects.order_by("measure__position", "position").only("id", "reference"),
            )
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
        item=item,
        requirements=requirements,
        actions=actions,
        revisions=revisions,
        reviews=reviews,
        history=evidence_history(item, revisions=revisions),
    )


# Bookkeeping fields whose changes say nothing a reader needs.
_HIDDEN = {"version", "updated_at"}
_LABELS = {"current_revision": "File", "requirements": "Requirements", "actions": "Actions"}


def evidence_history(item: EvidenceItem, *, revisions: list[EvidenceRevision] | None = None) -> list[HistoryEntry]:
    """Who changed what and when, newest first, with links and files named rather than numbered.

    One write through the services is one version, though it may leave several history rows
    (a links change, then the save): they are shown as one entry, the state that write left.

    Five queries however long the history (four if `revisions` are given): the rows, the two
    link tables' history, the names of requirements and actions that were ever linked, and
    the revisions.
    """
    records = list(item.history.select_related("history_user"))
    ids = [r.history_id for r in records]
    history_model = EvidenceItem.history.model
    links = {
        "requirements": linked_ids(history_model, "requirements", "requirement_id", ids),
        "actions": linked_ids(history_model, "actions", "action_id", ids),
    }
    if revisions is None:
        revisions = list(item.revisions.order_by("-number"))
    names = {
        "requirements": dict(
            Requirement.objects.filter(pk__in=_all(links["requirements"])).values_list("pk", "reference")
        ),
        "actions": dict(Action.objects.filter(pk__in=_all(links["actions"])).values_list("pk", "reference")),
        "current_revision": {r.pk: f"{r.original_name} (revision {r.number})" for r in revisions},
    }
    return diff_history(records, hidden=_HIDDEN, labels=_LABELS, names=names, links=links, group_writes=True)


def _all(linked: dict[int, set[int]]) -> set[int]:
    return set().union(*linked.values()) if linked else set()


@dataclass
class RequirementCoverage:
    requirement: Requirement
    qualitative: list[EvidenceItem] = field(default_factory=list)
    quantitative: list[EvidenceItem] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return not (self.qualitative or self.quantitative)


def accepted_evidence_by_requirement(
    notice: Notice, *, viewer_access: NoticeAccess | None
) -> list[RequirementCoverage]:
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
