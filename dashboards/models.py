"""Dashboard visits: when a member last opened a notice's dashboard, for "what changed since you last looked"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from measures.models import Notice


class NoticeVisit(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_visits")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="visits")
    last_seen_at = models.DateTimeField()
    # The visit before the latest: what "since you last looked" counts from while the page is read.
    previous_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "measures_noticevisit"  # the table it had in the measures app
        constraints = [
            models.UniqueConstraint(fields=["user", "notice"], name="noticevisit_one_per_user_notice"),
            models.CheckConstraint(
                condition=Q(previous_seen_at__isnull=True) | Q(previous_seen_at__lte=models.F("last_seen_at")),
                name="noticevisit_previous_before_last",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} last saw {self.notice_id} at {self.last_seen_at}"
