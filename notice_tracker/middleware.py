"""Small security middleware of our own: response headers, session lifetime, no caching of pages.

Content-Security-Policy is one fixed header with no nonces (no page has inline script), so a
dozen lines here do what django-csp would, without a dependency that Django 6.0's built-in
CSP will replace when the project can move to it.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

Handler = Callable[[HttpRequest], HttpResponse]

SIGNED_IN_AT = "signed_in_at"  # Unix time of sign-in, set by accounts.signals
LAST_SEEN = "last_seen"  # Unix time of the latest request, refreshed at most once a minute
LAST_SEEN_RESOLUTION = 60  # seconds: saving the session on every request would cost a write each time


class LoopbackOnlyMiddleware:
    """With SERVE_OVER_HTTPS=false or OTP_REQUIRED=false in production (LOOPBACK_ONLY), serve only
    connections from this machine. REMOTE_ADDR is the connection's own address, which a remote client
    cannot choose (unlike the Host header that ALLOWED_HOSTS checks)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.LOOPBACK_ONLY and not _is_loopback(request.META.get("REMOTE_ADDR", "")):
            return HttpResponseForbidden(
                "This server runs without HTTPS or two-factor sign-in and answers only this machine.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class DatabaseBusyMiddleware:
    """A write that waited out SQLite's busy timeout (another request held the database) is answered
    409, try again, not 500. Nothing was saved: the transaction that met the lock rolled back."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError) or "database is locked" not in str(exception):
            return None
        response = render(request, "busy.html", status=409)
        response["Retry-After"] = "2"
        return response


class RequestSizeLimitMiddleware:
    """Refuse any request whose body is larger than the largest upload (REQUEST_MAX_BYTES), from its
    Content-Length, before anything reads it. Each upload view also checks its own, smaller limit
    (`upload_size_guarded`); Django's DATA_UPLOAD_MAX_MEMORY_SIZE bounds the non-file fields."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from notice_tracker.lib.uploads import request_length, too_large

        if request_length(request) > settings.REQUEST_MAX_BYTES:
            return too_large(request, limit=settings.REQUEST_MAX_BYTES, what="Uploads")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy, unless a view set a stricter policy itself."""

    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return response


class SessionLifetimeMiddleware:
    """End a session idle for SESSION_IDLE_SECONDS, or older than SESSION_ABSOLUTE_SECONDS.

    Both clocks live in the session itself, so checking them costs no query; `last_seen` is
    written back at most once a minute rather than on every request.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check(request, now=time.time())
        return self.get_response(request)

    def _check(self, request: HttpRequest, *, now: float) -> None:
        session = request.session
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN, signed_in_at)
        if now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
            reason = "You were signed in for the longest time allowed. Sign in again to carry on."
        elif now - last_seen > settings.SESSION_IDLE_SECONDS:
            minutes = settings.SESSION_IDLE_SECONDS // 60
            reason = f"You were signed out after {minutes} minutes without activity. Sign in again to carry on."
        else:
            if now - last_seen >= last_seen_resolution():
                session[LAST_SEEN] = now
            return
        logout(request)
        messages.info(request, reason)


def last_seen_resolution() -> int:
    """How stale `last_seen` may be: a minute, or less under an idle limit short enough for a minute to matter."""
    return min(LAST_SEEN_RESOLUTION, settings.SESSION_IDLE_SECONDS // 10)


def idle_seconds_left(request: HttpRequest, *, now: float) -> int:
    """Seconds until a signed-in session ends for want of activity (as SessionLifetimeMiddleware counts)."""
    session = request.session
    last_seen = session.get(LAST_SEEN, session.get(SIGNED_IN_AT, now))
    return max(0, int(settings.SESSION_IDLE_SECONDS - (now - last_seen)))


class NoStoreMiddleware:
    """Nothing shown to a signed-in user may be kept by a browser or proxy: it is case evidence.

    Every answer to a signed-in user (pages, exports, downloads) is marked no-store unless the
    view chose its own Cache-Control; static files never reach here (WhiteNoise answers first).
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response.headers:
            add_never_cache_headers(response)
        return response
