"""A revised notice takes over the evidence: each item moves to it with its files and reviews,
linked to the new requirements its old ones became (measures.importing registers this;
evidence.apps loads it). The actions it supports move too (actions.carry_over)."""

from __future__ import annotations

from evidence.coverage_counts import refresh_coverage_counts
from evidence.models import EvidenceItem
from measures.importing import Revision, register_carry_over
from notice_tracker.lib.history import set_history_user


@register_carry_over
def evidence_carry_over(revision: Revision) -> None:
    for item in EvidenceItem.objects.select_for_update().filter(notice=revision.old).prefetch_related("requirements"):
        set_history_user(item, revision.by)
        item.skip_history_when_saving = True  # type: ignore[attr-defined]  # simple-history's switch
        item.requirements.set(revision.new_requirements([r.pk for r in item.requirements.all()]))
        del item.skip_history_when_saving  # type: ignore[attr-defined]
        item.notice = revision.new
        if item.organisation_id is not None:
            item.organisation = revision.organisations[item.organisation_id]
        item.version += 1
        item.save()
    refresh_coverage_counts({revision.old.pk, revision.new.pk})
