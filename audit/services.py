"""Writing security events. `record_event` is the one way in, for every app."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from audit.models import SecurityEvent
from measures.models import Notice

logger = logging.getLogger("notice_tracker.security")


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's own address, also behind the TLS proxy (TRUSTED_PROXY_COUNT); what axes counts by."""
    if request is None:
        return None
    from notice_tracker.lib.clientip import client_ip as address

    return address(request) or None


def _over_rate(ip_address: str | None, kind: str) -> bool:
    """Failures an attacker can cause at will are logged at most SECURITY_LOG_FAILURES_PER_MINUTE a
    minute per address (and ten times that in all), so they cannot flood the log or the database."""
    limit = settings.SECURITY_LOG_FAILURES_PER_MINUTE
    recent = SecurityEvent.objects.filter(kind=kind, at__gte=timezone.now() - timedelta(minutes=1))
    if recent.filter(ip_address=ip_address).count() >= limit:
        return True
    return recent.count() >= 10 * limit


def record_event(
    *,
    kind: str,
    request: HttpRequest | None = None,
    notice: Notice | int | None = None,
    obj: models.Model | None = None,
    detail: str = "",
    user: User | None = None,
    username: str = "",
    rate_limited: bool = False,
) -> SecurityEvent | None:
    """Append one event; the user, address and path come from `request` unless given.

    Inside a transaction the event commits or rolls back with the action it records. With
    `rate_limited` (failures anyone can cause), nothing is written past the rate cap; None is returned.
    """
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    ip_address = client_ip(request)
    if rate_limited and _over_rate(ip_address, kind):
        logger.warning("security event %s from ip=%s not logged: over the rate cap", kind, ip_address)
        return None
    event = SecurityEvent(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        ip_address=ip_address,
        notice_id=getattr(notice, "pk", notice),
        object_ref=f"{obj._meta.label}:{obj.pk}" if obj is not None else "",
        path=(request.get_full_path() if request is not None else "")[:500],
        detail=detail,
    )
    event.save()
    logger.info("security event %s user=%s ip=%s ref=%s", kind, event.username, event.ip_address, event.object_ref)
    return event
