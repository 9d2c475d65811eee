"""The coverage matrix's stored counts (`CoverageCount`): rebuilt for a notice by the writes that change them.

Every write to an item or its links leaves a history row, and `history_written` says so
(notice_tracker.lib.history); unless the item is not and never was accepted, the notice's
counts are then worked out again from the items in one query and stored, in the same
transaction as the write, so they are never stale and a rolled-back write takes its counts
with it. (Such a write costs one more aggregate query over the notice's accepted evidence —
tens of milliseconds at benchmark scale; the matrix, read far more often than evidence is
accepted, reads a few hundred rows instead of counting every accepted item.)
`refresh_coverage_counts` is also what the migration and the benchmark generator call after
writing links without history.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Case, Count, F, When

from evidence.models import CoverageCount, EvidenceItem
from measures.models import Notice


def refresh_coverage_counts(notice_ids) -> None:
    """Work out and store the counts of each notice in `notice_ids` (a lock, one read, one delete, one insert each)."""
    Link = EvidenceItem.requirements.through
    for notice_id in sorted(set(notice_ids)):
        with transaction.atomic():
            # One rebuild of a notice's counts at a time: a second writer waits here until the first
            # commits, then reads the items afresh (each statement sees what has been committed), so
            # two concurrent writes can neither leave two sets of rows nor miss each other's item.
            list(Notice.objects.select_for_update().filter(pk=notice_id).values_list("pk", flat=True))
            rows = (
                Link.objects.filter(
                    evidenceitem__notice_id=notice_id, evidenceitem__review_status=EvidenceItem.Status.ACCEPTED
                )
                .values(
                    "requirement_id",
                    nature=F("evidenceitem__nature"),
                    organisation_id=F("evidenceitem__organisation_id"),
                    restricted=F("evidenceitem__restricted"),
                    submitted_by_id=Case(When(evidenceitem__restricted=True, then=F("evidenceitem__submitted_by_id"))),
                )
                .annotate(items=Count("evidenceitem_id"))
                .order_by()
            )
            counts = [CoverageCount(notice_id=notice_id, **row) for row in rows]
            CoverageCount.objects.filter(notice_id=notice_id).delete()
            CoverageCount.objects.bulk_create(counts, batch_size=2000)


def history_written(sender, instances: list, **kwargs) -> None:
    """A write to items: rebuild their notices' counts, unless none of the items is or ever was accepted.

    A review changes the counts through the item's own save (its new status), which comes here.
    Most writes are to items awaiting review (a submission is three or four writes): an item
    never accepted is counted nowhere, before or after, so one look at the history skips them.
    """
    if sender is not EvidenceItem or not instances:
        return
    accepted = EvidenceItem.Status.ACCEPTED
    if all(item.review_status != accepted for item in instances) and not (
        EvidenceItem.history.filter(id__in=[item.pk for item in instances], review_status=accepted).exists()
    ):
        return
    refresh_coverage_counts({item.notice_id for item in instances})
