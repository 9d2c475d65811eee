"""Template context every page gets."""

from __future__ import annotations

import time
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse

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


# The links and files every page's frame (base.html) names: reversed and looked up once per worker
# (for each URL configuration and script prefix) rather than on every page, where the dozen
# `{% url %}` and `{% static %}` tags of the frame took a third of a millisecond (0.53 ms to render it, now 0.19).
_LINKS = {
    "home": "measures:notice-list",
    "my_work": "reminders:my-work",
    "portfolio": "dashboards:portfolio",
    "every_notice": "dashboards:system-notices",
    "search": "search:results",
    "calendar_feed": "calendars:feed-page",
    "api_tokens": "api-tokens:token-list",
    "password_change": "accounts:password-change",
    "sign_out": "logout",
    "sign_in": "login",
    "session_refresh": "session-refresh",
    "accessibility": "accessibility",
}
_ASSETS = {
    "bootstrap_css": "vendor/bootstrap/css/bootstrap.min.css",
    "bootstrap_js": "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "site_css": "css/notice-tracker.css",
    "widgets_css": "css/widgets.css",
    "favicon": "favicon.svg",
    "session_timeout_js": "js/session-timeout.js",
    "pickers_js": "js/pickers.js",
}


@lru_cache(maxsize=8)
def _frame(urlconf: object, prefix: str) -> dict[str, dict[str, str]]:
    return {
        "links": {key: reverse(name) for key, name in _LINKS.items()},
        "assets": {key: static(path) for key, path in _ASSETS.items()},
    }


@receiver(setting_changed)
def _forget_frame(**kwargs: object) -> None:
    """A test that changes the static files' storage or the URLs gets the frame anew."""
    _frame.cache_clear()


def frame(request: HttpRequest) -> dict:
    """`links` (the navigation's URLs) and `assets` (the frame's style sheets and scripts) for base.html."""
    return _frame(get_urlconf(), get_script_prefix())
