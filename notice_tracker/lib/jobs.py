"""The job queue: RQ through django-rq when REDIS_URL is set, and nothing at all otherwise.

Work that may wait (PDF builds, refreshing stored positions) asks `queue_enabled()`: without a
queue it runs in the request, so a first run needs nothing but Python.
"""

from __future__ import annotations

from django.conf import settings

QUEUE = "default"


def queue_enabled() -> bool:
    return bool(getattr(settings, "REDIS_URL", "")) and QUEUE in getattr(settings, "RQ_QUEUES", {})


def enqueue(func, *args, **kwargs):
    """Put `func(*args, **kwargs)` on the queue now ("auto" commit mode: callers already run after their commit)."""
    import django_rq  # only when a queue is configured

    return django_rq.get_queue(QUEUE, commit_mode="auto").enqueue(func, *args, **kwargs)
