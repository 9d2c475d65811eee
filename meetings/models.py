"""Improvement Board meetings (notice section 11): when the Board met, who came, what it decided.

The notice requires the Board to meet at least monthly with a DfE official as participant
observer; `meetings.selectors.board_cadence` checks the first from these rows.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions.models import Action
from measures.models import Notice, Organisation
from notice_tracker.lib.fasturls import detail_url
from notice_tracker.lib.history import MovedHistoricalRecords, TrackedQuerySet

__all__ = ["BoardMeeting", "BoardMeetingAttendance", "DfeReview", "minutes_upload_to"]


def minutes_upload_to(meeting: BoardMeeting, filename: str) -> str:
    """A random name: the user's file name is never part of a path on disk."""
    return f"minutes/{meeting.notice_id}/{uuid.uuid4().hex}"


class BoardMeetingQuerySet(TrackedQuerySet):
    def held_by(self, on) -> BoardMeetingQuerySet:
        return self.filter(held_on__lte=on)


class BoardMeeting(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="board_meetings")
    held_on = models.DateField("held on")
    location = models.CharField(max_length=200, blank=True)
    chaired_by = models.CharField("chaired by", max_length=200, blank=True)
    dfe_attended = models.BooleanField("DfE official attended", default=False)
    dfe_attendee_name = models.CharField("DfE official's name", max_length=200, blank=True)
    council_report_received = models.BooleanField(
        "Council's progress report presented",
        default=False,
        help_text="The Council's monthly report to the Board on progress against the plan (notice section 12).",
    )
    minutes_summary = models.TextField("summary of the minutes", blank=True)
    decisions = models.TextField(blank=True)
    actions_arising = models.ManyToManyField(
        Action,
        blank=True,
        related_name="arising_from_meetings",
        verbose_name="actions arising",
        db_table="reports_boardmeeting_actions_arising",
    )
    # The minutes file, checked like evidence files; replaced files stay on disk for the history.
    minutes_file = models.FileField(upload_to=minutes_upload_to, max_length=200, blank=True)
    minutes_name = models.CharField("minutes file name", max_length=255, blank=True)
    minutes_content_type = models.CharField(max_length=100, blank=True)
    minutes_size = models.PositiveBigIntegerField(null=True, blank=True)
    minutes_sha256 = models.CharField("minutes SHA-256", max_length=64, blank=True)
    # Bumped on every write through the services; an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BoardMeetingQuerySet.as_manager()
    # The tables keep the names they had in the reports app, where Board meetings started.
    history = MovedHistoricalRecords(
        m2m_fields=[actions_arising],
        table_name="reports_historicalboardmeeting",
        m2m_table_names={"actions_arising": "reports_historicalboardmeeting_actions_arising"},
    )

    class Meta:
        db_table = "reports_boardmeeting"
        ordering = ["-held_on"]
        constraints = [
            # One Board meeting a day; it is also the natural key the demo loader relies on.
            models.UniqueConstraint(fields=["notice", "held_on"], name="boardmeeting_unique_date"),
            models.CheckConstraint(
                condition=Q(dfe_attended=True) | Q(dfe_attendee_name=""), name="boardmeeting_dfe_name_only_if_attended"
            ),
            models.CheckConstraint(
                condition=(Q(minutes_file="") & Q(minutes_sha256=""))
                | (~Q(minutes_file="") & ~Q(minutes_sha256="") & ~Q(minutes_name="")),
                name="boardmeeting_minutes_checksummed",
            ),
        ]

    def __str__(self) -> str:
        return f"Board meeting of {self.held_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return detail_url("meetings:meeting-detail", self.notice_id, self.pk)

    def get_minutes_url(self) -> str:
        return detail_url("meetings:minutes-download", self.notice_id, self.pk)

    @property
    def has_minutes(self) -> bool:
        return bool(self.minutes_file)


class BoardMeetingAttendance(models.Model):
    """Someone at a meeting: a member of the notice (user set) or a guest named in free text."""

    class Capacity(models.TextChoices):
        MEMBER = "member", "Board member"
        DFE_OBSERVER = "dfe_observer", "DfE observer"
        ADVISER = "adviser", "Adviser"
        OFFICER = "officer", "Officer in attendance"
        GUEST = "guest", "Guest"

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Kept for members too, so the record reads as it did on the day if a name changes later.
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(max_length=20, choices=Capacity.choices, default=Capacity.MEMBER)

    objects = TrackedQuerySet.as_manager()
    history = MovedHistoricalRecords(table_name="reports_historicalboardmeetingattendance")

    class Meta:
        db_table = "reports_boardmeetingattendance"
        ordering = ["meeting", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="boardmeetingattendance_unique_member"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="boardmeetingattendance_named"),
        ]

    def __str__(self) -> str:
        return self.name


class DfeReview(models.Model):
    """A progress review by Department for Education officials (notice section 14): every six
    months until the notice is lifted. Recording one meets that occurrence of the review duty."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "The notice continues"
        AMEND = "amend", "The notice is to be amended"
        RECOMMEND_LIFTING = "recommend_lifting", "Lifting the notice recommended"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="dfe_reviews")
    held_on = models.DateField("held on")
    attendees = models.TextField("who attended", help_text="One a line: name and role or organisation.")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    summary = models.TextField("what the review found", blank=True)
    # Bumped on every write through the services; an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TrackedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = "DfE review"
        constraints = [
            models.UniqueConstraint(fields=["notice", "held_on"], name="dfereview_unique_date"),
        ]

    def __str__(self) -> str:
        return f"DfE review of {self.held_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return detail_url("meetings:review-edit", self.notice_id, self.pk)

    @property
    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]
