"""Template context every page gets."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest

from notice_tracker.middleware import idle_seconds_left


def sign_in(request: HttpRequest) -> dict:
    """Whether people here have passwords at all (PASSWORD_SIGN_IN=false: single sign-on only)."""
    return {"password_sign_in": settings.PASSWORD_SIGN_IN}


def session_timeout(request: HttpRequest) -> dict:
    """For a signed-in page: seconds until the session's idle limit, and how long before it to warn.

    Read from the session itself (`last_seen`), not from the moment the page was made: the server
    may have counted the last activity up to a minute earlier (notice_tracker/middleware.py).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_timeout": {
            "seconds_left": idle_seconds_left(request, now=time.time()),
            "warn_seconds": min(settings.SESSION_WARNING_SECONDS, settings.SESSION_IDLE_SECONDS),
        }
    }
