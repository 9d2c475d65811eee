"""A revised notice takes over the indicators: each moves to it with its figures, linked to the new
requirements its old ones became (measures.importing registers this; indicators.apps loads it)."""

from __future__ import annotations

from indicators.models import Indicator
from measures.importing import Revision, register_carry_over
from notice_tracker.lib.history import set_history_user


@register_carry_over
def indicators_carry_over(revision: Revision) -> None:
    for indicator in Indicator.objects.select_for_update().filter(notice=revision.old).prefetch_related("requirements"):
        set_history_user(indicator, revision.by)
        indicator.skip_history_when_saving = True  # type: ignore[attr-defined]  # simple-history's switch
        indicator.requirements.set(revision.new_requirements([r.pk for r in indicator.requirements.all()]))
        del indicator.skip_history_when_saving  # type: ignore[attr-defined]
        indicator.notice = revision.new
        indicator.owner_organisation = revision.organisations[indicator.owner_organisation_id]
        indicator.version += 1
        indicator.save()
