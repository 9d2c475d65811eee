"""Writes for calendar feeds: make a person's secret address, or replace it."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from calendars.models import CalendarFeed


def new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def feed_reset(*, user: User) -> CalendarFeed:
    """The person's feed with a new secret: made on first use, replaced after that (the old address
    stops working at once). Each reset is a history row naming who did it and when."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user, token=new_token())
    feed.token = new_token()
    feed.reset_at = timezone.now()
    feed.resets += 1
    feed.save(update_fields=["token", "reset_at", "resets"])
    return feed
