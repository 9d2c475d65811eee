"""Writes for sign-in: two-factor enrolment and recovery codes, and ending a user's sessions."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ProviderMFADevice

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


@transaction.atomic
def authenticator_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up: the same key until it is confirmed, so a reload
    does not invalidate a QR code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@transaction.atomic
def authenticator_confirm(*, device: TOTPDevice) -> list[str]:
    """Confirm a device whose code was just verified; return fresh recovery codes (shown once)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user_id, confirmed=False).delete()
    return recovery_codes_replace(user=device.user)


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """New single-use recovery codes; any earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def sessions_end(*, user: User) -> int:
    """Delete every live session of `user` at once; returns how many were ended.

    The database session store keeps no user column, so live sessions are decoded to find the
    user's: a scan of the sessions that have not expired, run only when a user is deactivated.
    """
    ended = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


PROVIDER_MFA_NAME = "Council sign-in with multi-factor authentication"


def provider_mfa_device(*, user: User) -> ProviderMFADevice:
    """The device that stands for the council's provider's MFA for `user` (made on first use)."""
    device, _ = ProviderMFADevice.objects.get_or_create(
        user=user, defaults={"name": PROVIDER_MFA_NAME, "confirmed": True}
    )
    return device
