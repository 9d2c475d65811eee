"""Until a user who must use two-factor has given a code, every page sends them to give one."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.middleware import is_verified

from accounts.twofactor import has_authenticator, must_use_two_factor

# Pages an unverified user may still reach: signing out, and the two-factor pages themselves.
EXEMPT_URL_NAMES = {"logout"}


def two_factor_exempt(view):
    """Mark a view reachable before the second factor (the two-factor pages themselves)."""
    view.two_factor_exempt = True
    return view


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not settings.OTP_REQUIRED or not request.user.is_authenticated or is_verified(request.user):
            return None
        if not getattr(view_func, "login_required", True) or getattr(view_func, "two_factor_exempt", False):
            return None  # public pages (sign-in, accessibility statement) and the two-factor pages
        if request.resolver_match and request.resolver_match.view_name in EXEMPT_URL_NAMES:
            return None
        if not must_use_two_factor(request.user):
            return None
        target = "accounts:two-factor" if has_authenticator(request.user) else "accounts:two-factor-setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
