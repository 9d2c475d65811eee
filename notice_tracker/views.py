"""Pages that belong to no app: the accessibility statement."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# When the statement was written and last reviewed against the service; change with each review.
STATEMENT_PREPARED_ON = date(2026, 11, 26)
STATEMENT_REVIEWED_ON = date(2026, 11, 26)


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, public so that anyone can read it before they can sign in."""
    return render(
        request,
        "accessibility.html",
        {
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "idle_minutes": settings.SESSION_IDLE_SECONDS // 60,
            "prepared_on": STATEMENT_PREPARED_ON,
            "reviewed_on": STATEMENT_REVIEWED_ON,
        },
    )
