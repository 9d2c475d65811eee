"""Stored roll-ups.

A snapshot is the roll-up (progress/rules.py) as it stood at a month end, stored so the
dashboard can show how each measure's RAG moved and a report can state the position "as at"
a date without replaying history. Snapshots are derived data, taken again at will, so they
carry no change history. They moved here from the measures app and keep its tables.
"""

from __future__ import annotations

from django.db import models

from measures.models import Measure, Notice

RAG_CHOICES = [("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("none", "Not rated")]


class RollupCounts(models.Model):
    """The counts a notice snapshot and a measure snapshot both keep."""

    rag = models.CharField(max_length=10, choices=RAG_CHOICES)
    actions_complete = models.PositiveIntegerField(default=0)
    actions_on_track = models.PositiveIntegerField(default=0)
    actions_at_risk = models.PositiveIntegerField(default=0)
    actions_overdue = models.PositiveIntegerField(default=0)
    requirements = models.PositiveIntegerField(default=0)
    requirements_with_evidence = models.PositiveIntegerField(default=0)
    requirements_with_both = models.PositiveIntegerField(
        default=0, help_text="With accepted qualitative and quantitative evidence."
    )
    impact_gaps = models.PositiveIntegerField(default=0, help_text="Impact requirements with no accepted evidence.")
    failing_indicators = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class NoticeSnapshot(RollupCounts):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="snapshots")
    as_at = models.DateField(help_text="The month end the roll-up describes.")
    rag_reason = models.TextField(blank=True)
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "measures_noticesnapshot"
        ordering = ["notice", "-as_at"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "as_at"], name="noticesnapshot_one_per_month_end"),
        ]
        indexes = [
            # The portfolio reads each notice's latest snapshot; the dashboard its last twelve.
            models.Index(fields=["notice", "-as_at"], name="noticesnapshot_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} as at {self.as_at}: {self.rag}"


class MeasureSnapshot(RollupCounts):
    snapshot = models.ForeignKey(NoticeSnapshot, on_delete=models.CASCADE, related_name="measures")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="snapshots")
    reasons = models.TextField(blank=True, help_text="The roll-up's reasons, one a line.")

    class Meta:
        db_table = "measures_measuresnapshot"
        ordering = ["snapshot", "measure__position"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "measure"], name="measuresnapshot_one_per_measure"),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} in {self.snapshot_id}: {self.rag}"
