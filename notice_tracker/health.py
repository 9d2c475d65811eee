"""The load balancer's health check: can this server reach its database, its job queue and its
file store? Public (a load balancer does not sign in), so it says "ok" or "unavailable" for
each part and nothing else: no versions, hosts, paths or error text (those go to the log).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from redis import Redis

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _queue() -> None:
    if not settings.REDIS_URL:
        return  # no queue configured: builds run in the request
    Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()


def _storage() -> None:
    # Write, read back and delete a small file: proves the store is reachable and writable.
    name = default_storage.save(f"health/{uuid.uuid4().hex}", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as file:
            if file.read() != b"ok":
                raise OSError("the file store returned other bytes")
    finally:
        default_storage.delete(name)


CHECKS: dict[str, Callable[[], None]] = {"database": _database, "queue": _queue, "storage": _storage}


@never_cache
@require_GET
@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """200 with every part "ok", or 503 naming the parts "unavailable"."""
    parts = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Health check failed: %s", name)
            parts[name] = "unavailable"
        else:
            parts[name] = "ok"
    healthy = all(state == "ok" for state in parts.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **parts}, status=200 if healthy else 503)
