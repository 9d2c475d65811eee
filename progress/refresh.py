"""Keeping stored positions current: a write works out its notice's position again once committed.

Pages read positions through `progress.position.current_positions`, which never serves a stale
one (its cache key moves with the notice's data). This module makes the next read cheap: when
a transaction that wrote history rows commits, the positions of the notices it touched are
worked out and stored — in the request, or on the RQ queue when REDIS_URL is set — so the
portfolio and the dashboards read them with one query.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.db import models, transaction

from actions.models import ActionUpdate
from evidence.models import EvidenceReview
from indicators.models import IndicatorValue
from measures.models import Notice, Requirement
from notice_tracker.lib import clock, jobs
from progress.models import DutyCompletion, MeasureJudgement
from progress.position import MARK_SOURCES, current_positions

logger = logging.getLogger(__name__)

# Records whose history names their notice through a parent: (foreign key, parent model).
_PARENTS = {
    ActionUpdate: "action",
    EvidenceReview: "item",
    IndicatorValue: "indicator",
    Requirement: "measure",
    MeasureJudgement: "measure",
    DutyCompletion: "duty",
}
_WATCHED = {model for model, _ in MARK_SOURCES}


def notice_ids_of(model: type[models.Model], instances: Sequence[models.Model]) -> set[int]:
    """The notices the written records belong to (one query for records that name their notice through a parent)."""
    if model is Notice:
        return {obj.pk for obj in instances}
    if model in _PARENTS:
        fk = _PARENTS[model]
        parent = model._meta.get_field(fk).related_model
        if not isinstance(parent, type):
            raise TypeError(f"{model.__name__}.{fk} names no model")
        parent_ids = {obj.serializable_value(fk) for obj in instances}
        return set(parent._default_manager.filter(pk__in=parent_ids).values_list("notice_id", flat=True))
    return {obj.serializable_value("notice") for obj in instances}


class _Refresh:
    """One on-commit refresh per transaction (per savepoint level), gathering every notice it touched."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.notice_ids: set[int] = set()

    def __call__(self) -> None:
        refresh_positions(sorted(self.notice_ids))


def history_written(sender: type[models.Model], instances: Sequence[models.Model], **kwargs: object) -> None:
    if sender not in _WATCHED or not instances:
        return
    notice_ids = notice_ids_of(sender, instances)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        refresh_positions(sorted(notice_ids))
        return
    # A refresh already waiting at this savepoint level takes these notices too; a savepoint
    # rolled back drops its own refresh with its writes, as it should.
    level = set(connection.savepoint_ids)
    for sids, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _Refresh) and sids == level:
            callback.notice_ids |= notice_ids
            return
    refresh = _Refresh(connection.alias)
    refresh.notice_ids |= notice_ids
    transaction.on_commit(refresh, robust=True)


def refresh_positions(notice_ids: list[int]) -> None:
    """Work out and store today's position of each notice: on the job queue when there is one."""
    if jobs.queue_enabled():
        try:
            jobs.enqueue(store_positions, notice_ids)
        except Exception:  # the queue is down: pages still work the positions out when they are read
            logger.exception("Could not queue the refresh of positions %s", notice_ids)
    else:
        store_positions(notice_ids)


def store_positions(notice_ids: list[int]) -> None:
    notices = list(Notice.objects.filter(pk__in=notice_ids, status=Notice.Status.ACTIVE))
    current_positions(notices, on=clock.today())
