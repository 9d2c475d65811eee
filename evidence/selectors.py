"""Reads of evidence, each in a fixed number of queries, each honouring the restricted rule.

`accepted_evidence_by_requirement` feeds the coverage matrix on the dashboard and in the DfE
review pack. Published documents (PDFs) call it with `viewer_access=None`, which leaves out
every restricted item whoever builds the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from actions.models import Action
from evidence.access import revision_downloadable, revision_listed, sees_restricted, visibility_filter
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


def evidence_detail(item: EvidenceItem, access: NoticeAccess) -> EvidenceDetail:
    """Everything the detail page shows the member, in a fixed number of queries (history included).

    Versions the member may not know of are left out, and each one listed says whether they may
    download it (`revision.downloadable`); a review of such a version does not name it.
    """
    requirements = list(item.requirements.select_related("measure").order_by("measure__position", "position"))
    actions = list(item.actions.order_by("reference"))
    every_revision = list(item.revisions.select_related("uploaded_by").order_by("-number"))
    revisions = [r for r in every_revision if revision_listed(access, item, r)]
    for revision in revisions:
        revision.downloadable = revision_downloadable(access, item, revision)  # type: ignore[attr-defined]  # read by the page
    listed = {r.pk for r in revisions}
    reviews = list(item.reviews.select_related("reviewer", "revision").order_by("-decided_at", "-pk"))
    for review in reviews:
        if review.revision_id not in listed:
            review.revision = None
    shown = sees_restricted(access, item)
    if not shown:  # a note on the item as it was while restricted may name what it held
        restricted_versions = set(item.history.filter(restricted=True).values_list("version", flat=True))
        for review in reviews:
            if review.item_version in restricted_versions:
                review.note = WITHHELD
    return EvidenceDetail(
        item=item,
        requirements=requirements,
        actions=actions,
        revisions=revisions,
        reviews=reviews,
        history=evidence_history(item, revisions=every_revision, restricted_era_shown=shown, listed=listed),
    )


# Bookkeeping fields whose changes say nothing a reader needs.
_HIDDEN = {"version", "updated_at"}
_LABELS = {"current_revision": "File", "requirements": "Requirements", "actions": "Actions"}


# What a restricted item says of itself: withheld, in its history, from who could not see it then.
_RESTRICTED_ERA_FIELDS = ("title", "description", "link")
WITHHELD = "(withheld: restricted at the time)"


def evidence_history(
    item: EvidenceItem,
    *,
    revisions: list[EvidenceRevision] | None = None,
    restricted_era_shown: bool = True,
    listed: set[int] | None = None,
) -> list[HistoryEntry]:
    """Who changed what and when, newest first, with links and files named rather than numbered.

    `restricted_era_shown=False` (a member who could not see the item while it was restricted):
    what it was called and said while restricted is withheld, and files outside `listed` (the
    versions the member may know of) are not named.

    One write through the services is one version, though it may leave several history rows
    (a links change, then the save): they are shown as one entry, the state that write left.

    Five queries however long the history (four if `revisions` are given): the rows, the two
    link tables' history, the names of requirements and actions that were ever linked, and
    the revisions.
    """
    records = list(item.history.select_related("history_user"))
    if not restricted_era_shown:
        for record in records:  # in memory only: the rows themselves are never changed
            if record.restricted:
                for name in _RESTRICTED_ERA_FIELDS:
                    setattr(record, name, WITHHELD)
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
        "current_revision": {
            r.pk: f"{r.original_name} (revision {r.number})"
            if restricted_era_shown or listed is None or r.pk in listed
            else f"revision {r.number} (not shown)"
            for r in revisions
        },
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
