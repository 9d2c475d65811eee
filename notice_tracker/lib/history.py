"""Change history that no write path can skip.

django-simple-history records a history row from `save()` and `delete()` signals, but a
queryset `.update()`, `bulk_create()` or `bulk_update()` sends no signal and would change a
record silently. `TrackedQuerySet` closes that gap: those three methods write the same
history rows in the same transaction. Every model whose changes are evidence uses it as
its manager (`objects = TrackedQuerySet.as_manager()`) alongside `history = HistoricalRecords()`.
Pages read what changed through the one differ, `notice_tracker.lib.historydiff`.

Why simple-history rather than django-pghistory: pghistory's triggers need PostgreSQL, and
the first run of this app is on SQLite. With this queryset, simple-history covers every
path the ORM offers on both databases; raw SQL is not used anywhere in the app.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.dispatch import Signal, receiver
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_m2m_records, post_create_historical_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@functools.cache
def _history_manager_class(manager_class: type[models.Manager], queryset_class: type[models.QuerySet]) -> type:
    return manager_class.from_queryset(queryset_class)


def _history_manager(self: HistoryDescriptor, instance: models.Model | None, owner: type) -> models.Manager:
    return _history_manager_class(self.manager_class, self.queryset_class)(self.model, instance)


# simple-history builds a new manager class (Manager.from_queryset, which inspects every method of
# the queryset class) on each read of `Model.history`: about a millisecond each, and a page that
# checks whether the position changed reads a dozen. The class depends only on the two classes it
# is made from, so it is made once; each read still gets its own manager for its model and instance.
HistoryDescriptor.__get__ = _history_manager

# Sent whenever history rows are written, by any path: `sender` is the model, `instances` the
# records written. Apps that keep something derived from the data (progress's stored positions)
# listen here rather than in every service that writes.
history_written = Signal()


@receiver(post_create_historical_record)
@receiver(post_create_historical_m2m_records)
def _one_record_written(sender, instance, **kwargs) -> None:
    history_written.send(sender=type(instance), instances=[instance])


def save_as(obj: models.Model, by: User | None) -> None:
    """Save `obj`, its history row naming `by` as who made the change."""
    set_history_user(obj, by)
    obj.save()


def set_history_user(obj: models.Model, by: User | None) -> None:
    """Name `by` in the history row the next save of `obj` writes (simple-history's per-instance hook)."""
    obj._history_user = by  # type: ignore[attr-defined]  # simple-history reads it; models do not declare it


class TrackedQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            if pks:
                changed = list(self.model._base_manager.using(self.db).filter(pk__in=pks))
                self.model.history.bulk_history_create(changed, update=True)  # type: ignore[attr-defined]  # HistoricalRecords adds it
                history_written.send(sender=self.model, instances=changed)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            # Without primary keys (some backends on conflict) there is nothing to point history at.
            with_pk = [obj for obj in created if obj.pk is not None]
            self.model.history.bulk_history_create(with_pk)  # type: ignore[attr-defined]  # HistoricalRecords adds it
            if with_pk:
                history_written.send(sender=self.model, instances=with_pk)
        return created

    # bulk_update() needs no override: Django implements it with update() on this queryset.


class MovedHistoricalRecords(HistoricalRecords):
    """`HistoricalRecords` for a model that moved to another app and keeps its old tables.

    `table_name` keeps the history table; simple-history has no option for the table of an
    `m2m_fields` history model, so `m2m_table_names` maps each such field to its old table.
    """

    def __init__(self, *args, m2m_table_names: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.m2m_table_names = m2m_table_names or {}

    def get_meta_options_m2m(self, through_model) -> dict:
        options = super().get_meta_options_m2m(through_model)
        for field, table in self.m2m_table_names.items():
            # The auto-created through model of field `requirements` on Action is `Action_requirements`.
            if through_model._meta.model_name == f"{self.cls._meta.model_name}_{field}":
                options["db_table"] = table
        return options
