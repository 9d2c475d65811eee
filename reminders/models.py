"""A record of each daily reminder digest sent, so a second run the same day sends nothing again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReminderDigest(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests")
    # The business date the digest was built for (clock.today() or --date), not the wall-clock time.
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now, editable=False)
    item_count = models.PositiveIntegerField()
    body_sha256 = models.CharField("body SHA-256", max_length=64)

    class Meta:
        ordering = ["-sent_on", "user"]
        constraints = [
            # One digest a person a day: the row is claimed before the e-mail goes, so two runs cannot both send.
            models.UniqueConstraint(fields=["user", "sent_on"], name="reminderdigest_one_per_user_per_day"),
            models.CheckConstraint(condition=Q(item_count__gt=0), name="reminderdigest_not_empty"),
        ]

    def __str__(self) -> str:
        return f"Reminders for {self.user} on {self.sent_on:%-d %B %Y}"
