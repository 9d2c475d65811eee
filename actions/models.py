"""Improvement-plan actions and their progress updates.

These models lived in the measures app; they keep its tables (db_table, the history
tables, the requirements link table) so existing databases move without copying a row.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from measures.models import Notice, Organisation, Requirement
from notice_tracker.lib.fasturls import detail_url
from notice_tracker.lib.history import MovedHistoricalRecords, TrackedQuerySet
from notice_tracker.lib.natural import natural_sort_key
from notice_tracker.lib.search_document import SearchFields, search_document


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class ActionQuerySet(TrackedQuerySet):
    def open(self) -> ActionQuerySet:
        return self.exclude(status__in=[Action.Status.COMPLETE, Action.Status.CANCELLED])

    def overdue(self, *, on: date) -> ActionQuerySet:
        return self.open().filter(due_on__lt=on)

    def due_between(self, start: date, end: date) -> ActionQuerySet:
        return self.filter(due_on__gte=start, due_on__lte=end)

    # Writes that bypass save() keep the stored sort key of the reference (Action.reference_key) too.
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.reference_key = natural_sort_key(obj.reference)
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs) -> int:
        if "reference" in kwargs:
            if not isinstance(kwargs["reference"], str):
                raise ValueError("Set an action's reference to a text, not an expression: its sort key follows it.")
            kwargs["reference_key"] = natural_sort_key(kwargs["reference"])
        return super().update(**kwargs)


class Action(models.Model):
    SEARCH_FIELDS: SearchFields = {"A": ("reference", "title"), "B": ("description",)}

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        CANCELLED = "cancelled", "Cancelled"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="actions")
    reference = models.CharField(max_length=20, help_text="The plan's own reference, e.g. A-012.")
    # The reference's natural order as text (notice_tracker.lib.natural), set on every save, so the
    # plan's page is sorted and cut by the database: A-2 before A-10.
    reference_key = models.TextField(editable=False, default="")
    requirements = models.ManyToManyField(Requirement, related_name="actions", db_table="measures_action_requirements")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_actions")
    lead_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="led_actions")
    start_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(null=True, blank=True)
    # The latest progress update's figure, kept here so lists and RAG need no extra query.
    percent_complete = models.PositiveSmallIntegerField(default=0)
    rag_override = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    rag_override_reason = models.TextField(blank=True)
    rag_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rag_override_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every save through the services; an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_document = search_document(SEARCH_FIELDS)

    objects = ActionQuerySet.as_manager()
    history = MovedHistoricalRecords(
        m2m_fields=[requirements],
        excluded_fields=["search_document", "reference_key"],
        table_name="measures_historicalaction",
        m2m_table_names={"requirements": "measures_historicalaction_requirements"},
    )

    class Meta:
        db_table = "measures_action"
        ordering = ["due_on", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "reference"], name="action_unique_reference"),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("start_on")), name="action_due_after_start"),
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="action_percent_at_most_100"),
            models.CheckConstraint(
                condition=Q(status="complete", completed_on__isnull=False)
                | (~Q(status="complete") & Q(completed_on__isnull=True)),
                name="action_completed_on_iff_complete",
            ),
            models.CheckConstraint(
                condition=Q(rag_override="") | ~Q(rag_override_reason=""),
                name="action_override_needs_reason",
            ),
        ]
        indexes = [
            # The action list and dashboard filter a notice's actions by status and due date.
            models.Index(fields=["notice", "status", "due_on"], name="action_notice_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return detail_url("actions:action-detail", self.notice_id, self.pk)

    def save(self, *args, **kwargs) -> None:
        self.reference_key = natural_sort_key(self.reference)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "reference" in update_fields:
            kwargs["update_fields"] = {*update_fields, "reference_key"}
        super().save(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.status in {self.Status.COMPLETE, self.Status.CANCELLED}

    def rag(self, *, on: date) -> str:
        from actions.rules import action_rag

        return action_rag(self, on=on)


class ActionUpdate(models.Model):
    """A dated progress note on an action: the timeline the Board reads."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(help_text="The date the progress refers to.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField()
    percent_complete = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrackedQuerySet.as_manager()
    history = MovedHistoricalRecords(table_name="measures_historicalactionupdate")

    class Meta:
        db_table = "measures_actionupdate"
        ordering = ["-on", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="actionupdate_percent_at_most_100"),
        ]
        indexes = [
            # Latest update per action, for the list's "latest update" column.
            models.Index(fields=["action", "-on", "-created_at"], name="actionupdate_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference} on {self.on}: {self.percent_complete}%"
