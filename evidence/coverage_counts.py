"""The coverage matrix's stored counts (`CoverageCount`): rebuilt for a notice by every write to its evidence.

Every write to an item, its links or its review leaves a history row, and `history_written`
says so (notice_tracker.lib.history); the notice's counts are then worked out again from the
items in one query and stored, in the same transaction as the write, so they are never stale
and a rolled-back write takes its counts with it. (A write costs a few milliseconds more; the
matrix, read far more often than evidence is written, reads a few hundred rows instead of
counting every accepted item.) `refresh_coverage_counts` is also what the migration and the
benchmark generator call after writing links without history.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Case, Count, F, When

from evidence.models import CoverageCount, EvidenceItem, EvidenceReview

_WATCHED = {EvidenceItem, EvidenceReview}


def refresh_coverage_counts(notice_ids) -> None:
    """Work out and store the counts of each notice in `notice_ids` (one read, one delete, one insert each)."""
    Link = EvidenceItem.requirements.through
    for notice_id in sorted(set(notice_ids)):
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
        with transaction.atomic():
            CoverageCount.objects.filter(notice_id=notice_id).delete()
            CoverageCount.objects.bulk_create(counts, batch_size=2000)


def history_written(sender, instances: list, **kwargs) -> None:
    if sender not in _WATCHED or not instances:
        return
    if sender is EvidenceReview:
        notice_ids = set(
            EvidenceItem.objects.filter(pk__in={r.item_id for r in instances}).values_list("notice_id", flat=True)
        )
    else:
        notice_ids = {item.notice_id for item in instances}
    refresh_coverage_counts(notice_ids)
