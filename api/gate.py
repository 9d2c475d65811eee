"""What every API request passes through before and after its endpoint, whatever the endpoint.

- Only GET: any other method is answered 405 (problem details), before anything else is looked at.
- Who is asking: a personal access token (`Authorization: Bearer ntk_…`), or a signed-in browser
  session that has passed two-factor where it is required. Anyone else gets 401, never a redirect.
- Throttled per token (or per signed-in user): API_THROTTLE_PER_MINUTE requests a minute, then 429.
- Every request made with a token is written to the security log; refused tokens are too
  (rate-limited, as failed sign-ins are).
- ETag on every 200 answer; a matching If-None-Match is answered 304 with no body.

The views are exempt from the site's sign-in redirect and CSRF check: they answer 401 themselves,
and they never change anything (a POST is refused here, whatever it carries).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django_otp import user_has_device
from django_otp.middleware import is_verified

from accounts.twofactor import must_use_two_factor
from api.models import AccessToken
from api.problems import problem
from api.services import Refusal, token_for_secret, token_used
from audit.models import SecurityEvent
from audit.services import record_event
from notice_tracker.lib import clock

View = Callable[..., HttpResponse]
ALLOWED_METHODS = ("GET",)
WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Caller:
    user: User
    token: AccessToken | None


def identify(request: HttpRequest) -> Caller | HttpResponse:
    """The caller, or the 401 problem that says why there is none."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            return problem(request, 401, "Send a personal access token as “Authorization: Bearer ntk_…”.")
        found = token_for_secret(secret.strip(), today=clock.today())
        if isinstance(found, Refusal):
            record_event(
                kind=SecurityEvent.Kind.SIGN_IN_FAILED,
                request=request,
                detail=f"API: {found.reason}",
                rate_limited=True,
            )
            return problem(
                request,
                401,
                "The token is not valid: it is unknown, revoked or expired, or its owner's account is closed.",
            )
        return Caller(user=found.user, token=found)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return problem(request, 401, "Sign in, or send a personal access token as “Authorization: Bearer ntk_…”.")
    if settings.OTP_REQUIRED and must_use_two_factor(user) and not is_verified(user):
        detail = (
            "Finish signing in with your two-factor code first."
            if user_has_device(user)
            else ("Set up two-factor sign-in first.")
        )
        return problem(request, 401, detail)
    return Caller(user=user, token=None)


def over_throttle(caller: Caller) -> int | None:
    """Seconds to wait when the caller has used up its requests, else None.

    A window opens with the caller's first request and lasts a minute (the counter's expiry, which
    counting does not move); the cache is Redis when configured, so every app server counts together.
    """
    key = f"api:throttle:{f't{caller.token.pk}' if caller.token else f'u{caller.user.pk}'}"
    now = time.time()
    cache.add(f"{key}:opened", now, WINDOW_SECONDS)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the window closed between the two calls: this request opens the next
        cache.set(f"{key}:opened", now, WINDOW_SECONDS)
        cache.set(key, count := 1, WINDOW_SECONDS)
    if count > settings.API_THROTTLE_PER_MINUTE:
        opened = cache.get(f"{key}:opened", now)
        return max(1, int(WINDOW_SECONDS - (now - opened)) + 1)
    return None


def with_etag(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """An ETag on a 200 answer (a digest of its body unless the endpoint set one), and 304 for If-None-Match."""
    if response.status_code != 200:
        return response
    if not response.has_header("ETag"):
        if response.streaming:
            return response
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
    return get_conditional_response(request, etag=response["ETag"], response=response) or response


def gated(view: View) -> View:
    """Wrap one of the API's views (see the module's note)."""

    @wraps(view)
    def gate(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method not in ALLOWED_METHODS:
            response = problem(request, 405, "The API is read-only: only GET is allowed.")
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        caller = identify(request)
        if isinstance(caller, HttpResponse):
            return caller
        request.user = caller.user
        wait = over_throttle(caller)
        if wait is not None:
            response = problem(request, 429, f"Too many requests: try again in {wait} seconds.")
            response["Retry-After"] = str(wait)
            return response
        if caller.token is not None:
            token_used(caller.token)
            record_event(
                kind=SecurityEvent.Kind.API_READ,
                request=request,
                user=caller.user,
                obj=caller.token,
                detail=f"API read with token “{caller.token.name}” ({caller.token.hint}…)",
            )
        return with_etag(request, view(request, *args, **kwargs))

    gate.login_required = False  # type: ignore[attr-defined]  # it answers 401 itself (LoginRequiredMiddleware)
    gate.csrf_exempt = True  # type: ignore[attr-defined]  # it refuses every method but GET itself
    return gate
