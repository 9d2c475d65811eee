"""The statutory reports (notice sections 12–14) and their narrative sections.

A report is drafted in the browser, then issued once: issuing renders the PDF, stores it with
its SHA-256 and the data it was built from, and freezes the row for good. The freeze is an
invariant, so it is enforced twice: here (the queryset's update()/delete() and the model's
save()/delete() refuse issued rows) and in the database (triggers created by the migration,
reports/triggers.py), so that no path — admin, shell, raw SQL — can change an issued
report. A correction is a new report whose `supersedes` points at the old one; the old row
is never written again.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from measures.models import Measure, Notice
from notice_tracker.lib.history import TrackedQuerySet

# A queued PDF build no worker has started after this long has no worker to run it (none is running).
QUEUE_PATIENCE = timedelta(minutes=2)
# A build still running after this long has lost its worker.
BUILD_STALE_AFTER = timedelta(minutes=15)

__all__ = ["IssuedReportError", "Report", "ReportSection", "report_upload_to"]


class IssuedReportError(Exception):
    """Raised on any attempt to change or delete an issued report or its sections."""

    def __init__(self, message: str = "An issued report cannot be changed or deleted; issue a correction instead."):
        super().__init__(message)


def report_upload_to(report: Report | None, filename: str) -> str:
    """A random name: nothing a user typed is ever part of a path on disk."""
    return f"reports/{uuid.uuid4().hex}.pdf"


RAG_CHOICES = [("red", "Red"), ("amber", "Amber"), ("green", "Green")]


class ReportQuerySet(TrackedQuerySet):
    def issued(self) -> ReportQuerySet:
        return self.filter(status=Report.Status.ISSUED)

    def drafts(self) -> ReportQuerySet:
        return self.filter(status=Report.Status.DRAFT)

    def current(self) -> ReportQuerySet:
        """Issued reports no correction has replaced."""
        return self.issued().filter(superseded_by__isnull=True)

    def update(self, **kwargs) -> int:
        if self.filter(status=Report.Status.ISSUED).exists():
            raise IssuedReportError()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=Report.Status.ISSUED).exists():
            raise IssuedReportError()
        return super().delete()


class Report(models.Model):
    class Kind(models.TextChoices):
        CHAIR = "chair_report", "Chair's 3-monthly report to the Minister"
        REVIEW_PACK = "review_pack", "Six-monthly DfE review pack"
        MSCB = "mscb_update", "Safeguarding Board Chair's 3-monthly update"
        LEAD_MEMBER = "lead_member_report", "Lead Member's progress report"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"

    class Build(models.TextChoices):
        IDLE = "idle", "No build requested"
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Building"
        DONE = "done", "Built"
        FAILED = "failed", "Failed"

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    period_start = models.DateField("period from")
    period_end = models.DateField("period to")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    executive_summary = models.TextField("executive summary", blank=True)
    # The author's overall judgement; blank means "as the roll-up says".
    overall_judgement = models.CharField("overall judgement", max_length=10, choices=RAG_CHOICES, blank=True)
    mscb_assessment = models.TextField("assessment of the MSCB update", blank=True)
    next_steps = models.TextField("milestones and what is next", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # On the correcting report: the issued one it replaces. The replaced row is never written again.
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    correction_note = models.TextField("what the correction changes", blank=True)
    # Asked for when a report is issued after the date the notice's duty called for it; printed in it.
    late_reason = models.TextField("why it is issued late", blank=True)

    # Set once, when issued.
    issued_on = models.DateField("issued on", null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pdf_file = models.FileField(upload_to=report_upload_to, max_length=200, blank=True)
    pdf_name = models.CharField("file name", max_length=200, blank=True)
    pdf_size = models.PositiveBigIntegerField(null=True, blank=True)
    pdf_sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    snapshot = models.JSONField(null=True, blank=True, help_text="The data the issued PDF was built from.")

    # The latest draft PDF, rebuilt on request; not part of the record.
    draft_file = models.FileField(upload_to=report_upload_to, max_length=200, blank=True)
    draft_built_at = models.DateTimeField(null=True, blank=True)

    # PDF builds run in the request or on the job queue (reporting/jobs.py); the page polls these.
    build_status = models.CharField(max_length=10, choices=Build.choices, default=Build.IDLE)
    build_final = models.BooleanField(default=False, help_text="The build in progress issues the report.")
    build_error = models.TextField(blank=True)
    build_requested_at = models.DateTimeField(null=True, blank=True)
    build_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    build_job_id = models.CharField(max_length=64, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "build_status",
            "build_error",
            "build_job_id",
            "build_requested_at",
            "build_requested_by",
            "draft_file",
            "draft_built_at",
            "snapshot",
        ]
    )

    class Meta:
        ordering = ["-period_end", "kind", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="report_period_ends_after_start"
            ),
            # One draft of a kind for a period: starting it again opens the one there is.
            models.UniqueConstraint(
                fields=["notice", "kind", "period_start", "period_end"],
                condition=Q(status="draft"),
                name="report_one_draft_per_kind_and_period",
            ),
            # An issued report has everything a recipient needs to check it; a draft has none of it.
            models.CheckConstraint(
                condition=(
                    Q(
                        status="issued",
                        issued_on__isnull=False,
                        issued_at__isnull=False,
                        issued_by__isnull=False,
                        pdf_size__isnull=False,
                        snapshot__isnull=False,
                    )
                    & ~Q(pdf_file="")
                    & ~Q(pdf_name="")
                    & Q(pdf_sha256__regex=r"^[0-9a-f]{64}$")
                )
                | Q(
                    status="draft", issued_on__isnull=True, issued_at__isnull=True, issued_by__isnull=True, pdf_file=""
                ),
                name="report_issued_iff_stored",
            ),
            models.CheckConstraint(condition=~Q(supersedes=models.F("pk")), name="report_not_superseding_itself"),
        ]
        indexes = [
            # The reports list and the schedule read a notice's reports by kind and period.
            models.Index(fields=["notice", "kind", "status", "period_end"], name="report_notice_kind_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report-detail", args=[self.notice_id, self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.period_start.day} {self.period_start:%B %Y} to {self.period_end.day} {self.period_end:%B %Y}"

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_building(self) -> bool:
        return self.build_status in (self.Build.QUEUED, self.Build.RUNNING)

    @property
    def is_stalled(self) -> bool:
        """A build asked for that no worker has started in QUEUE_PATIENCE, or that has run past
        BUILD_STALE_AFTER (its worker died): the page says so, and it may be asked for again."""
        if not self.is_building or self.build_requested_at is None:
            return False
        limit = QUEUE_PATIENCE if self.build_status == self.Build.QUEUED else BUILD_STALE_AFTER
        return timezone.now() - self.build_requested_at >= limit

    @property
    def is_under_way(self) -> bool:
        """A build is queued or running, and not given up on: the page waits for it."""
        return self.is_building and not self.is_stalled

    @property
    def is_issuing(self) -> bool:
        """A final build is queued or running: the draft is frozen until it ends."""
        return self.is_under_way and self.build_final

    def _stored_is_issued(self) -> bool:
        if self.pk is None:
            return False
        return Report._base_manager.filter(pk=self.pk, status=self.Status.ISSUED).exists()

    def save(self, *args, **kwargs) -> None:
        if self._stored_is_issued():
            raise IssuedReportError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_is_issued():
            raise IssuedReportError()
        return super().delete(*args, **kwargs)


class ReportSectionQuerySet(TrackedQuerySet):
    def _touches_issued(self) -> bool:
        return self.filter(report__status=Report.Status.ISSUED).exists()

    def update(self, **kwargs) -> int:
        if self._touches_issued():
            raise IssuedReportError()
        return super().update(**kwargs)

    def delete(self):
        if self._touches_issued():
            raise IssuedReportError()
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        report_ids = {obj.report_id for obj in objs}
        if Report._base_manager.filter(pk__in=report_ids, status=Report.Status.ISSUED).exists():
            raise IssuedReportError()
        return super().bulk_create(objs, *args, **kwargs)


class ReportSection(models.Model):
    """One part of a report's narrative: a measure's section, or a heading of the MSCB update."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    heading = models.CharField(max_length=300)
    judgement = models.CharField("the author's judgement", max_length=10, choices=RAG_CHOICES, blank=True)
    narrative = models.TextField(blank=True)

    objects = ReportSectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="reportsection_unique_position"),
            models.UniqueConstraint(
                fields=["report", "measure"], condition=Q(measure__isnull=False), name="reportsection_one_per_measure"
            ),
        ]

    def __str__(self) -> str:
        return self.heading

    def _report_is_issued(self) -> bool:
        ids = {self.report_id}
        if self.pk is not None:
            ids |= set(ReportSection._base_manager.filter(pk=self.pk).values_list("report_id", flat=True))
        return Report._base_manager.filter(pk__in=ids, status=Report.Status.ISSUED).exists()

    def save(self, *args, **kwargs) -> None:
        if self._report_is_issued():
            raise IssuedReportError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._report_is_issued():
            raise IssuedReportError()
        return super().delete(*args, **kwargs)
