"""Evidence that the notice's requirements are being met: items, their file revisions, their reviews.

An item is the thing the Board judges; its file may be replaced by a later version, which is a
new `EvidenceRevision` (earlier revisions stay, with their SHA-256). Each decision the Chair
takes is an `EvidenceReview` that names the revision it was about.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions.models import Action
from measures.models import Notice, Organisation, Requirement
from notice_tracker.lib.fasturls import detail_url
from notice_tracker.lib.history import TrackedQuerySet
from notice_tracker.lib.search_document import SearchFields, search_document

# Only web links: a `file:`, `javascript:` or `ftp:` link is refused.
http_url = URLValidator(schemes=["http", "https"], message="Enter a web address starting with http:// or https://.")


class EvidenceQuerySet(TrackedQuerySet):
    def accepted(self) -> EvidenceQuerySet:
        return self.filter(review_status=EvidenceItem.Status.ACCEPTED)

    def unrestricted(self) -> EvidenceQuerySet:
        return self.filter(restricted=False)


class EvidenceItem(models.Model):
    SEARCH_FIELDS: SearchFields = {"A": ("title",), "B": ("description",)}

    class Kind(models.TextChoices):
        CASE_FILE_AUDIT = "case_file_audit", "Case-file audit"
        MULTI_AGENCY_AUDIT = "multi_agency_audit", "Multi-agency audit"
        PRACTICE_OBSERVATION = "practice_observation", "Practice observation"
        CHILD_FAMILY_FEEDBACK = "child_family_feedback", "Child or family feedback"
        PARTNER_FEEDBACK = "partner_feedback", "Partner feedback"
        MINUTES = "minutes", "Minutes"
        POLICY = "policy", "Policy or strategy"
        TRAINING_RECORD = "training_record", "Training record"
        PERFORMANCE_REPORT = "performance_report", "Performance report"
        DATASET = "dataset", "Dataset"
        OTHER = "other", "Other"

    class Nature(models.TextChoices):
        QUALITATIVE = "qualitative", "Qualitative"
        QUANTITATIVE = "quantitative", "Quantitative"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted, awaiting review"
        ACCEPTED = "accepted", "Accepted"
        MORE_NEEDED = "more_needed", "More needed"
        REJECTED = "rejected", "Rejected"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="evidence_items")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    nature = models.CharField(max_length=20, choices=Nature.choices)
    covers_from = models.DateField(
        "covers from", help_text="The date the evidence covers, or the first day of the period."
    )
    covers_to = models.DateField(
        "covers to", null=True, blank=True, help_text="The last day of the period, if it covers one."
    )
    link = models.URLField(max_length=1000, blank=True, validators=[http_url])
    requirements = models.ManyToManyField(Requirement, blank=True, related_name="evidence_items")
    actions = models.ManyToManyField(Action, blank=True, related_name="evidence_items")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence_items"
    )
    # The upload time is a record, separate from the period the evidence covers: never edited.
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    restricted = models.BooleanField(
        default=False,
        help_text="Holds personal data: only your organisation, the Chair and administrators can see it.",
    )
    review_status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    # The revision whose file is current; null for an item that is only a link.
    current_revision = models.ForeignKey(
        "EvidenceRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bumped on every write through the services; an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    search_document = search_document(SEARCH_FIELDS)

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[requirements, actions], excluded_fields=["search_document"])

    class Meta:
        ordering = ["-covers_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(covers_to__isnull=True) | Q(covers_to__gte=F("covers_from")),
                name="evidence_period_ends_after_start",
            ),
        ]
        indexes = [
            # The evidence list filters a notice's items by review status, newest period first.
            models.Index(fields=["notice", "review_status", "-covers_from"], name="evidence_notice_status"),
            # The list's default order within a notice (Meta.ordering): a page is read from the index.
            models.Index(fields=["notice", "-covers_from", "-id"], name="evidence_notice_newest"),
            # The review queue, longest waiting first: the dashboard reads its first few and stops.
            models.Index(
                fields=["notice", "submitted_at", "id"],
                name="evidence_awaiting_oldest",
                condition=Q(review_status="submitted"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return detail_url("evidence:item-detail", self.notice_id, self.pk)

    def earlier_revisions(self) -> models.QuerySet[EvidenceRevision]:
        """The versions before the current one: what an opened item's earlier files may still hold."""
        revisions = self.revisions.order_by("number")
        return revisions.exclude(pk=self.current_revision_id) if self.current_revision_id else revisions


def evidence_upload_to(revision: EvidenceRevision, filename: str) -> str:
    """A random name: the user's file name is never part of a path on disk."""
    return f"evidence/{revision.item.notice_id}/{uuid.uuid4().hex}"


class EvidenceRevision(models.Model):
    """One uploaded version of an item's file. The file never changes once stored; who may
    download it may (see evidence.access.revision_downloadable)."""

    class Visibility(models.TextChoices):
        ITEM = "item", "As the item"
        RESTRICTED = "restricted", "Kept restricted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    # An earlier version may hold what a later one redacts: it can be kept restricted when the
    # item is opened, or withdrawn from everyone. The current version always follows the item.
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.ITEM)

    objects = TrackedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="evidencerevision_unique_number"),
            models.CheckConstraint(condition=Q(size__gt=0), name="evidencerevision_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (revision {self.number})"

    def get_download_url(self) -> str:
        return reverse("evidence:revision-download", args=[self.item.notice_id, self.item_id, self.number])


class EvidenceReview(models.Model):
    """A reviewer's decision on an item, as it stood at one revision."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accept"
        MORE_NEEDED = "more_needed", "Ask for more"
        REJECTED = "rejected", "Reject"

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="reviews")
    revision = models.ForeignKey(
        EvidenceRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    # The item's version when decided: says exactly which state of title, links and file was judged.
    item_version = models.PositiveIntegerField()
    decision = models.CharField(max_length=20, choices=Decision.choices)
    note = models.TextField(blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TrackedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "-decided_at", "-pk"]
        constraints = [
            # Asking for more or rejecting without saying why leaves the submitter nothing to act on.
            models.CheckConstraint(
                condition=Q(decision="accepted") | ~Q(note=""), name="evidencereview_note_unless_accepted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.reviewer} on {self.decided_at:%-d %B %Y}"


class CoverageCount(models.Model):
    """How many accepted items back a requirement, by kind and by who may see them: the coverage matrix's cells.

    Derived data, kept by `evidence.coverage_counts` (rebuilt for a notice whenever a write to
    its evidence commits), so the matrix reads a few hundred small rows rather than counting
    every accepted item on each view. The columns are the ones `evidence.access.visibility_filter`
    reads, so the same filter picks the counts a member may see: `submitted_by` is kept for
    restricted items only (it decides who else may see them) and is empty otherwise.
    """

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="+")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    nature = models.CharField(max_length=20, choices=EvidenceItem.Nature.choices)
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.CASCADE, related_name="+")
    restricted = models.BooleanField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    items = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["notice", "requirement"], name="coveragecount_notice")]

    def __str__(self) -> str:
        return f"{self.requirement_id} {self.nature}: {self.items}"
