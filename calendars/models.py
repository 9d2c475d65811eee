"""A person's calendar feed: the secret address their calendar app reads (calendars/feed.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class CalendarFeed(models.Model):
    """One feed per person. The token is the address's secret, and the only credential a calendar
    app has: 43 URL-safe characters from `secrets` (256 bits), unguessable. It is kept as it is,
    not hashed, so that the person's page can show the address again to copy; resetting it
    (services.feed_reset) replaces it, and the old address answers 404 from then on.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    reset_at = models.DateTimeField(default=timezone.now)
    resets = models.PositiveIntegerField(default=0)

    # Who made or reset the feed, and when (the request's user, through simple_history's
    # middleware). The secret itself stays out of the history: an old one must not linger anywhere.
    history = HistoricalRecords(excluded_fields=["token"])

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
