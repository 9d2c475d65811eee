"""Writes the dashboard makes: remembering when a member last looked at a notice."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import User

from dashboards.models import NoticeVisit
from measures.models import Notice

# Reloading the dashboard, or coming back to it within this long, is the same sitting:
# "since you last looked" keeps counting from the visit before it.
SAME_SITTING = timedelta(minutes=30)
# A view this soon after the last one changes nothing worth a write (each write is a commit).
UNCHANGED = timedelta(minutes=1)


def notice_visit_record(*, user: User, notice: Notice, at: datetime) -> datetime | None:
    """Record a view of the notice's dashboard at `at`; return when the member last looked before this sitting."""
    visit = NoticeVisit.objects.filter(user=user, notice=notice).first()
    if visit is None:
        NoticeVisit.objects.create(user=user, notice=notice, last_seen_at=at)
        return None
    if at - visit.last_seen_at < UNCHANGED:
        return visit.previous_seen_at
    if at - visit.last_seen_at > SAME_SITTING:
        visit.previous_seen_at = visit.last_seen_at
    visit.last_seen_at = max(at, visit.last_seen_at)
    visit.save(update_fields=["previous_seen_at", "last_seen_at"])
    return visit.previous_seen_at
