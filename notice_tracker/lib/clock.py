"""Today's date for every business rule (overdue, RAG, next duty, trends).

A demo of 2014–15 data can pin the date with NOTICE_TRACKER_TODAY so that it reads as it
did at the time; production refuses a pinned date (see settings).
"""

from datetime import date

from django.conf import settings
from django.utils import timezone


def today() -> date:
    return settings.NOTICE_TRACKER_TODAY or timezone.localdate()


def is_pinned() -> bool:
    """Whether today is the pinned demo date rather than the calendar's."""
    return bool(settings.NOTICE_TRACKER_TODAY)
