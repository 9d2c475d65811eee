"""The sign-in page (password, single sign-on or both), its answer to a locked-out username and
address, single sign-on's start and return, and the two-factor pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import requests
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.generic import View
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.middleware import is_verified
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts import services, sso, throttle
from accounts.forms import AuthenticatorCodeForm, RecoveryCodeForm
from accounts.middleware import two_factor_exempt
from accounts.twofactor import has_authenticator, qr_code_svg, readable_secret
from audit.models import SecurityEvent
from audit.services import client_ip, record_event
from notice_tracker.forms import SignInForm
from notice_tracker.lib.http import AuthenticatedHttpRequest

Kind = SecurityEvent.Kind
RECOVERY_CODES_KEY = "new_recovery_codes"  # shown once, then removed from the session


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _check_code(request: AuthenticatedHttpRequest, form: forms.Form, field: str, model: type[Device]) -> Device | None:
    """The user's device of `model` that accepts the code, or None with the reason on the form.

    django-otp's throttling doubles the wait after each wrong code on a device.
    """
    for device in model.objects.filter(user=request.user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed:
            until = timezone.localtime(data.get("locked_until") or timezone.now())
            form.add_error(field, f"Too many wrong codes. Wait until {until:%H:%M:%S}, then try again.")
            return None
        if verify_token(request.user, device.persistent_id, form.cleaned_data[field]):
            return device
    record_event(
        kind=Kind.OTP_FAILED, request=request, detail=f"wrong {str(form.fields[field].label or field).lower()}"
    )
    form.add_error(
        field,
        "That code is not right. Check it and try again."
        if field == "code"
        else "That recovery code is not right, or was used already.",
    )
    return None


@never_cache
@two_factor_exempt
def two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask for a code from the authenticator app, or a recovery code instead."""
    if is_verified(request.user):
        return redirect(_next_url(request))
    if not has_authenticator(request.user):
        return redirect(_with_next("accounts:two-factor-setup", request))
    code_form = AuthenticatorCodeForm(request.POST if "code" in request.POST else None)
    recovery_form = RecoveryCodeForm(request.POST if "recovery_code" in request.POST else None)
    device = None
    if code_form.is_bound and code_form.is_valid():
        device = _check_code(request, code_form, "code", TOTPDevice)
    elif recovery_form.is_bound and recovery_form.is_valid():
        device = _check_code(request, recovery_form, "recovery_code", StaticDevice)
        if device is not None:
            left = device.token_set.count()
            record_event(kind=Kind.RECOVERY_CODE_USED, request=request, detail=f"{left} recovery codes left")
            messages.warning(
                request,
                f"You used a recovery code: {left} left. If you lost your phone, ask an "
                "administrator to reset your two-factor sign-in.",
            )
    if device is not None:
        otp_login(request, device)
        request.session.cycle_key()  # a new session key for the fully signed-in session
        return redirect(_next_url(request))
    return render(
        request,
        "accounts/two_factor.html",
        {
            "code_form": code_form,
            "recovery_form": recovery_form,
            "next": _next_url(request),
            "recovery_open": recovery_form.is_bound,
        },
    )


@never_cache
@two_factor_exempt
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Scan the QR code (or type the key), confirm with a code, then see the recovery codes once."""
    if has_authenticator(request.user):
        return redirect(_with_next("accounts:two-factor", request))
    device = services.authenticator_start(user=request.user)
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verify_token(request.user, device.persistent_id, form.cleaned_data["code"]):
            request.session[RECOVERY_CODES_KEY] = services.authenticator_confirm(device=device)
            otp_login(request, device)
            request.session.cycle_key()
            record_event(kind=Kind.OTP_ENROLLED, request=request)
            return redirect(_with_next("accounts:recovery-codes", request))
        record_event(kind=Kind.OTP_FAILED, request=request, detail="wrong code while setting up")
        form.add_error(
            "code", "That code is not right. Check the app shows Notice Tracker, and enter the code it shows now."
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": qr_code_svg(device),
            "secret": readable_secret(device),
            "next": _next_url(request),
        },
    )


@never_cache
@two_factor_exempt
def recovery_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The new recovery codes, once: reloading the page does not show them again."""
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    if not codes:
        messages.info(request, "Recovery codes are shown only once, when they are made.")
        return redirect(_next_url(request))
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout answer: the sign-in page again, saying how long to wait (HTTP 429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    pause = getattr(request, "sign_in_pause", None)
    if pause is None:  # axes' own lock (not used by our settings, kept as a safe answer)
        pause = throttle.Pause(timezone.now() + settings.SIGN_IN_LONGEST_PAUSE, 15, whole_address=False)
    record_event(kind=Kind.SIGN_IN_LOCKED, request=request, username=str(username), rate_limited=True)
    form = SignInForm(request, initial={"username": username})
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "next": request.POST.get("next", ""),
            "locked_until": timezone.localtime(pause.until),
            "cool_off_minutes": pause.minutes,
            "whole_address": pause.whole_address,
            **sign_in_options(request, request.POST.get("next", "")),
        },
        status=429,
    )


