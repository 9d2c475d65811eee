"""Pages that belong to no app: the accessibility statement, and "Stay signed in"."""

from __future__ import annotations

import time
from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from notice_tracker.middleware import LAST_SEEN, idle_seconds_left

# When the statement was written and last reviewed against the service; change with each review.
STATEMENT_PREPARED_ON = date(2026, 11, 26)
STATEMENT_REVIEWED_ON = date(2026, 12, 1)  # the timeout warning: 2.2.1 no longer fails


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, public so that anyone can read it before they can sign in."""
    return render(
        request,
        "accessibility.html",
        {
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "idle_minutes": settings.SESSION_IDLE_SECONDS // 60,
            "warn_minutes": max(1, settings.SESSION_WARNING_SECONDS // 60),
            "prepared_on": STATEMENT_PREPARED_ON,
            "reviewed_on": STATEMENT_REVIEWED_ON,
        },
    )


@never_cache
@require_POST
def session_refresh(request: HttpRequest) -> JsonResponse:
    """The timeout warning's "Stay signed in" (static/js/session-timeout.js): activity, so the idle
    clock starts again now; answers how long the session now has. Signed-in only, with CSRF."""
    now = time.time()
    request.session[LAST_SEEN] = now
    return JsonResponse({"seconds_left": idle_seconds_left(request, now=now)})
