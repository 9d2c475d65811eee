"""Writing security events. `record_event` is the one way in, for every app."""

from __future__ import annotations

import logging

from django.contrib.auth.models import User
from django.db import models
from django.http import HttpRequest

from audit.models import SecurityEvent
from measures.models import Notice

logger = logging.getLogger("notice_tracker.security")


def client_ip(request: HttpRequest | None) -> str | None:
    """The address as axes sees it (REMOTE_ADDR, or what AXES_CLIENT_IP_CALLABLE says behind a proxy)."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def record_event(
    *,
    kind: str,
    request: HttpRequest | None = None,
    notice: Notice | int | None = None,
    obj: models.Model | None = None,
    detail: str = "",
    user: User | None = None,
    username: str = "",
) -> SecurityEvent:
    """Append one event; the user, address and path come from `request` unless given.

    Inside a transaction the event commits or rolls back with the action it records.
    """
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    event = SecurityEvent(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        ip_address=client_ip(request),
        notice_id=getattr(notice, "pk", notice),
        object_ref=f"{obj._meta.label}:{obj.pk}" if obj is not None else "",
        path=(request.get_full_path() if request is not None else "")[:500],
        detail=detail,
    )
    event.save()
    logger.info("security event %s user=%s ip=%s ref=%s", kind, event.username, event.ip_address, event.object_ref)
    return event