class SetPasswordView(SuccessMessageMixin, auth_views.PasswordResetConfirmView):
    """A new member chooses their password through the single-use link they were e-mailed.

    Django's reset-confirm view: the link expires after PASSWORD_RESET_TIMEOUT and stops working
    once a password is set. Only its holder knows the password, so only they enrol two-factor.
    """

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("login")
    success_message = "Your password is set. Sign in with it now."


@never_cache
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Change one's own password: the old one, then the new one twice, checked by the password rules.

    Other sessions of this user end (their session hash no longer matches); this one carries on.
    """
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, "Your password has been changed. Other browsers signed in as you are signed out.")
        return redirect("measures:notice-list")
    return render(request, "accounts/password_change.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail (the same answer for any address), with links that start with SITE_URL
    rather than whatever Host header the request carried."""

    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        if not throttle.reset_mail_allowed(email=form.cleaned_data["email"], address=client_ip(request=self.request)):
            return redirect(self.get_success_url())  # the same answer; nothing sent (inbox flooding)
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)


def only_with_password_sign_in(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A password page answers 404 where password sign-in is switched off (PASSWORD_SIGN_IN=false)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.PASSWORD_SIGN_IN:
            raise Http404("Password sign-in is switched off here.")
        return view(request, *args, **kwargs)

    return wrapped


def sign_in_options(request: HttpRequest, next_url: str) -> dict[str, object]:
    """What the sign-in page offers: the password form unless switched off, single sign-on when configured."""
    start = reverse("accounts:sso-start")
    return {
        "password_sign_in": settings.PASSWORD_SIGN_IN,
        "sso_url": f"{start}?{urlencode({'next': next_url})}" if next_url else start,
        "sso_enabled": settings.SSO_ENABLED,
    }


class SignInView(auth_views.LoginView):
    """The sign-in page: the password form, the council's single sign-on, or both."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, **sign_in_options(self.request, context.get("next", ""))}

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_SIGN_IN:
            # Refused before any password is read; the 403 is written to the security log.
            messages.error(
                request, "Signing in with a password is switched off here. Sign in with your council account."
            )
            return self.render_to_response(self.get_context_data(), status=403)
        return super().post(request, *args, **kwargs)


class SSOStartView(OIDCAuthenticationRequestView):
    """Off to the council's sign-in service, remembering a safe `next` (the library's check)."""

    get_settings = staticmethod(sso.sso_setting)

    def __init__(self, **kwargs) -> None:
        View.__init__(self, **kwargs)  # the endpoint is read on the way out, not on every request

    @property
    def OIDC_OP_AUTH_ENDPOINT(self) -> str:  # noqa: N802  (the library's attribute names)
        return sso.provider_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:  # noqa: N802
        return settings.OIDC_RP_CLIENT_ID

    def get(self, request, *args, **kwargs):
        if not settings.SSO_ENABLED:
            raise Http404("Single sign-on is not configured")
        try:
            return super().get(request)
        except requests.RequestException as error:
            return _sso_refused(
                request, sso.SignInRefused(f"discovery failed: {type(error).__name__}", sso.UNAVAILABLE)
            )


class SSOCallbackView(OIDCAuthenticationCallbackView):
    """Back from the council's sign-in service: signed in, or back at the sign-in page saying why not."""

    get_settings = staticmethod(sso.sso_setting)

    def get(self, request, *args, **kwargs):
        if not settings.SSO_ENABLED:
            raise Http404("Single sign-on is not configured")
        try:
            return super().get(request)
        except sso.SignInRefused as refusal:
            return _sso_refused(request, refusal)
        except SuspiciousOperation:  # the state is not this browser's, or was spent already
            return _sso_refused(request, sso.SignInRefused("unknown or spent state", sso.TRY_AGAIN))

    def login_failure(self):
        error = self.request.GET.get("error", "")
        if error:
            reason = f"provider answered {error[:60]}"
            message = (
                "Your council's sign-in service did not sign you in"
                + (" (you cancelled, or were not allowed)." if error == "access_denied" else ".")
                + " Start again from this page."
            )
        else:
            reason, message = "callback without a state known to this browser", sso.TRY_AGAIN
        return _sso_refused(self.request, sso.SignInRefused(reason, message))

    def login_success(self):
        # Django's login() gives the session a new key; django-otp keeps the MFA device in it, if any.
        mfa = getattr(self.user, "otp_device", None) is not None
        self.request.sign_in_detail = "single sign-on" + (
            " with the provider's multi-factor authentication" if mfa else ""
        )
        return super().login_success()


def _sso_refused(request: HttpRequest, refusal: sso.SignInRefused) -> HttpResponse:
    record_event(
        kind=Kind.SIGN_IN_FAILED,
        request=request,
        username=refusal.username,
        detail=f"single sign-on refused: {refusal.reason}",
        rate_limited=True,
    )
    messages.error(request, refusal.message)
    return redirect("login")
