"""The calendar feed itself (its secret address is its only credential), and the person's page
that shows the address, to copy, and resets it."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from audit.models import SecurityEvent
from audit.services import record_event
from calendars import services
from calendars.feed import feed_calendar
from calendars.models import CalendarFeed
from notice_tracker.lib import clock
from notice_tracker.lib.http import AuthenticatedHttpRequest

# A calendar app asks again every hour or so; it may keep the answer for 15 minutes, a shared cache never.
FEED_CACHE_CONTROL = "private, max-age=900"


def feed_address(feed: CalendarFeed) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("calendars:feed", args=[feed.token])


@login_not_required  # calendar apps cannot sign in: the secret in the address stands for the person
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's events; 404 for an address reset since, or a person no longer active."""
    found = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if found is None:
        raise Http404("No calendar at this address.")
    body = feed_calendar(found.user, on=clock.today())
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        body, content_type="text/calendar; charset=utf-8"
    )
    response["ETag"] = etag
    response["Cache-Control"] = FEED_CACHE_CONTROL
    response["Content-Disposition"] = 'inline; filename="notice-tracker.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@login_required
def feed_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "calendars/feed_page.html",
        {"feed": found, "address": feed_address(found) if found else ""},
    )


@require_POST
@login_required
def feed_reset(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make the person's address, or replace it: the old one answers 404 at once."""
    had = CalendarFeed.objects.filter(user=request.user).exists()
    feed = services.feed_reset(user=request.user)
    record_event(
        kind=SecurityEvent.Kind.CALENDAR_FEED_RESET, request=request, obj=feed, detail="reset" if had else "made"
    )
    messages.success(
        request,
        "Your calendar feed address is reset. The old address no longer works: give your calendar app the new one."
        if had
        else "Your calendar feed address is made. Copy it into your calendar app.",
    )
    return redirect("calendars:feed-page")
