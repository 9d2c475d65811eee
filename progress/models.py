"""Stored roll-ups.

A snapshot is the roll-up (progress/rules.py) as it stood at a month end, stored so the
dashboard can show how each measure's RAG moved and a report can state the position "as at"
a date without replaying history. Snapshots are derived data, taken again at will, so they
carry no change history. They moved here from the measures app and keep its tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from evidence.models import EvidenceItem
from measures.models import Duty, Measure, Notice, letter_upload_to
from meetings.models import BoardMeeting
from reports.models import Report

RAG_CHOICES = [("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("none", "Not rated")]
JUDGEMENT_CHOICES = RAG_CHOICES[:3]


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


class MeasureJudgement(models.Model):
    """The Chair's own rating of a measure for a month, with a sentence saying why.

    Shown beside the rating the data gives (progress/rules.py), so any difference between the
    Chair's view and the data is visible. One per measure and month; changes keep history.
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="judgements")
    month = models.DateField(help_text="The first day of the month judged.")
    rag = models.CharField("rating", max_length=10, choices=JUDGEMENT_CHOICES)
    sentence = models.CharField("why", max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "month"], name="measurejudgement_one_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.month:%B %Y}: {self.rag}"


class DutyCompletion(models.Model):
    """A one-off duty done: when, who recorded it, and what proves it — an evidence item (the
    validation report), an issued report, the Board meeting that did it, or a letter uploaded here
    (see notice_tracker/lib/documents.py). The duty's `completed_on` is set with it, so every page
    reads the duty as met through the notice's position."""

    duty = models.OneToOneField(Duty, on_delete=models.CASCADE, related_name="completion")
    done_on = models.DateField("done on")
    note = models.TextField("what was done", blank=True)
    evidence = models.ForeignKey(
        EvidenceItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="evidence item"
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="issued report"
    )
    meeting = models.ForeignKey(
        BoardMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="Board meeting"
    )
    letter_file = models.FileField(upload_to=letter_upload_to, max_length=200, blank=True)
    letter_name = models.CharField("letter file name", max_length=255, blank=True)
    letter_content_type = models.CharField(max_length=100, blank=True)
    letter_size = models.PositiveBigIntegerField(null=True, blank=True)
    letter_sha256 = models.CharField("letter SHA-256", max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(evidence__isnull=False)
                | models.Q(report__isnull=False)
                | models.Q(meeting__isnull=False)
                | ~models.Q(letter_sha256=""),
                name="dutycompletion_has_proof",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duty} done {self.done_on}"

    @property
    def has_letter(self) -> bool:
        return bool(self.letter_file)
